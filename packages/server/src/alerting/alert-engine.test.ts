// Tests for the alert engine on a manual clock: streaming evaluation at once then coalesced, periodic rules, routes' dedup windows.
import {
  AlertStates,
  parseGlobalAlert,
  parseRouteTree,
  Silences,
  type AggregatedFlow,
  type AlertRule,
} from "@netward/core";
import { describe, expect, it } from "vitest";
import { ManualScheduler } from "../notify/scheduler.js";
import { AlertEngine, type AlertEngineOptions, type RoutedNotification } from "./alert-engine.js";

/** A rule from spec fields (a denial rule by default). */
function rule(name: string, spec: Record<string, unknown>): AlertRule {
  const parsed = parseGlobalAlert({
    apiVersion: "projectcalico.org/v3",
    kind: "GlobalAlert",
    metadata: { name },
    spec: { description: "d", severity: 50, dataSet: "flows", query: "action = deny", ...spec },
  });
  if (parsed.value === undefined) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

const denial = (bucket: number, src = "10.0.0.1"): AggregatedFlow => ({
  bucket,
  verdict: "deny",
  level: 1,
  src,
  dst: "10.0.0.2",
  protocol: 6,
  count: 1,
  packets: 1,
  bytes: 60,
  drift: 0,
});

const t0 = 1_800_000_000_000;

/** An engine on a manual clock, recording evaluations and notifications. */
function engine(
  rules: AlertRule[],
  route: Record<string, unknown> = {},
  extra: Partial<AlertEngineOptions> = {},
) {
  const clock = new ManualScheduler(t0);
  const evaluations: { rule: string; at: number; lag: number }[] = [];
  const sent: RoutedNotification[] = [];
  const tree = parseRouteTree({
    receiver: "r",
    group_by: ["alertname"],
    group_wait: "0s",
    group_interval: "10s",
    ...route,
  }).value!;
  const e = new AlertEngine({
    rules,
    route: tree,
    inhibitRules: [],
    silences: new Silences(),
    states: new AlertStates(),
    scheduler: clock,
    sendResolved: () => true,
    generatorURL: (r) => `http://x/${r}`,
    notify: (n) => sent.push(...n),
    onEvaluated: (r, lag) => evaluations.push({ rule: r, at: clock.now(), lag }),
    ...extra,
  });
  return { clock, e, evaluations, sent };
}

describe("alert engine", () => {
  it("evaluates a streaming rule at once after a lull, then coalesces batches arriving under load", () => {
    const { clock, e, evaluations, sent } = engine([rule("s", { mode: "streaming" })]);
    evaluations.length = 0;
    e.observe([denial(t0)]);
    clock.advance(0);
    expect(evaluations.map((x) => x.at - t0)).toEqual([0]);
    expect(sent).toHaveLength(1);
    for (let i = 1; i <= 10; i++) {
      clock.advance(5);
      e.observe([denial(t0, `10.0.0.${i + 10}`)]);
    }
    clock.advance(100);
    // Batches every 5 ms: evaluations 50 ms apart (the batch at 50 ms arrives just after the one at 50 ms ran).
    expect(evaluations.map((x) => x.at - t0)).toEqual([0, 50, 100]);
    expect(evaluations[1]!.lag).toBe(45);
  });

  it("spaces streaming evaluations ten times their cost apart, whatever flush-only runs cost", () => {
    const manual = new ManualScheduler(t0);
    let cost = 0;
    const scheduler = { now: () => manual.now() + cost, setTimeout: manual.setTimeout.bind(manual) };
    const at: number[] = [];
    const e = new AlertEngine({
      rules: [rule("s", { mode: "streaming" })],
      route: parseRouteTree({ receiver: "r", group_wait: "0s", group_interval: "200ms" }).value!,
      inhibitRules: [],
      silences: new Silences(),
      states: new AlertStates(),
      scheduler,
      sendResolved: () => true,
      generatorURL: () => "http://x",
      notify: () => undefined,
      onEvaluated: () => {
        at.push(scheduler.now() - t0);
        if (at.length > 1) cost += 100; // the streaming evaluations take 100 ms each
      },
    });
    e.observe([denial(t0)]);
    manual.advance(0);
    e.observe([denial(t0, "10.0.0.9")]);
    manual.advance(5);
    e.observe([denial(t0, "10.0.0.10")]);
    // The start's evaluation, the first streaming one at once; group flushes every 200 ms cost nothing, and the
    // next streaming evaluation still waits 10 x 100 ms after the last one started.
    manual.advance(2000);
    expect(at).toEqual([0, 0, 1000]);
  });

  it("evaluates a periodic rule on multiples of its period only, and flows do not wake it", () => {
    const { clock, e, evaluations } = engine([rule("p", { period: "1m", lookback: "5m" })]);
    e.observe([denial(t0)]);
    clock.advance(150_000);
    const period = 60_000;
    const next = (Math.floor(t0 / period) + 1) * period;
    expect(evaluations.map((x) => x.at)).toEqual([t0, next, next + period]);
  });

  it("gives each notification its route's dedup window: repeat interval less group interval", () => {
    const { clock, e, sent } = engine([rule("s", { mode: "streaming", labels: { team: "db" } })], {
      repeat_interval: "1h",
      routes: [{ matchers: ['team="db"'], repeat_interval: "30m", group_interval: "1m" }],
    });
    e.observe([denial(t0)]);
    clock.advance(0);
    expect(sent.map((s) => [s.notification.groupKey, s.dedupMs])).toEqual([
      ['{}/{team="db"}:{alertname="s"}', 29 * 60_000],
    ]);
  });

  it("caps the window's records, telling how many were dropped, and keeps alerting on the newest", () => {
    const dropped: number[] = [];
    const { clock, e, sent } = engine(
      [rule("s", { mode: "streaming" })],
      {},
      {
        windowRecords: 2,
        onWindowDropped: (n) => dropped.push(n),
      },
    );
    e.observe([denial(t0 - 30_000, "10.0.0.1"), denial(t0 - 15_000, "10.0.0.2")]);
    e.observe([denial(t0, "10.0.0.3")]);
    clock.advance(0);
    expect(dropped).toEqual([1]);
    expect(sent).toHaveLength(1);
  });

  it("stops: nothing is evaluated or sent afterwards", () => {
    const { clock, e, evaluations, sent } = engine([rule("s", { mode: "streaming" })]);
    const before = evaluations.length;
    e.stop();
    e.observe([denial(t0)]);
    clock.advance(600_000);
    expect(evaluations).toHaveLength(before);
    expect(sent).toHaveLength(0);
  });
});
