// Scenario tests for the dispatcher with a fake clock, written from Alertmanager 0.25's documented timer behaviour.
import { describe, expect, it } from "vitest";
import { defaultTimers, type Alert, type Notification } from "./aggregation-group.js";
import { Dispatcher, type DispatcherOptions, type GroupRoute } from "./dispatcher.js";
import { labelSetString } from "./routing.js";
import type { Labels } from "./fingerprint.js";
import { Inhibitor } from "./inhibition.js";
import { Silences } from "./silences.js";

const s = 1000;
const m = 60 * s;
const h = 60 * m;

const route = (sendResolved: boolean, groupBy: GroupRoute["groupBy"] = ["alertname"]): GroupRoute => ({
  routeKey: "{}",
  receiver: "team",
  groupBy,
  timers: defaultTimers,
  sendResolved,
});

const firing = (labels: Labels, startsAt: number): Alert => ({ labels, startsAt });
const resolved = (labels: Labels, startsAt: number, endsAt: number): Alert => ({ labels, startsAt, endsAt });

/** A dispatcher with a fake clock: `at` feeds alerts, `until` ticks at every wake time up to a moment. */
function harness(options: Partial<DispatcherOptions> & { sendResolved?: boolean } = {}) {
  const { sendResolved = false, ...rest } = options;
  const dispatcher = new Dispatcher({ routesFor: () => [route(sendResolved)], ...rest });
  const sent: { at: number; notification: Notification }[] = [];
  let clock = 0;
  const until = (end: number): { at: number; notification: Notification }[] => {
    const before = sent.length;
    for (let wake = dispatcher.nextWake(); wake !== undefined && wake <= end; wake = dispatcher.nextWake()) {
      clock = Math.max(clock, wake);
      for (const notification of dispatcher.tick(clock).notifications) sent.push({ at: clock, notification });
    }
    clock = Math.max(clock, end);
    return sent.slice(before);
  };
  const at = (time: number, ...alerts: Alert[]): void => {
    until(time);
    for (const alert of alerts) dispatcher.put(alert, time);
  };
  return { dispatcher, sent, at, until };
}

const names = (n: Notification): string[] => n.alerts.map((a) => `${a.labels["instance"] ?? ""}:${a.status}`);

describe("dispatcher timers", () => {
  it("sends the first notification group_wait after the group's first alert", () => {
    const { at, until, dispatcher } = harness();
    at(0, firing({ alertname: "Denied", instance: "a" }, 0));
    expect(dispatcher.nextWake()).toBe(30 * s);
    expect(until(30 * s - 1)).toEqual([]);
    const [first, ...more] = until(30 * s);
    expect(more).toEqual([]);
    expect(first?.at).toBe(30 * s);
    expect(first?.notification).toMatchObject({
      receiver: "team",
      status: "firing",
      groupKey: '{}:{alertname="Denied"}',
      groupLabels: { alertname: "Denied" },
      commonLabels: { alertname: "Denied", instance: "a" },
    });
    expect(dispatcher.nextWake()).toBe(30 * s + 5 * m);
  });

  it("batches alerts that arrive during group_wait into one notification", () => {
    const { at, until } = harness();
    at(0, firing({ alertname: "Denied", instance: "a" }, 0));
    at(10 * s, firing({ alertname: "Denied", instance: "b" }, 10 * s));
    at(29 * s, firing({ alertname: "Denied", instance: "c" }, 29 * s));
    const out = until(1 * m);
    expect(out).toHaveLength(1);
    expect(names(out[0]!.notification)).toEqual(["a:firing", "b:firing", "c:firing"]);
    expect(out[0]!.notification.commonLabels).toEqual({ alertname: "Denied" });
  });

  it("flushes a new group at once when its alert started more than group_wait ago", () => {
    const { at, until } = harness();
    at(10 * m, firing({ alertname: "Old", instance: "a" }, 0));
    expect(until(10 * m).map((x) => x.at)).toEqual([10 * m]);
  });

  it("holds a new alert in a notified group until the next group_interval tick, not group_wait", () => {
    const { at, until } = harness();
    at(0, firing({ alertname: "Denied", instance: "a" }, 0));
    expect(until(30 * s)).toHaveLength(1);
    at(1 * m, firing({ alertname: "Denied", instance: "b" }, 1 * m));
    expect(until(1 * m + 30 * s)).toEqual([]);
    expect(until(5 * m + 30 * s - 1)).toEqual([]);
    const out = until(5 * m + 30 * s);
    expect(out.map((x) => x.at)).toEqual([5 * m + 30 * s]);
    expect(names(out[0]!.notification)).toEqual(["a:firing", "b:firing"]);
  });

  it("sends nothing at unchanged flushes, and repeats at the first flush more than repeat_interval after the last", () => {
    const { at, until } = harness();
    const alert = firing({ alertname: "Denied", instance: "a" }, 0);
    at(0, alert);
    expect(until(30 * s)).toHaveLength(1);
    // Prometheus re-sends the alert every minute; re-sending is not a change.
    for (let t = 1 * m; t < 4 * h; t += 1 * m) at(t, alert);
    // The flush at 30s + 4h is exactly repeat_interval after the last notification: Alertmanager needs strictly more.
    expect(until(30 * s + 4 * h)).toEqual([]);
    const out = until(30 * s + 4 * h + 5 * m);
    expect(out.map((x) => x.at)).toEqual([30 * s + 4 * h + 5 * m]);
    expect(until(30 * s + 8 * h + 5 * m)).toEqual([]);
    expect(until(30 * s + 8 * h + 10 * m).map((x) => x.at)).toEqual([30 * s + 8 * h + 10 * m]);
  });

  it("repeats with a repeat_interval that does not fall on a flush at the first flush after it", () => {
    const timers = { groupWait: 30 * s, groupInterval: 5 * m, repeatInterval: 12 * m };
    const dispatcher = new Dispatcher({ routesFor: () => [{ ...route(false), timers }] });
    dispatcher.put(firing({ alertname: "Denied" }, 0), 0);
    const times: number[] = [];
    for (
      let wake = dispatcher.nextWake();
      wake !== undefined && wake <= 1 * h;
      wake = dispatcher.nextWake()
    ) {
      if (dispatcher.tick(wake).notifications.length > 0) times.push(wake);
    }
    // Flushes every 5m from 30s; a repeat at the first flush more than 12m after the previous notification.
    expect(times).toEqual([30 * s, 15 * m + 30 * s, 30 * m + 30 * s, 45 * m + 30 * s]);
  });
});

describe("resolved alerts", () => {
  it("sends the resolution at the next flush with send_resolved, then forgets the group", () => {
    const { at, until, dispatcher } = harness({ sendResolved: true });
    at(0, firing({ alertname: "Denied", instance: "a" }, 0));
    until(30 * s);
    at(2 * m, resolved({ alertname: "Denied", instance: "a" }, 0, 2 * m));
    const out = until(5 * m + 30 * s);
    expect(out).toHaveLength(1);
    expect(out[0]!.notification.status).toBe("resolved");
    expect(out[0]!.notification.alerts[0]).toMatchObject({ status: "resolved", endsAt: 2 * m });
    expect(dispatcher.groups().size).toBe(0);
    expect(dispatcher.nextWake()).toBeUndefined();
  });

  it("sends nothing for a resolution without send_resolved", () => {
    const { at, until, dispatcher } = harness({ sendResolved: false });
    at(0, firing({ alertname: "Denied", instance: "a" }, 0));
    until(30 * s);
    at(2 * m, resolved({ alertname: "Denied", instance: "a" }, 0, 2 * m));
    expect(until(1 * h)).toEqual([]);
    expect(dispatcher.groups().size).toBe(0);
  });

  it("resolves an alert whose endsAt passes without an update", () => {
    const { at, until } = harness({ sendResolved: true });
    at(0, { labels: { alertname: "Denied", instance: "a" }, startsAt: 0, endsAt: 4 * m });
    expect(names(until(30 * s)[0]!.notification)).toEqual(["a:firing"]);
    expect(names(until(5 * m + 30 * s)[0]!.notification)).toEqual(["a:resolved"]);
  });

  it("with one of two resolved: notifies both with send_resolved, nothing without", () => {
    for (const sendResolved of [true, false]) {
      const { at, until } = harness({ sendResolved });
      at(
        0,
        firing({ alertname: "Denied", instance: "a" }, 0),
        firing({ alertname: "Denied", instance: "b" }, 0),
      );
      until(30 * s);
      at(1 * m, resolved({ alertname: "Denied", instance: "a" }, 0, 1 * m));
      const out = until(5 * m + 30 * s).map((x) => names(x.notification));
      expect(out).toEqual(sendResolved ? [["a:resolved", "b:firing"]] : []);
    }
  });
});

describe("silences and inhibition at flush", () => {
  it("mutes silenced alerts, and notifies them at the next flush after the silence expires", () => {
    const silences = new Silences();
    const created = silences.create(
      { id: "s1", matchers: [{ name: "instance", value: "a", isRegex: false }], startsAt: 0, endsAt: 24 * h },
      0,
    );
    expect("silence" in created).toBe(true);
    const { at, until } = harness({ silences });
    at(0, firing({ alertname: "Denied", instance: "a" }, 0));
    expect(until(1 * h)).toEqual([]);
    at(1 * h, firing({ alertname: "Denied", instance: "b" }, 1 * h));
    const partial = until(1 * h + 5 * m);
    expect(partial.map((x) => names(x.notification))).toEqual([["b:firing"]]);
    expect(silences.expire("s1", 1 * h + 6 * m)).toBe(true);
    const after = until(1 * h + 10 * m + 30 * s);
    expect(after.map((x) => [x.at, names(x.notification)])).toEqual([
      [1 * h + 10 * m + 30 * s, ["a:firing", "b:firing"]],
    ]);
  });

  it("inhibits warnings while a critical alert with the same cluster fires", () => {
    const inhibitor = new Inhibitor([
      {
        source_matchers: [{ name: "severity", value: "critical", type: "=" }],
        target_match: { severity: "warning" },
        equal: ["cluster"],
      },
    ]);
    const { at, until } = harness({ inhibitor });
    at(
      0,
      firing({ alertname: "Net", instance: "x", severity: "critical", cluster: "c1" }, 0),
      firing({ alertname: "Net", instance: "y", severity: "warning", cluster: "c1" }, 0),
      firing({ alertname: "Net", instance: "z", severity: "warning", cluster: "c2" }, 0),
    );
    expect(until(30 * s).map((x) => names(x.notification))).toEqual([["x:firing", "z:firing"]]);
    at(1 * m, resolved({ alertname: "Net", instance: "x", severity: "critical", cluster: "c1" }, 0, 1 * m));
    expect(until(5 * m + 30 * s).map((x) => names(x.notification))).toEqual([["y:firing", "z:firing"]]);
  });
});

describe("grouping", () => {
  it("groups by the route's labels and by every label with '...'", () => {
    const routes: GroupRoute[] = [
      route(false, ["alertname", "missing"]),
      { ...route(false, "..."), routeKey: "{}/0" },
    ];
    const dispatcher = new Dispatcher({ routesFor: () => routes });
    dispatcher.put(firing({ alertname: "A", instance: "1" }, 0), 0);
    dispatcher.put(firing({ alertname: "A", instance: "2" }, 0), 0);
    expect([...dispatcher.groups().keys()]).toEqual([
      '{}:{alertname="A"}',
      '{}/0:{alertname="A", instance="1"}',
      '{}/0:{alertname="A", instance="2"}',
    ]);
    expect(dispatcher.tick(30 * s).notifications.map((n) => n.alerts.length)).toEqual([2, 1, 1]);
  });

  it("formats label sets as Alertmanager's group keys do", () => {
    expect(labelSetString({ source: "shop/c", alertname: "X", destination: 'a"b' })).toBe(
      '{alertname="X", destination="a\\"b", source="shop/c"}',
    );
  });

  it("turns a flood of 100,000 alerts into one notification per group", () => {
    const dispatcher = new Dispatcher({ routesFor: () => [route(true)] });
    const alertnames = ["DeniedA", "DeniedB", "DeniedC", "DeniedD", "DeniedE"];
    for (let i = 0; i < 100_000; i++) {
      const time = Math.floor(i / 5000) * s;
      dispatcher.put(
        firing({ alertname: alertnames[i % 5] ?? "", instance: `10.0.${i >> 8}.${i & 255}` }, time),
        time,
      );
    }
    expect(dispatcher.groups().size).toBe(5);
    let notifications = 0;
    let alerts = 0;
    for (
      let wake = dispatcher.nextWake();
      wake !== undefined && wake <= 1 * h;
      wake = dispatcher.nextWake()
    ) {
      for (const n of dispatcher.tick(wake).notifications) {
        notifications++;
        alerts += n.alerts.length;
      }
    }
    expect(notifications).toBe(5);
    expect(alerts).toBe(100_000);
  });
});
