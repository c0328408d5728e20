// End-to-end tests of `netward test`: the report, the summary line and the exit codes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { netward, repoRoot } from "./cli.testkit.js";

const cluster = `
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {nodeName: n1, containers: [{name: c, image: i}]}
status: {podIP: 10.0.0.2}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  selector: app == "web"
  ingress: [{action: Allow, protocol: TCP, destination: {ports: [80]}}]
`;

let dir = "";
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "netward-test-cmd-"));
  file("cluster.yaml", cluster);
});

describe("netward test", () => {
  it("exits 0 and prints only the summary when every assertion passes", () => {
    const ok = file("ok.nwt", "load cluster.yaml\nallow 10.9.9.9 -> shop/web tcp/80 by default|shop/web|0\n");
    const r = netward(["test", ok]);
    expect(r).toMatchObject({ code: 0, stdout: "1 passed, 0 failed\n", stderr: "" });
  });

  it("exits 1 with a diff-style block per failure", () => {
    const bad = file(
      "bad.nwt",
      "load cluster.yaml\n\n# expects the wrong thing\ndeny 10.9.9.9 -> shop/web tcp/80 by default|shop/web|0\nallow 10.9.9.9 -> shop/web tcp/81\n",
    );
    const r = netward(["test", bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        `FAIL ${bad}:4  deny 10.9.9.9 -> shop/web tcp/80 by default|shop/web|0`,
        "  expected  deny by default|shop/web|0",
        "  actual    allow",
        "            egress  allow  no policy (not a Calico endpoint: no policy applies)",
        "            ingress allow  default|shop/web rule 0",
        `FAIL ${bad}:5  allow 10.9.9.9 -> shop/web tcp/81`,
        "  expected  allow",
        "  actual    deny",
        "            egress  allow  no policy (not a Calico endpoint: no policy applies)",
        "            ingress deny   default|shop/web end of tier (selected by shop/web)",
        "0 passed, 2 failed",
        "",
      ].join("\n"),
    );
  });

  it("exits 2 on a script with syntax errors, and still runs the others", () => {
    const ok = file("ok2.nwt", "load cluster.yaml\nallow 10.9.9.9 -> shop/web tcp/80\n");
    const broken = file("broken.nwt", "load cluster.yaml\nallow 10.9.9.9 -> shop/web tcp:80\n");
    const r = netward(["test", ok, broken]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(
      `ERROR ${broken}  the script cannot run\n  ${broken}:2:28  script-syntax  "tcp:80": unknown protocol`,
    );
    expect(r.stdout).toContain("    fix: write tcp/80\n");
    expect(r.stdout).toMatch(/\n1 passed, 1 failed\n$/);
  });

  it("exits 2 on a script it cannot read", () => {
    const r = netward(["test", join(dir, "nope.nwt")]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`ERROR ${join(dir, "nope.nwt")}  the script cannot run\n`);
    expect(r.stdout).toContain("read-error  cannot read the test script");
  });

  it("searches folders for scripts and reports a folder without any", () => {
    const r = netward(["test", "semantics/order-and-ties"]);
    expect(r.stdout).toMatch(/^\d+ passed, 0 failed\n$/);
    const empty = netward(["test", "examples/broken"]);
    expect(empty).toMatchObject({ code: 2, stderr: "error: no .nwt test scripts under examples/broken\n" });
  });

  it("colours the report when forced", () => {
    const bad = file("colour.nwt", "load cluster.yaml\ndeny 10.9.9.9 -> shop/web tcp/80\n");
    const bin = join(repoRoot, "packages/server/bin/netward.js");
    const r = spawnSync(process.execPath, [bin, "test", bad], {
      encoding: "utf8",
      env: { ...process.env, FORCE_COLOR: "1" },
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("\u001b[31m");
  });
});
