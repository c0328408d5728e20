// Tests for streaming evaluation with a fake clock: the window buffer, batch evaluation and the period schedule.
import { describe, expect, it } from "vitest";
import type { AggregatedFlow } from "../flows/aggregate.js";
import { evaluateAlertRule } from "./alert-evaluation.js";
import { AlertStates } from "./alert-state.js";
import { PeriodSchedule, WindowBuffer, evaluateBatch } from "./alert-window.js";
import { parseGlobalAlert, type AlertRule } from "./global-alert.js";

const s = 1000;
const m = 60 * s;

function rule(mode: "periodic" | "streaming", lookback = "2m"): AlertRule {
  const { value, issues } = parseGlobalAlert({
    apiVersion: "projectcalico.org/v3",
    kind: "GlobalAlert",
    metadata: { name: "deny-burst" },
    spec: {
      description: "${value} denied flows to ${dest_name}",
      severity: 90,
      dataSet: "flows",
      query: "action = deny",
      aggregateBy: ["dest_name"],
      metric: "sum",
      field: "num_flows",
      condition: "gt",
      threshold: 10,
      period: "5m",
      lookback,
      mode,
    },
  });
  if (value === undefined) throw new Error(JSON.stringify(issues));
  return value;
}

const denies = (bucket: number, count: number, src = "shop/web-*"): AggregatedFlow => ({
  bucket,
  verdict: "deny",
  level: 1,
  src,
  dst: "db/pg-0",
  protocol: 6,
  count,
  packets: count,
  bytes: 0,
  drift: 0,
});

describe("window buffer", () => {
  it("merges records with the same key in a bucket and evicts buckets older than its retention", () => {
    const w = new WindowBuffer(1 * m);
    w.add([denies(0, 2), denies(15 * s, 1)]);
    w.add([denies(0, 3), denies(0, 1, "pay/api-*")]);
    expect(w.records().map((r) => [r.bucket, r.src, r.count])).toEqual([
      [0, "shop/web-*", 5],
      [0, "pay/api-*", 1],
      [15 * s, "shop/web-*", 1],
    ]);
    w.evict(75 * s);
    expect(w.bucketCount).toBe(1);
    expect(w.records().map((r) => r.bucket)).toEqual([15 * s]);
  });

  it("stays under its record cap by dropping the oldest buckets first, never the newest", () => {
    const w = new WindowBuffer(10 * m, 3);
    w.add([denies(0, 1), denies(0, 1, "a/x-*"), denies(15 * s, 1)]);
    expect([w.size, w.droppedRecords]).toEqual([3, 0]);
    w.add([denies(15 * s, 1, "b/y-*"), denies(30 * s, 1)]);
    expect(w.records().map((r) => [r.bucket, r.src])).toEqual([
      [15 * s, "shop/web-*"],
      [15 * s, "b/y-*"],
      [30 * s, "shop/web-*"],
    ]);
    expect([w.size, w.droppedRecords]).toEqual([3, 2]);
    w.add([1, 2, 3, 4, 5].map((i) => denies(45 * s, 1, `n/${i}-*`)));
    expect([w.bucketCount, w.size, w.droppedRecords]).toEqual([1, 5, 5]);
    w.evict(20 * m);
    expect([w.bucketCount, w.size]).toEqual([0, 0]);
  });

  it("does not change the records it is given", () => {
    const r = denies(0, 2);
    const w = new WindowBuffer(1 * m);
    w.add([r]);
    w.add([denies(0, 3)]);
    expect(r.count).toBe(2);
  });
});

describe("period schedule", () => {
  it("is due at once, then on multiples of the period", () => {
    const p = new PeriodSchedule(5 * m);
    expect(p.due(7 * s)).toBe(7 * s);
    p.ran(7 * s);
    expect(p.due(8 * s)).toBe(5 * m);
    p.ran(5 * m);
    expect(p.due(5 * m)).toBe(10 * m);
  });
});

describe("streaming evaluation", () => {
  it("fires on the batch that crosses the threshold, not at the next period", () => {
    const r = rule("streaming");
    const window = new WindowBuffer(r.lookbackMs);
    const schedule = new PeriodSchedule(r.periodMs);
    const states = new AlertStates();
    schedule.ran(0);
    const batches: [number, AggregatedFlow[]][] = [
      [10 * s, [denies(0, 4)]],
      [20 * s, [denies(15 * s, 4)]],
      [35 * s, [denies(30 * s, 3)]],
    ];
    const seen = batches.map(([now, batch]) => {
      const alerts = states.update(r, evaluateBatch(r, batch, window, now), now);
      return alerts.map((a) => [a.state, a.startsAt, a.annotations.description]);
    });
    expect(seen).toEqual([[], [], [["firing", 35 * s, "11 denied flows to db/pg-0"]]]);
    expect(schedule.due(35 * s)).toBe(5 * m);
  });

  it("a periodic rule over the same flows notices only at its period", () => {
    const r = rule("periodic", "10m");
    const schedule = new PeriodSchedule(r.periodMs);
    const states = new AlertStates();
    expect(states.update(r, evaluateAlertRule(r, [], 0), 0)).toEqual([]);
    schedule.ran(0);
    const records = [denies(0, 4), denies(15 * s, 4), denies(30 * s, 3)];
    const at = schedule.due(35 * s);
    expect(at).toBe(5 * m);
    const [alert] = states.update(r, evaluateAlertRule(r, records, at), at);
    expect([alert?.state, alert?.startsAt]).toEqual(["firing", 5 * m]);
  });

  it("resolves when the window moves past the burst, on a later batch or a scheduled tick", () => {
    const r = rule("streaming");
    const window = new WindowBuffer(r.lookbackMs);
    const states = new AlertStates();
    states.update(r, evaluateBatch(r, [denies(0, 20)], window, 10 * s), 10 * s);
    expect(states.update(r, evaluateBatch(r, [denies(60 * s, 1)], window, 70 * s), 70 * s)[0]?.state).toBe(
      "firing",
    );
    const [resolved] = states.update(r, evaluateBatch(r, [], window, 3 * m), 3 * m);
    expect([resolved?.state, resolved?.endsAt]).toEqual(["resolved", 3 * m]);
    expect(window.bucketCount).toBe(1);
  });
});
