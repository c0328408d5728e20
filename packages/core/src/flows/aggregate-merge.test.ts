// Property tests for merging aggregated records: aggregating chunks and merging equals aggregating everything.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FlowVerdict, SideVerdict } from "../eval/types.js";
import { aggregateFlows, mergeAggregated, type AggregatedFlow } from "./aggregate.js";
import type { AttributedFlow } from "./attribute.js";
import type { ResolvedEnd } from "./enrich.js";

const ends: ResolvedEnd[] = [
  { kind: "pod", name: "shop/web-7d9f8b-aaaaa" },
  { kind: "pod", name: "shop/web-7d9f8b-bbbbb" },
  { kind: "workload", name: "shop/db" },
  { kind: "external", name: "8.8.8.8" },
  { kind: "unknown" },
];
const ips = [undefined, "10.0.0.1", "10.0.0.2", "8.8.8.8"];

const side = (verdict: "allow" | "deny", name?: string): SideVerdict => ({
  verdict,
  hits:
    name === undefined
      ? []
      : [{ tier: "default", kind: "NetworkPolicy", namespace: "shop", name, ruleIndex: 0, action: verdict }],
});
const verdicts: (FlowVerdict | undefined)[] = [
  undefined,
  { verdict: "allow", egress: side("allow"), ingress: side("allow", "db") },
  { verdict: "deny", egress: side("allow"), ingress: side("deny", "db") },
  { verdict: "deny", egress: side("deny"), ingress: side("allow") },
];

const attributed = fc
  .record({
    start: fc.integer({ min: 0, max: 60_000 }),
    src: fc.integer({ min: 0, max: ends.length - 1 }),
    dst: fc.integer({ min: 0, max: ends.length - 1 }),
    srcIP: fc.integer({ min: 0, max: ips.length - 1 }),
    dstIP: fc.integer({ min: 0, max: ips.length - 1 }),
    srcPort: fc.option(fc.constantFrom(40000, 40001)),
    dstPort: fc.option(fc.constantFrom(53, 5432)),
    protocol: fc.constantFrom(6, 17),
    action: fc.option(fc.constantFrom("allow" as const, "deny" as const)),
    verdict: fc.integer({ min: 0, max: verdicts.length - 1 }),
    count: fc.integer({ min: 1, max: 5 }),
    packets: fc.option(fc.integer({ min: 0, max: 100 })),
    drift: fc.boolean(),
  })
  .map((g): AttributedFlow => {
    const srcIP = ips[g.srcIP];
    const dstIP = ips[g.dstIP];
    const a: AttributedFlow = {
      flow: {
        start: g.start,
        end: g.start,
        src: {
          ...(srcIP === undefined ? {} : { ip: srcIP }),
          ...(g.srcPort === null ? {} : { port: g.srcPort }),
        },
        dst: {
          ...(dstIP === undefined ? {} : { ip: dstIP }),
          ...(g.dstPort === null ? {} : { port: g.dstPort }),
        },
        protocol: g.protocol,
        ...(g.action === null ? {} : { action: g.action }),
        count: g.count,
        ...(g.packets === null ? {} : { packets: g.packets, bytes: g.packets * 60 }),
        origin: { format: "netward-jsonl" },
      },
      src: ends[g.src]!,
      dst: ends[g.dst]!,
    };
    const enforced = verdicts[g.verdict];
    if (enforced !== undefined) a.enforced = enforced;
    if (g.drift) a.drift = { reported: "allow", model: "deny", side: "verdict" };
    return a;
  });

const levels = fc.record({
  allowedLevel: fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const),
  deniedLevel: fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const),
});

/** Splits a list at the given cut points (taken modulo its length, sorted). */
function chunks<T>(list: readonly T[], cuts: number[]): T[][] {
  const at = [...new Set(cuts.map((c) => (list.length === 0 ? 0 : c % (list.length + 1))))].sort(
    (a, b) => a - b,
  );
  const out: T[][] = [];
  let from = 0;
  for (const cut of [...at, list.length]) {
    out.push(list.slice(from, cut));
    from = cut;
  }
  return out;
}

describe("mergeAggregated", () => {
  it("merging the aggregates of chunks equals aggregating all the flows at once", () => {
    fc.assert(
      fc.property(
        fc.array(attributed, { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        levels,
        (flows, cuts, options) => {
          const parts = chunks(flows, cuts).map((c) => aggregateFlows(c, options));
          expect(mergeAggregated(parts)).toEqual(aggregateFlows(flows, options));
        },
      ),
    );
  });

  it("is associative and leaves its input records unchanged", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(attributed, { maxLength: 20 }), { maxLength: 4 }),
        levels,
        (lists, options) => {
          const parts = lists.map((l) => aggregateFlows(l, options));
          const before = JSON.parse(JSON.stringify(parts)) as unknown;
          const nested = mergeAggregated([
            mergeAggregated(parts.slice(0, 2)),
            mergeAggregated(parts.slice(2)),
          ]);
          expect(nested).toEqual(mergeAggregated(parts));
          expect(parts).toEqual(before);
        },
      ),
    );
  });

  it("adds up count, packets, bytes and drift of records with the same key, and keeps different policies apart", () => {
    const row = (policy: string | undefined, n: number): AggregatedFlow => ({
      bucket: 0,
      verdict: "deny",
      level: 1,
      src: "10.0.0.1",
      dst: "10.0.0.2",
      dstPort: 5432,
      protocol: 6,
      ...(policy === undefined ? {} : { policy }),
      count: n,
      packets: 2 * n,
      bytes: 100 * n,
      drift: n - 1,
    });
    expect(
      mergeAggregated([
        [row("a", 1), row(undefined, 1)],
        [row("a", 2), row("", 4)],
      ]),
    ).toEqual([
      { ...row("a", 1), count: 3, packets: 6, bytes: 300, drift: 1 },
      row(undefined, 1),
      row("", 4),
    ]);
  });
});
