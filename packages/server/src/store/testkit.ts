// The test suite every FlowStore implementation must pass: the same answers as evaluating queries in memory.
import fc from "fast-check";
import { afterEach, expect, it } from "vitest";
import { matchFlowQuery, parseFlowQuery, type AggregatedFlow, flowRecordValue } from "@netward/core";
import { flowFields, type FlowField, type FlowStore } from "./flow-store.js";

const fields = Object.keys(flowFields) as FlowField[];

const rowArbitrary: fc.Arbitrary<AggregatedFlow> = fc
  .record({
    bucket: fc.integer({ min: 0, max: 9 }).map((n) => n * 15_000),
    verdict: fc.constantFrom("allow" as const, "deny" as const),
    level: fc.constantFrom(1 as const, 2 as const),
    src: fc.constantFrom("shop/web-*", "shop/api-*", "10.0.0.1", "pub"),
    srcPort: fc.option(fc.constantFrom(40000, 53), { nil: undefined }),
    dst: fc.constantFrom("shop-data/db-*", "10.0.0.2", "kube-system/coredns-*"),
    dstPort: fc.option(fc.constantFrom(53, 443, 5432), { nil: undefined }),
    protocol: fc.constantFrom(6, 17),
    policy: fc.option(fc.constantFrom("default|shop/db|-1|deny", "security|security.quarantine|0|deny"), {
      nil: undefined,
    }),
    count: fc.integer({ min: 1, max: 50 }),
    packets: fc.integer({ min: 0, max: 500 }),
    bytes: fc.integer({ min: 0, max: 50_000 }),
    drift: fc.integer({ min: 0, max: 2 }),
  })
  .map(({ srcPort, dstPort, policy, ...rest }) => {
    const out: AggregatedFlow = rest;
    if (srcPort !== undefined) out.srcPort = srcPort;
    if (dstPort !== undefined) out.dstPort = dstPort;
    if (policy !== undefined) out.policy = policy;
    return out;
  });

const termArbitrary = fc.oneof(
  fc
    .tuple(fc.constantFrom(...fields), fc.constantFrom("=", "!=", "<", ">="))
    .chain(([f, op]) =>
      fc
        .constantFrom("deny", "allow", "5432", "53", "shop/web-*", "10.0.0.2", "6", "30000", "2", "pub")
        .map((v) => `${f} ${op} "${v}"`),
    ),
  fc
    .tuple(
      fc.constantFrom(...fields),
      fc.boolean(),
      fc.constantFrom("shop/*", "*-*", "10.0.0.?", "54*", "deny", "default|*"),
    )
    .map(([f, neg, v]) => `${f} ${neg ? "NOTIN" : "IN"} {"${v}"}`),
);

const queryArbitrary: fc.Arbitrary<string> = fc.letrec<{ q: string }>((tie) => ({
  q: fc.oneof(
    { depthSize: "small" },
    termArbitrary,
    fc.tuple(tie("q"), fc.constantFrom("AND", "OR"), tie("q")).map(([a, op, b]) => `(${a}) ${op} (${b})`),
    tie("q").map((a) => `NOT (${a})`),
  ),
})).q;

/** Registers the shared suite for one implementation; `open` gives a fresh, empty store. */
export function flowStoreSuite(open: () => Promise<FlowStore>): void {
  const opened: FlowStore[] = [];
  const fresh = async () => {
    const s = await open();
    opened.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });

  it("starts at the latest schema version", async () => {
    expect(await (await fresh()).schemaVersion()).toBe(3);
  });

  it("adds a source's records once: the same content again adds nothing", async () => {
    const store = await fresh();
    const rows = fc.sample(rowArbitrary, { numRuns: 20, seed: 9 });
    const mark = { name: "flows.log", sha256: "ab".repeat(32), bytes: 1234 };
    expect(await store.ingest(mark, rows)).toBe(true);
    expect(await store.ingest({ ...mark, name: "copy.log" }, rows)).toBe(false);
    expect(await store.ingest({ ...mark, sha256: "cd".repeat(32) }, rows.slice(0, 5))).toBe(true);
    expect(await store.select({ from: 0, to: 1e12 })).toHaveLength(25);
  });

  it("selects exactly the rows matchFlowQuery selects, for random rows and queries", async () => {
    const store = await fresh();
    const rows = fc.sample(rowArbitrary, { numRuns: 300, seed: 7 });
    await store.insert(rows);
    const queries = fc.sample(queryArbitrary, { numRuns: 150, seed: 11 });
    const sizes = new Set<string>();
    for (const text of queries) {
      const parsed = parseFlowQuery(text, { fields });
      if (!parsed.ok) throw new Error(`${text}: ${parsed.error.message}`);
      const got = await store.select({ from: 15_000, to: 120_000, filter: parsed.query });
      const want = rows.filter(
        (r) =>
          r.bucket >= 15_000 &&
          r.bucket < 120_000 &&
          matchFlowQuery(parsed.query, (k) => flowRecordValue(r, k as FlowField)),
      );
      const key = (r: AggregatedFlow) => JSON.stringify(r, Object.keys(r).sort());
      expect(got.map(key).sort(), text).toEqual(want.map(key).sort());
      sizes.add(want.length === 0 ? "none" : want.length === rows.length ? "all" : "some");
    }
    expect(sizes.has("some")).toBe(true);
  });

  it("groups with sums and keeps the top groups, most flows first", async () => {
    const store = await fresh();
    const rows = fc.sample(rowArbitrary, { numRuns: 200, seed: 3 });
    await store.insert(rows);
    const deny = parseFlowQuery("action = deny", { fields });
    if (!deny.ok) throw new Error(deny.error.message);
    const groups = await store.group({ from: 0, to: 1e12, filter: deny.query, groupBy: ["policy"], top: 2 });
    const sums = new Map<string | null, number>();
    for (const r of rows.filter((x) => x.verdict === "deny"))
      sums.set(r.policy ?? null, (sums.get(r.policy ?? null) ?? 0) + r.count);
    const want = [...sums].sort((a, b) => b[1] - a[1]).slice(0, 2);
    expect(groups.map((g) => [g.key.policy, g.num_flows])).toEqual(want);
  });

  it("deletes records older than a time", async () => {
    const store = await fresh();
    const rows = fc.sample(rowArbitrary, { numRuns: 50, seed: 5 });
    await store.insert(rows);
    const old = rows.filter((r) => r.bucket < 60_000).length;
    expect(await store.deleteBefore(60_000)).toBe(old);
    expect(await store.select({ from: 0, to: 1e12 })).toHaveLength(rows.length - old);
  });

  it("moves a followed file's cursor with its records, and remembers it", async () => {
    const store = await fresh();
    expect(await store.cursor("/var/log/flows.log")).toBeUndefined();
    const rows = fc.sample(rowArbitrary, { numRuns: 12, seed: 13 });
    const cursor = { file: "/var/log/flows.log", identity: "2049:77", offset: 4096, line: 31 };
    await store.advance(cursor, rows.slice(0, 7));
    await store.advance({ ...cursor, offset: 8000, line: 60 }, rows.slice(7));
    expect(await store.cursor("/var/log/flows.log")).toEqual({ ...cursor, offset: 8000, line: 60 });
    expect(await store.cursor("/var/log/other.log")).toBeUndefined();
    expect(await store.select({ from: 0, to: 1e12 })).toHaveLength(12);
  });

  it("shrinks to a size by deleting the oldest records, keeping the newest", async () => {
    const store = await fresh();
    const rows: AggregatedFlow[] = Array.from({ length: 200_000 }, (_, i) => ({
      bucket: Math.floor(i / 100) * 15_000,
      verdict: i % 3 === 0 ? "deny" : "allow",
      level: 1,
      src: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      dst: `shop/pod-${i % 997}`,
      dstPort: i % 65_536,
      protocol: 6,
      count: 1,
      packets: i % 50,
      bytes: i * 7,
      drift: 0,
    }));
    await store.insert(rows);
    const full = await store.size();
    expect(full).toBeGreaterThan(0);
    const gone = await store.shrinkTo(full / 2);
    expect(await store.size()).toBeLessThanOrEqual(full / 2);
    const left = await store.select({ from: 0, to: 1e12 });
    expect(left.length).toBe(rows.length - gone);
    expect(gone).toBeGreaterThan(0);
    const oldestLeft = Math.min(...left.map((r) => r.bucket));
    expect(left.length).toBe(rows.filter((r) => r.bucket >= oldestLeft).length);
    expect(await store.shrinkTo(full)).toBe(0);
  });
}
