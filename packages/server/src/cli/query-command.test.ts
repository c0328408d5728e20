// End-to-end tests of `netward query policies-for` and `netward query endpoints-for`.
import { describe, expect, it } from "vitest";
import { netward } from "./cli.testkit.js";

describe("netward query", () => {
  it("lists the policies of an endpoint in evaluation order", () => {
    const r = netward(["query", "policies-for", "shop-data/orders-db", "examples/shop"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "  ingress:\n    tier default (order 1000000, end of tier: Deny)\n      1. KubernetesNetworkPolicy shop-data/allow-orders-db-ingress (order 1000)\n      2. KubernetesNetworkPolicy shop-data/default-deny-all (order 1000)\n",
    );
    expect(r.stdout).toContain("  then profiles: kns.shop-data, ksa.shop-data.orders-db\n");
  });

  it("writes JSON and marks host endpoint policy flags", () => {
    const r = netward([
      "query",
      "policies-for",
      "hep:bm-worker-01/bm-worker-01-eth0",
      "examples/hosts",
      "-o",
      "json",
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { ingress: { policies: { name: string; preDNAT: boolean }[] }[] };
    const names = out.ingress.flatMap((t) => t.policies.filter((p) => p.preDNAT).map((p) => p.name));
    expect(names).toContain("nodeports-restrict");
  });

  it("lists the endpoints a policy selects", () => {
    const r = netward(["query", "endpoints-for", "shop/default-deny-all", "examples/shop"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "KubernetesNetworkPolicy shop/default-deny-all (tier default) selects 5 endpoints:\n  shop/checkout-api\n  shop/debug-toolbox\n  shop/promo-banner\n  shop/sms-bridge\n  shop/storefront\n",
    );
  });

  it("exits 2 for unknown endpoints and policies", () => {
    expect(netward(["query", "policies-for", "shop/storefrnt", "examples/shop"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("did you mean shop/storefront?") as string,
    });
    expect(netward(["query", "endpoints-for", "shop/nope", "examples/shop"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("no policy shop/nope") as string,
    });
  });
});

describe("netward query who-can-reach and reachable-from", () => {
  const reachJSON = (args: string[]) =>
    (
      JSON.parse(netward(["reach", "examples/shop", "-o", "json", ...args]).stdout) as {
        connections: unknown[];
      }
    ).connections;

  it("lists who may connect to an endpoint, as reach does for it", () => {
    const r = netward(["query", "who-can-reach", "shop-data/orders-db", "examples/shop"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        "3 ends may connect to shop-data/orders-db:",
        "  shop-data/orders-db-migrate [Job] : TCP 5432",
        "  shop-data/orders-db-backup [CronJob] : TCP 5432",
        "  shop/checkout-api [Deployment] : TCP 5432",
        "",
      ].join("\n"),
    );
    const json = JSON.parse(
      netward(["query", "who-can-reach", "shop-data/orders-db", "examples/shop", "-o", "json"]).stdout,
    ) as { connections: { src: unknown; conns: unknown }[] };
    const viaReach = reachJSON(["--focus", "shop-data/orders-db", "--direction", "ingress"]) as {
      src: unknown;
      conns: unknown;
    }[];
    expect(json.connections).toEqual(viaReach.map((c) => ({ src: c.src, conns: c.conns })));
  });

  it("lists where an endpoint may connect, filtered by port, and answers for addresses", () => {
    const r = netward(["query", "reachable-from", "shop/checkout-api", "examples/shop", "--port", "tcp/443"]);
    expect(r.stdout).toBe("1 end shop/checkout-api may connect to:\n  203.0.113.0-203.0.113.127 : TCP 443\n");
    const fromOutside = netward(["query", "who-can-reach", "203.0.113.5", "examples/shop", "--no-external"]);
    expect(fromOutside.code).toBe(0);
    expect(fromOutside.stdout).toMatch(/^\d+ ends may connect to 203\.0\.113\.5:\n/);
    expect(netward(["query", "who-can-reach", "shop/nope", "examples/shop"]).code).toBe(2);
  });
});
