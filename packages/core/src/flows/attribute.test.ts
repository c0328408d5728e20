// Tests for enrichment and attribution: ends resolved by address or name, verdicts, and drift both ways.
import { dbIngressFrom, engineOf, shopPod } from "./flows.testkit.js";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { attributeFlow, Attributor } from "./attribute.js";
import type { Flow, FlowEnd } from "./flow.js";

const engine = engineOf([
  shopPod("web-7d9f8b-x2k4q", "web", "10.0.0.1"),
  shopPod("db-0", "db", "10.0.0.2"),
  dbIngressFrom("web"),
  {
    apiVersion: "projectcalico.org/v3",
    kind: "GlobalNetworkSet",
    metadata: { name: "partners", labels: { kind: "partner" } },
    spec: { nets: ["198.51.100.0/24"] },
  },
]);

const flow = (src: FlowEnd, dst: FlowEnd, extra: Partial<Flow> = {}): Flow => ({
  start: 0,
  end: 0,
  src,
  dst,
  protocol: 6,
  count: 1,
  origin: { format: "netward-jsonl" },
  ...extra,
});

describe("attributeFlow", () => {
  it("resolves ends by address and agrees with a report that matches the model", () => {
    const a = attributeFlow(
      engine,
      flow({ ip: "10.0.0.1" }, { ip: "10.0.0.2", port: 5432 }, { action: "allow", reporter: "dst" }),
    );
    expect([a.src.kind, a.src.name, a.dst.kind, a.dst.name]).toEqual([
      "pod",
      "shop/web-7d9f8b-x2k4q",
      "pod",
      "shop/db-0",
    ]);
    expect(a.enforced?.verdict).toBe("allow");
    expect(a.drift).toBeUndefined();
  });

  it("finds drift both ways: reported allow where the model denies, and reported deny where it allows", () => {
    const allowed = attributeFlow(
      engine,
      flow({ ip: "10.0.0.1" }, { ip: "10.0.0.2", port: 22 }, { action: "allow", reporter: "dst" }),
    );
    expect(allowed.drift).toEqual({ reported: "allow", model: "deny", side: "ingress" });
    expect(allowed.enforced?.ingress.hits.at(-1)).toMatchObject({ ruleIndex: -1, action: "deny" });
    const denied = attributeFlow(
      engine,
      flow({ ip: "10.0.0.1" }, { ip: "10.0.0.2", port: 5432 }, { action: "deny", reporter: "dst" }),
    );
    expect(denied.drift).toEqual({ reported: "deny", model: "allow", side: "ingress" });
    const egress = attributeFlow(
      engine,
      flow({ ip: "10.0.0.1" }, { ip: "10.0.0.2", port: 22 }, { action: "allow", reporter: "src" }),
    );
    expect(egress.drift).toBeUndefined();
  });

  it("resolves aggregated names, network sets and outside addresses, and says when it cannot evaluate", () => {
    const byName = attributeFlow(
      engine,
      flow(
        { name: "web-7d9f8b-*", namespace: "shop", type: "wep" },
        { name: "db-0", namespace: "shop", type: "wep", port: 5432 },
      ),
    );
    expect([byName.src.kind, byName.src.name, byName.enforced?.verdict]).toEqual([
      "workload",
      "shop/web-7d9f8b-*",
      "allow",
    ]);
    const partner = attributeFlow(engine, flow({ ip: "198.51.100.7" }, { ip: "10.0.0.2", port: 5432 }));
    expect([partner.src.kind, partner.src.name, partner.enforced?.verdict]).toEqual([
      "networkset",
      "partners",
      "deny",
    ]);
    const outside = attributeFlow(engine, flow({ ip: "8.8.8.8" }, { ip: "10.0.0.2", port: 5432 }));
    expect(outside.src.kind).toBe("external");
    const unknown = attributeFlow(engine, flow({ name: "pub", type: "net" }, { ip: "10.0.0.2", port: 5432 }));
    expect(unknown.unattributed).toBe(
      "the record keeps no address for the source, only that it is public (pub); ingest with a lower aggregation level to attribute it",
    );
    expect(unknown.enforced).toBeUndefined();
    const set = attributeFlow(engine, flow({ ip: "10.0.0.1" }, { name: "partners", type: "ns" }));
    expect(set.unattributed).toBe(
      "the destination is the network set partners, which stands for many addresses; the record keeps none",
    );
    const node = attributeFlow(engine, flow({ name: "node-a-eth0", type: "hep" }, { ip: "10.0.0.2" }));
    expect(node.unattributed).toBe(
      "the source is the host endpoint node-a-eth0, which is not in the manifests, and the record has no address",
    );
    const gone = attributeFlow(engine, flow({ ip: "10.0.0.1" }, { name: "old-db-0", namespace: "shop" }));
    expect(gone.unattributed).toBe(
      "the destination has no address and no name the manifests know (shop/old-db-0)",
    );
  });

  it("gives, through the memoising Attributor, exactly what attributeFlow gives, with and without source-port rules", () => {
    const withSourcePorts = engineOf([
      shopPod("web-7d9f8b-x2k4q", "web", "10.0.0.1"),
      shopPod("db-0", "db", "10.0.0.2"),
      {
        apiVersion: "projectcalico.org/v3",
        kind: "GlobalNetworkPolicy",
        metadata: { name: "low-source-ports" },
        spec: {
          selector: "app == 'db'",
          ingress: [{ action: "Deny", protocol: "TCP", source: { ports: ["1:1023"] } }, { action: "Allow" }],
        },
      },
    ]);
    const end = fc.oneof(
      fc.record({
        ip: fc.constantFrom("10.0.0.1", "10.0.0.2", "8.8.8.8"),
        port: fc.constantFrom(22, 5432, 40000),
      }),
      fc.record({
        name: fc.constantFrom("web-7d9f8b-*", "db-0"),
        namespace: fc.constant("shop"),
        port: fc.constantFrom(22, 40000),
      }),
    );
    const flows = fc.record({
      src: end,
      dst: end,
      protocol: fc.constantFrom(6, 17, 1),
      action: fc.constantFrom("allow" as const, "deny" as const),
      reporter: fc.constantFrom("src" as const, "dst" as const),
    });
    for (const e of [engine, withSourcePorts]) {
      const memo = new Attributor(e, 50);
      fc.assert(
        fc.property(fc.array(flows, { minLength: 1, maxLength: 30 }), (list) => {
          for (const f of list) {
            const full = flow(f.src, f.dst, { protocol: f.protocol, action: f.action, reporter: f.reporter });
            expect(memo.attribute(full)).toEqual(attributeFlow(e, full));
          }
        }),
        { numRuns: 60 },
      );
    }
  });
});
