// Tests for time-aware enrichment: an address reused by pods over time resolves to the pod that held it then.
import { dbIngressFrom, engineOf, shopPod } from "./flows.testkit.js";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { attributeFlow, Attributor } from "./attribute.js";
import type { Flow } from "./flow.js";
import { EngineHistory } from "./history.js";

const at = (text: string) => Date.parse(text);

const finished = (phase: string, finishedAt: string) => ({
  phase,
  containerStatuses: [{ name: "c", state: { terminated: { exitCode: 0, finishedAt } } }],
});

/** 10.0.0.9 held by a backup Job pod (01:00-01:05), free, then by a report pod from 02:00 until deleted at 04:00. */
const engine = engineOf([
  shopPod(
    "backup-28981440-x7k2p",
    "backup",
    "10.0.0.9",
    { creationTimestamp: "2026-03-06T01:00:00Z" },
    finished("Succeeded", "2026-03-06T01:05:00Z"),
  ),
  shopPod("report-5f6d7c-q2w3e", "report", "10.0.0.9", {
    creationTimestamp: "2026-03-06T02:00:00Z",
    deletionTimestamp: "2026-03-06T04:00:00Z",
  }),
  shopPod("db-0", "db", "10.0.0.2"),
  dbIngressFrom("backup"),
]);

const toDb = (start: number): Flow => ({
  start,
  end: start,
  src: { ip: "10.0.0.9", port: 40000 },
  dst: { ip: "10.0.0.2", port: 5432 },
  protocol: 6,
  count: 1,
  origin: { format: "netward-jsonl" },
});

describe("attribution at the flow's time", () => {
  it.each([
    ["2026-03-06T01:02:00Z", "pod", "shop/backup-28981440-x7k2p", "allow"],
    ["2026-03-06T02:30:00Z", "pod", "shop/report-5f6d7c-q2w3e", "deny"],
    ["2026-03-06T01:30:00Z", "external", "10.0.0.9", "deny"],
    ["2026-03-06T00:59:59Z", "external", "10.0.0.9", "deny"],
    ["2026-03-06T04:00:00Z", "external", "10.0.0.9", "deny"],
  ])("a flow at %s comes from the %s %s and is %s", (time, kind, name, verdict) => {
    const a = attributeFlow(engine, toDb(at(time)));
    expect([a.src.kind, a.src.name, a.enforced?.verdict]).toEqual([kind, name, verdict]);
  });

  it("a lifetime edge is inclusive at its start and exclusive at its end", () => {
    expect(attributeFlow(engine, toDb(at("2026-03-06T01:00:00Z"))).src.kind).toBe("pod");
    expect(attributeFlow(engine, toDb(at("2026-03-06T01:05:00Z"))).src.kind).toBe("external");
  });

  it("pods without timestamps hold their address at every time", () => {
    for (const t of [0, at("2026-03-06T01:02:00Z"), at("2030-01-01T00:00:00Z")])
      expect(attributeFlow(engine, toDb(t)).dst.name).toBe("shop/db-0");
  });

  it("the memoised Attributor gives the same answers as attributeFlow at any time", () => {
    const attributor = new Attributor(engine);
    const start = at("2026-03-06T00:30:00Z");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 * 3_600_000 }), (offset) => {
        const flow = toDb(start + offset);
        expect(attributor.attribute(flow)).toEqual(attributeFlow(engine, flow));
      }),
      { numRuns: 300, seed: 21 },
    );
  });

  it("an engine with no lifetimes is its own history", () => {
    const plain = engineOf([shopPod("db-0", "db", "10.0.0.2")]);
    const history = new EngineHistory(plain);
    expect(history.hasHistory).toBe(false);
    expect(history.at(123)).toBe(plain);
  });

  it("moments between the same lifetime edges share one engine", () => {
    const history = new EngineHistory(engine);
    expect(history.at(at("2026-03-06T02:10:00Z"))).toBe(history.at(at("2026-03-06T03:50:00Z")));
    expect(history.at(at("2026-03-06T01:10:00Z"))).not.toBe(history.at(at("2026-03-06T02:10:00Z")));
  });

  it("a flow whose time is not real (dmesg uptime) meets the pods the snapshot still has", () => {
    const late = { ...toDb(1_000), timeRelative: true as const };
    expect(attributeFlow(engine, late).src.kind).toBe("external");
    const relative = { ...toDb(1_000), src: { ip: "10.0.0.2", port: 40000 }, timeRelative: true as const };
    expect(attributeFlow(engine, relative).src.name).toBe("shop/db-0");
    expect(new Attributor(engine).attribute(late)).toEqual(attributeFlow(engine, late));
  });
});
