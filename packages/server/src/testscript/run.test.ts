// Tests for the test-script runner on small clusters written to a temporary folder.
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runTestScript, type CompileCache } from "./run.js";

const cluster = `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {nodeName: n1, containers: [{name: c, image: i}]}
status: {podIP: 10.0.0.2}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop, labels: {app: client}}
spec: {nodeName: n1, containers: [{name: c, image: i}]}
status: {podIP: 10.0.0.1}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-80, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{ports: [{port: 80}]}]
`;

const extra = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-443, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{ports: [{port: 443}]}]
`;

let dir = "";
const script = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "netward-run-"));
  mkdirSync(join(dir, "cluster"));
  writeFileSync(join(dir, "cluster", "cluster.yaml"), cluster);
  writeFileSync(join(dir, "extra.yaml"), extra);
  writeFileSync(
    join(dir, "broken.yaml"),
    "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata: {name: x}\nspec: {nets: [300.1.1.1/32]}\n",
  );
});

describe("runTestScript", () => {
  it("checks each assertion against the loads above it, relative to the script", async () => {
    const file = script(
      "a.nwt",
      [
        "load cluster",
        "allow shop/client -> shop/web tcp/80 by default|shop/web-80|0",
        "deny shop/client -> shop/web tcp/443",
        "allow shop/client -> shop/web tcp/443",
        "load extra.yaml",
        "allow shop/client -> shop/web tcp/443 by default|shop/web-443|0",
      ].join("\n"),
    );
    const r = await runTestScript(file);
    expect(r.scriptIssues).toEqual([]);
    expect(r.loadErrors).toEqual([]);
    expect(r.assertions.map((a) => [a.step.line, a.pass])).toEqual([
      [2, true],
      [3, true],
      [4, false],
      [6, true],
    ]);
    expect(r.assertions[2]!.verdict?.ingress.verdict).toBe("deny");
  });

  it("fails an assertion on an unknown endpoint with a did-you-mean", async () => {
    const r = await runTestScript(script("b.nwt", "load cluster\nallow shop/clint -> shop/web tcp/80\n"));
    expect(r.assertions[0]).toMatchObject({
      pass: false,
      error: expect.stringContaining("shop/client") as unknown,
    });
  });

  it("reports load errors once and still evaluates", async () => {
    const r = await runTestScript(
      script(
        "c.nwt",
        "load cluster\nload broken.yaml\nallow shop/client -> shop/web tcp/80\ndeny shop/client -> shop/web tcp/81\n",
      ),
    );
    expect(r.loadErrors.map((i) => i.code)).toEqual(["invalid-cidr"]);
    expect(r.assertions.map((a) => a.pass)).toEqual([true, true]);
  });

  it("does not run a script with syntax errors", async () => {
    const r = await runTestScript(
      script(
        "d.nwt",
        "load cluster\nalow shop/client -> shop/web tcp/80\nallow shop/client -> shop/web tcp/80\n",
      ),
    );
    expect(r.scriptIssues).toMatchObject([{ code: "script-syntax", line: 2, fix: "write allow" }]);
    expect(r.assertions).toEqual([]);
  });

  it("reports a script it cannot read", async () => {
    const r = await runTestScript(join(dir, "missing.nwt"));
    expect(r.scriptIssues).toMatchObject([{ code: "read-error", severity: "error" }]);
  });

  it("compiles each load set once per Calico version", async () => {
    const cache: CompileCache = new Map();
    const text = "load cluster\nallow shop/client -> shop/web tcp/80\n";
    await runTestScript(script("e.nwt", text), cache);
    await runTestScript(script("f.nwt", text + "deny shop/client -> shop/web tcp/22\n"), cache);
    expect(cache.size).toBe(1);
    await runTestScript(script("g.nwt", `option calico-version v3.32\n${text}`), cache);
    expect(cache.size).toBe(2);
  });
});
