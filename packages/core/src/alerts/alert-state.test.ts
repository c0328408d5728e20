// Scenario tests for the alert lifecycle with a fake clock: pending, firing, resolved, labels, and restoring saved state.
import { describe, expect, it } from "vitest";
import type { AggregatedFlow } from "../flows/aggregate.js";
import { evaluateAlertRule } from "./alert-evaluation.js";
import { AlertStates, alertsToSend, type RuleAlert } from "./alert-state.js";
import { parseGlobalAlert, type AlertRule } from "./global-alert.js";

const s = 1000;
const m = 60 * s;

function rule(spec: Record<string, unknown>, name = "db-denies"): AlertRule {
  const { value, issues } = parseGlobalAlert({
    apiVersion: "projectcalico.org/v3",
    kind: "GlobalAlert",
    metadata: { name },
    spec: {
      description: "${value} denies from ${source_namespace}",
      summary: "denies from ${source_namespace}",
      severity: 80,
      dataSet: "flows",
      query: "action = deny",
      aggregateBy: ["source_namespace"],
      metric: "sum",
      field: "num_flows",
      condition: "gte",
      threshold: 5,
      period: "1m",
      ...spec,
    },
  });
  if (value === undefined) throw new Error(JSON.stringify(issues));
  return value;
}

/** `n` denied flows from namespace `ns` in the bucket just before `now`. */
const denies = (ns: string, n: number, now: number): AggregatedFlow => ({
  bucket: now - 15 * s,
  verdict: "deny",
  level: 1,
  src: `${ns}/web-*`,
  dst: "db/pg-0",
  protocol: 6,
  count: n,
  packets: n,
  bytes: n * 60,
  drift: 0,
});

/** Evaluates the rule at `now` over records and applies it; returns the states of the alerts. */
const step = (states: AlertStates, r: AlertRule, records: AggregatedFlow[], now: number) =>
  states.update(r, evaluateAlertRule(r, records, now), now);

const brief = (alerts: RuleAlert[]) =>
  alerts.map((a) => [a.labels.source_namespace, a.state, a.startsAt, a.endsAt]);

describe("alert lifecycle", () => {
  it("fires at once without for, resolves when the condition clears, and is dropped 15 minutes later", () => {
    const r = rule({});
    const states = new AlertStates();
    expect(step(states, r, [denies("shop", 2, 0)], 0)).toEqual([]);
    const [firing] = step(states, r, [denies("shop", 9, 1 * m)], 1 * m);
    expect(firing).toEqual({
      labels: { alertname: "db-denies", severity: "80", source_namespace: "shop" },
      annotations: { summary: "denies from shop", description: "9 denies from shop" },
      state: "firing",
      activeAt: 1 * m,
      startsAt: 1 * m,
      endsAt: 5 * m,
      value: 9,
    });
    expect(brief(step(states, r, [denies("shop", 7, 2 * m)], 2 * m))).toEqual([
      ["shop", "firing", 1 * m, 6 * m],
    ]);
    expect(brief(step(states, r, [denies("shop", 1, 3 * m)], 3 * m))).toEqual([
      ["shop", "resolved", 1 * m, 3 * m],
    ]);
    expect(brief(step(states, r, [], 17 * m))).toEqual([["shop", "resolved", 1 * m, 3 * m]]);
    expect(step(states, r, [], 18 * m)).toEqual([]);
  });

  it("counts changes (appearing, firing, resolving, dropping), not evaluations that change nothing", () => {
    const r = rule({ for: "1m" });
    const states = new AlertStates();
    const changes: number[] = [];
    for (const [n, at] of [
      [9, 0],
      [9, 30 * s],
      [9, 1 * m],
      [9, 2 * m],
      [1, 3 * m],
      [1, 4 * m],
      [1, 19 * m],
    ] as const) {
      step(states, r, [denies("shop", n, at)], at);
      changes.push(states.changes);
    }
    // pending at 0, unchanged, firing at 1m, unchanged, resolved at 3m, unchanged, dropped at 19m.
    expect(changes).toEqual([1, 1, 2, 2, 3, 3, 4]);
  });

  it("with for, stays pending until the condition has held that long", () => {
    const r = rule({ for: "2m" });
    const states = new AlertStates();
    expect(brief(step(states, r, [denies("shop", 9, 0)], 0))).toEqual([["shop", "pending", 0, undefined]]);
    expect(brief(step(states, r, [denies("shop", 9, 1 * m)], 1 * m))).toEqual([
      ["shop", "pending", 0, undefined],
    ]);
    expect(brief(step(states, r, [denies("shop", 9, 2 * m)], 2 * m))).toEqual([
      ["shop", "firing", 2 * m, 6 * m],
    ]);
    expect(states.alerts()[0]?.activeAt).toBe(0);
  });

  it("drops a pending alert whose condition clears before for, and starts over", () => {
    const r = rule({ for: "2m" });
    const states = new AlertStates();
    step(states, r, [denies("shop", 9, 0)], 0);
    expect(step(states, r, [], 1 * m)).toEqual([]);
    expect(brief(step(states, r, [denies("shop", 9, 2 * m)], 2 * m))).toEqual([
      ["shop", "pending", 2 * m, undefined],
    ]);
    expect(brief(step(states, r, [denies("shop", 9, 3 * m)], 3 * m))).toEqual([
      ["shop", "pending", 2 * m, undefined],
    ]);
  });

  it("keeps groups apart and starts a new alert when a resolved group fires again", () => {
    const r = rule({});
    const states = new AlertStates();
    step(states, r, [denies("shop", 9, 0), denies("pay", 9, 0)], 0);
    expect(brief(step(states, r, [denies("pay", 9, 1 * m)], 1 * m))).toEqual([
      ["shop", "resolved", 0, 1 * m],
      ["pay", "firing", 0, 5 * m],
    ]);
    expect(brief(step(states, r, [denies("shop", 9, 2 * m)], 2 * m))).toEqual([
      ["shop", "firing", 2 * m, 6 * m],
      ["pay", "resolved", 0, 2 * m],
    ]);
  });

  it("labels alerts with the rule's labels, which may override severity but not alertname", () => {
    const r = rule({
      labels: { team: "net", severity: "critical" },
      annotations: { runbook: "rb/${source_namespace}" },
    });
    const [a] = step(new AlertStates(), r, [denies("shop", 9, 0)], 0);
    expect(a?.labels).toEqual({
      alertname: "db-denies",
      severity: "critical",
      team: "net",
      source_namespace: "shop",
    });
    expect(a?.annotations).toEqual({
      runbook: "rb/shop",
      summary: "denies from shop",
      description: "9 denies from shop",
    });
  });

  it("hands firing and resolved alerts to the dispatcher, not pending ones", () => {
    const r = rule({ for: "1m" });
    const states = new AlertStates();
    step(states, r, [denies("shop", 9, 0), denies("pay", 9, 0)], 0);
    step(states, r, [denies("shop", 9, 1 * m)], 1 * m);
    const alerts = step(states, r, [denies("shop", 9, 2 * m), denies("pay", 9, 2 * m)], 2 * m);
    expect(alertsToSend(alerts)).toEqual([
      {
        labels: { alertname: "db-denies", severity: "80", source_namespace: "shop" },
        annotations: { summary: "denies from shop", description: "9 denies from shop" },
        startsAt: 1 * m,
        endsAt: 6 * m,
      },
    ]);
  });

  it("resolves a removed rule's firing alerts", () => {
    const r = rule({});
    const states = new AlertStates();
    step(states, r, [denies("shop", 9, 0)], 0);
    expect(brief(states.removeRule("db-denies", 1 * m))).toEqual([["shop", "resolved", 0, 1 * m]]);
  });
});

describe("saved alert state", () => {
  it("round-trips through JSON and carries on where it stopped", () => {
    const r = rule({ for: "2m" });
    const before = new AlertStates();
    step(before, r, [denies("shop", 9, 0), denies("pay", 9, 0)], 0);
    step(before, r, [denies("pay", 9, 1 * m)], 1 * m);
    step(before, rule({}, "other"), [denies("web", 9, 1 * m)], 1 * m);
    const text = JSON.stringify(before.serialize());
    const { states: after, issues } = AlertStates.restore(text);
    expect(issues).toEqual([]);
    expect(after.alerts()).toEqual(before.alerts());
    expect(after.serialize()).toEqual(before.serialize());
    expect(brief(step(after, r, [denies("pay", 9, 2 * m)], 2 * m))).toEqual([
      ["pay", "firing", 2 * m, 6 * m],
    ]);
  });

  it("restores resolved alerts and drops them on time", () => {
    const r = rule({});
    const before = new AlertStates({ resolvedRetentionMs: 5 * m });
    step(before, r, [denies("shop", 9, 0)], 0);
    step(before, r, [], 1 * m);
    const { states } = AlertStates.restore(before.serialize(), { resolvedRetentionMs: 5 * m });
    expect(brief(step(states, r, [], 5 * m))).toEqual([["shop", "resolved", 0, 1 * m]]);
    expect(step(states, r, [], 6 * m)).toEqual([]);
  });

  it.each<[string, unknown]>([
    ["text that is not JSON", "{not json"],
    ["a number", 3],
    ["another version", { version: 2, alerts: [] }],
    ["alerts that are not a list", { version: 1, alerts: {} }],
  ])("starts empty from %s", (_, input) => {
    const { states, issues } = AlertStates.restore(input);
    expect(states.alerts()).toEqual([]);
    expect(issues.map((i) => [i.code, i.severity, i.path])).toEqual([["invalid-alert-state", "warning", ""]]);
  });

  it("skips malformed entries and keeps the rest", () => {
    const good = {
      rule: "r",
      key: '["shop"]',
      state: "firing",
      activeAt: 0,
      firedAt: 0,
      lastEvalAt: 60_000,
      validMs: 240_000,
      labels: { alertname: "r" },
      annotations: {},
    };
    const { states, issues } = AlertStates.restore({
      version: 1,
      alerts: [
        good,
        null,
        { ...good, state: "burning" },
        { ...good, firedAt: undefined },
        { ...good, state: "resolved" },
        { ...good, labels: { a: 1 } },
        { ...good, activeAt: "yesterday" },
        { ...good, value: Number.NaN },
        { ...good, key: '["pay"]', state: "pending", firedAt: 7 },
      ],
    });
    expect(issues.map((i) => i.path)).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => `alerts[${i}]`));
    expect(brief(states.alerts())).toEqual([
      [undefined, "firing", 0, 300_000],
      [undefined, "pending", 0, undefined],
    ]);
    expect(states.serialize().alerts[1]).not.toHaveProperty("firedAt");
  });
});
