// Tests for aggregation: Calico's levels, time buckets, and allowed and denied flows kept apart.
import { dbIngressFrom, engineOf, shopPod } from "./flows.testkit.js";
import { describe, expect, it } from "vitest";
import { aggregateFlows, withWorkloadNames } from "./aggregate.js";
import { attributeFlow } from "./attribute.js";
import type { Flow } from "./flow.js";

const engine = engineOf([
  shopPod("web-7d9f8b-aaaaa", "web", "10.0.0.1"),
  shopPod("web-7d9f8b-bbbbb", "web", "10.0.0.3"),
  shopPod("db-0", "db", "10.0.0.2"),
  dbIngressFrom("web"),
]);

const flow = (src: string, srcPort: number, dst: string, dstPort: number, start: number): Flow => ({
  start,
  end: start,
  src: { ip: src, port: srcPort },
  dst: { ip: dst, port: dstPort },
  protocol: 6,
  count: 1,
  packets: 3,
  bytes: 180,
  origin: { format: "netward-jsonl" },
});

describe("aggregateFlows", () => {
  const flows = [
    flow("10.0.0.1", 40001, "10.0.0.2", 5432, 1_000),
    flow("10.0.0.3", 40002, "10.0.0.2", 5432, 2_000),
    flow("10.0.0.1", 40003, "10.0.0.2", 22, 3_000),
    flow("10.0.0.1", 40004, "10.0.0.2", 22, 4_000),
    flow("8.8.8.8", 53000, "10.0.0.2", 5432, 20_000),
  ].map((f) => attributeFlow(engine, f));

  it("uses level 2 for allowed flows (pods by name prefix) and level 1 for denied ones (addresses, no source port)", () => {
    const out = aggregateFlows(flows);
    expect(
      out.map((r) => [r.bucket, r.verdict, r.src, r.srcPort, r.dst, r.dstPort, r.count, r.packets]),
    ).toEqual([
      [0, "allow", "shop/web-7d9f8b-*", undefined, "shop/db-*", 5432, 2, 6],
      [0, "deny", "10.0.0.1", undefined, "10.0.0.2", 22, 2, 6],
      [15_000, "deny", "8.8.8.8", undefined, "10.0.0.2", 5432, 1, 3],
    ]);
    expect(out[1]!.policy).toBe("default|shop/db|-1|deny");
  });

  it("keeps everything at level 0 and drops destination ports at level 3", () => {
    expect(aggregateFlows(flows, { allowedLevel: 0, deniedLevel: 0 })).toHaveLength(5);
    const l3 = aggregateFlows(flows, { allowedLevel: 3, deniedLevel: 3, bucketMs: 60_000 });
    expect(l3.map((r) => [r.verdict, r.src, r.dst, r.dstPort, r.count])).toEqual([
      ["allow", "shop/web-7d9f8b-*", "shop/db-*", undefined, 2],
      ["deny", "shop/web-7d9f8b-*", "shop/db-*", undefined, 2],
      ["deny", "pub", "shop/db-*", undefined, 1],
    ]);
  });

  it("keeps the workload each address resolved to below level 2 only when asked, for alert rules", () => {
    expect(aggregateFlows(flows)[1]).not.toHaveProperty("srcWorkload");
    const named = aggregateFlows(flows, { workloadNames: true });
    expect(named.map((r) => [r.src, r.srcWorkload, r.dst, r.dstWorkload])).toEqual([
      ["shop/web-7d9f8b-*", undefined, "shop/db-*", undefined],
      ["10.0.0.1", "shop/web-7d9f8b-*", "10.0.0.2", "shop/db-*"],
      ["8.8.8.8", undefined, "10.0.0.2", "shop/db-*"],
    ]);
  });

  it("names the addresses of records read back from a store as live aggregation would have", () => {
    const stored = aggregateFlows(flows);
    expect(withWorkloadNames(stored, () => engine)).toEqual(aggregateFlows(flows, { workloadNames: true }));
  });
});
