// Tests for one aggregation group: the notification-log decision table, alert order, and flush bookkeeping.
import { describe, expect, it } from "vitest";
import { fingerprint } from "./fingerprint.js";
import {
  AggregationGroup,
  commonOf,
  defaultTimers,
  needsUpdate,
  type NotificationRecord,
} from "./aggregation-group.js";

const set = (...items: string[]): ReadonlySet<string> => new Set(items);
const record = (firing: string[], resolved: string[], at: number): NotificationRecord => ({
  firing: set(...firing),
  resolved: set(...resolved),
  at,
});

describe("needsUpdate (Alertmanager's DedupStage)", () => {
  const repeat = 100;
  const cases: [string, NotificationRecord | undefined, string[], string[], boolean, number, boolean][] = [
    ["never notified, something firing", undefined, ["a"], [], false, 0, true],
    ["never notified, only resolved", undefined, [], ["a"], true, 0, false],
    ["a new firing alert", record(["a"], [], 0), ["a", "b"], [], false, 1, true],
    ["fewer firing, no send_resolved", record(["a", "b"], [], 0), ["a"], ["b"], false, 1, false],
    ["fewer firing, send_resolved", record(["a", "b"], [], 0), ["a"], ["b"], true, 1, true],
    ["all resolved, no send_resolved", record(["a"], [], 0), [], ["a"], false, 1, true],
    ["resolved since, nothing notified firing", record([], ["a"], 0), [], ["b"], true, 1, false],
    ["unchanged, exactly repeat_interval later", record(["a"], [], 0), ["a"], [], false, 100, false],
    ["unchanged, after repeat_interval", record(["a"], [], 0), ["a"], [], false, 101, true],
  ];
  it.each(cases)("%s", (_name, last, firing, resolved, sendResolved, now, expected) => {
    expect(needsUpdate(last, set(...firing), set(...resolved), sendResolved, repeat, now)).toBe(expected);
  });
});

describe("aggregation group", () => {
  const options = {
    groupKey: "k",
    groupLabels: {},
    receiver: "r",
    timers: defaultTimers,
    sendResolved: true,
  };

  it("orders alerts by job, then instance, then label set, as Alertmanager does", () => {
    const group = new AggregationGroup(options, 0);
    const labels = [
      { x: "1", y: "1" },
      { job: "b" },
      { x: "2" },
      { job: "a", instance: "2" },
      { job: "a", instance: "1" },
      { x: "1" },
    ];
    for (const l of labels) group.insert({ labels: l, startsAt: 0 }, 0);
    const out = group.flush(30_000);
    expect(out?.alerts.map((a) => a.labels)).toEqual([
      { job: "a", instance: "1" },
      { job: "a", instance: "2" },
      { job: "b" },
      { x: "1" },
      { x: "2" },
      { x: "1", y: "1" },
    ]);
  });

  it("keeps the earliest start of an alert that is still firing, and carries annotations and generator URL", () => {
    const group = new AggregationGroup(options, 0);
    group.insert({ labels: { a: "1" }, startsAt: 5 }, 5);
    group.insert(
      { labels: { a: "1" }, startsAt: 60, annotations: { summary: "s" }, generatorURL: "http://p" },
      60,
    );
    expect(group.flush(30_000)?.alerts).toEqual([
      {
        status: "firing",
        labels: { a: "1" },
        annotations: { summary: "s" },
        startsAt: 5,
        generatorURL: "http://p",
        fingerprint: fingerprint({ a: "1" }),
      },
    ]);
  });

  it("does not log a flush whose alerts are all muted", () => {
    const group = new AggregationGroup(options, 0);
    group.insert({ labels: { a: "1" }, startsAt: 0 }, 0);
    expect(group.flush(30_000, () => true)).toBeUndefined();
    expect(group.lastNotification).toBeUndefined();
    expect(group.nextFlush).toBe(330_000);
  });

  it("computes common labels", () => {
    expect(commonOf([{ a: "1", b: "2" }, { a: "1", b: "3" }, { a: "1" }])).toEqual({ a: "1" });
    expect(commonOf([])).toEqual({});
  });
});
