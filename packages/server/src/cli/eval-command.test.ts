// End-to-end tests of `netward eval` and `netward explain`: the JSON contract, exit codes and input errors.
import { describe, expect, it } from "vitest";
import { netward } from "./cli.testkit.js";

const shop = ["examples/shop"];
const flow = (from: string, to: string, port: string) => ["--from", from, "--to", to, "--port", port];

describe("netward eval", () => {
  it("prints the DESIGN.md JSON contract and exits 0 on allow", () => {
    const r = netward([
      "eval",
      ...shop,
      ...flow("shop/storefront", "shop/checkout-api", "tcp/9090"),
      "-o",
      "json",
    ]);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout) as {
      verdict: string;
      egress: { verdict: string; hits: object[] };
      ingress: { verdict: string; hits: object[] };
      flowLog: { ingress: string[] };
    };
    expect(v.verdict).toBe("allow");
    expect(v.ingress.hits).toEqual([
      {
        tier: "default",
        kind: "KubernetesNetworkPolicy",
        namespace: "shop",
        name: "allow-checkout-api-ingress",
        ruleIndex: 0,
        action: "allow",
      },
    ]);
    expect(v.flowLog.ingress).toEqual(["0|default|shop/knp.default.allow-checkout-api-ingress|allow|0"]);
  });

  it("exits 1 on deny and lists the policies behind an end-of-tier deny", () => {
    const r = netward(["eval", ...shop, ...flow("shop/storefront", "shop-data/orders-db", "tcp/5432")]);
    expect(r.code).toBe(1);
    const v = JSON.parse(r.stdout) as {
      verdict: string;
      ingress: { hits: { ruleIndex: number; selectedBy: { name: string }[] }[] };
    };
    expect(v.verdict).toBe("deny");
    const last = v.ingress.hits.at(-1)!;
    expect(last.ruleIndex).toBe(-1);
    expect(last.selectedBy.map((p) => p.name)).toEqual(["allow-orders-db-ingress", "default-deny-all"]);
  });

  it("explains in plain words", () => {
    const r = netward(["explain", ...shop, ...flow("shop/storefront", "shop-data/orders-db", "tcp/5432")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("shop/storefront -> shop-data/orders-db tcp/5432: DENY");
    expect(r.stdout).toContain(
      "tier default: no rule matched -> Deny (end of tier; policies that selected it: Kubernetes policy shop-data/allow-orders-db-ingress, Kubernetes policy shop-data/default-deny-all)",
    );
  });

  it.each([
    [flow("shop/storefrnt", "shop/checkout-api", "tcp/9090"), "did you mean shop/storefront?"],
    [flow("shop/storefront", "shop/checkout-api", "tcp/http"), "tcp needs a port 1-65535"],
    [flow("storefront", "shop/checkout-api", "tcp/80"), "is not an endpoint"],
    [["--from", "shop/storefront", "--port", "tcp/80"], "--to is required"],
    [flow("10.0.0.1", "2001:db8::1", "tcp/80"), "different IP families"],
  ])("exits 2 with a one-line error for bad input %#", (args, message) => {
    const r = netward(["eval", ...shop, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe("");
  });

  it("refuses to answer from manifests with errors", () => {
    const r = netward(["eval", "examples/broken", ...flow("lab/web", "lab/api", "tcp/80")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the manifests have \d+ errors; a verdict would be wrong/);
  });
});
