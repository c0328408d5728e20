// The alert engine: rules evaluated on the flow stream and by the clock, their alerts routed, grouped and flushed on real timers.
import {
  alertsToSend,
  Dispatcher,
  evaluateAlertRule,
  Inhibitor,
  routeAlert,
  WindowBuffer,
  type AggregatedFlow,
  type AlertRule,
  type AlertStates,
  type GroupRoute,
  type InhibitRuleInput,
  type Issue,
  PeriodSchedule,
  type RuleAlert,
  type Notification,
  type RouteNode,
  type Silences,
} from "@netward/core";
import type { Scheduler, Timer } from "../notify/scheduler.js";

/** What the engine runs on: rules, routing, muting, the clock, and where its notifications and news go. */
export interface AlertEngineOptions {
  readonly rules: readonly AlertRule[];
  readonly route: RouteNode;
  readonly inhibitRules: readonly InhibitRuleInput[];
  readonly silences: Silences;
  readonly states: AlertStates;
  readonly scheduler: Scheduler;
  /** Whether a receiver wants resolved notifications (any of its integrations does). */
  readonly sendResolved: (receiver: string) => boolean;
  /** The link an alert of a rule carries back to netward. */
  readonly generatorURL: (rule: string) => string;
  /** Takes the notifications of one flush, with the repeat interval of the route each came from. */
  readonly notify: (notifications: readonly RoutedNotification[]) => void;
  /** Told after every evaluation of a rule: how late it ran (ms) and what it warned about. */
  readonly onEvaluated?: (rule: string, lagMs: number, issues: readonly Issue[]) => void;
  /** Told when alerts appeared, changed state or went (to save them), before the flush that notifies them. */
  readonly onStatesChanged?: () => void;
  /** The most flow records the rules' window holds (default 200,000); past it the oldest buckets are dropped. */
  readonly windowRecords?: number;
  /** Told how many records were just dropped from the window to stay under its cap. */
  readonly onWindowDropped?: (records: number) => void;
  /** Records from before the start (the store's, after a restart), so windows do not start empty. */
  readonly recent?: readonly AggregatedFlow[];
}

/**
 * A notification with how long an identical one sent earlier makes it a duplicate: its route's repeat interval
 * less one group interval, so that a repeat the dispatcher sends on time is never taken for one, while a group
 * flushed again after a restart is.
 */
export interface RoutedNotification {
  readonly notification: Notification;
  readonly dedupMs: number;
}

/** The group route the dispatcher needs for a route of the tree. */
function groupRoute(node: RouteNode, sendResolved: (receiver: string) => boolean): GroupRoute {
  return {
    routeKey: node.key,
    receiver: node.receiver,
    groupBy: node.groupByAll ? "..." : node.groupBy,
    timers: {
      groupWait: node.groupWaitMs,
      groupInterval: node.groupIntervalMs,
      repeatInterval: node.repeatIntervalMs,
    },
    sendResolved: sendResolved(node.receiver),
  };
}

/** Shortest gap between two streaming evaluations under load; the first after a lull runs at once. */
const minStreamGapMs = 50;

/** A route's dedup window (see {@link RoutedNotification}). */
const dedupWindow = (route: RouteNode): number => Math.max(0, route.repeatIntervalMs - route.groupIntervalMs);

/** Every rule's alerts, kept up to date from flows and the clock, fed through Alertmanager's pipeline. */
export class AlertEngine {
  readonly #o: AlertEngineOptions;
  readonly #dispatcher: Dispatcher;
  readonly #inhibitor: Inhibitor;
  readonly #window: WindowBuffer;
  readonly #dedupByRouteKey = new Map<string, number>();
  /** When each rule is next due by the clock. */
  readonly #schedules = new Map<string, PeriodSchedule>();
  /** When the oldest flows not yet evaluated by the streaming rules arrived. */
  #streamSince: number | undefined;
  #lastStreamRun = -Infinity;
  /** What the last streaming evaluation cost (ms); flush-only runs do not count. */
  #lastStreamCostMs = 0;
  #timer: { handle: Timer; at: number } | undefined;
  #stopped = false;

  /** Sets up the pipeline; alerts restored from saved states go to the dispatcher at once. */
  constructor(options: AlertEngineOptions) {
    this.#o = options;
    const routeOf = new Map<RouteNode, GroupRoute>();
    const routesFor = (labels: Readonly<Record<string, string>>): GroupRoute[] =>
      routeAlert(options.route, labels).map(({ route }) => {
        let out = routeOf.get(route);
        if (out === undefined) {
          routeOf.set(route, (out = groupRoute(route, options.sendResolved)));
          this.#dedupByRouteKey.set(route.key, dedupWindow(route));
        }
        return out;
      });
    this.#dispatcher = new Dispatcher({
      routesFor,
      silences: options.silences,
      inhibitor: (this.#inhibitor = new Inhibitor(options.inhibitRules)),
    });
    const lookback = Math.max(0, ...options.rules.map((r) => r.lookbackMs));
    this.#window = new WindowBuffer(lookback, options.windowRecords ?? 200_000);
    this.#window.add(options.recent ?? []);
    const now = options.scheduler.now();
    const names = new Set(options.rules.map((r) => r.name));
    const gone = new Set(options.states.alerts().map((a) => a.labels["alertname"] ?? ""));
    for (const name of names) gone.delete(name);
    for (const name of gone) this.#put(name, options.states.removeRule(name, now), now);
    if (gone.size > 0) options.onStatesChanged?.();
    for (const rule of options.rules) {
      this.#schedules.set(rule.name, new PeriodSchedule(rule.periodMs));
      this.#put(rule.name, options.states.alerts(rule.name), now);
    }
    this.#run();
  }

  /** Takes a batch of flow records: streaming rules evaluate on it soon (at once after a lull). */
  observe(records: readonly AggregatedFlow[]): void {
    if (this.#stopped || records.length === 0) return;
    const dropped = this.#window.droppedRecords;
    this.#window.add(records);
    if (this.#window.droppedRecords > dropped)
      this.#o.onWindowDropped?.(this.#window.droppedRecords - dropped);
    if (!this.#o.rules.some((r) => r.mode === "streaming")) return;
    const now = this.#o.scheduler.now();
    this.#streamSince ??= now;
    this.#schedule();
  }

  /** Whether an inhibit rule mutes an alert with these labels at `now`. */
  inhibited(labels: Readonly<Record<string, string>>, now: number): boolean {
    return this.#inhibitor.mutes(labels, now);
  }

  /** Re-runs the flush at once (after a silence changed, say). */
  poke(): void {
    if (this.#stopped) return;
    this.#cancel();
    this.#arm(this.#o.scheduler.now());
  }

  /** Stops every timer; nothing is evaluated or flushed afterwards. */
  stop(): void {
    this.#stopped = true;
    this.#cancel();
  }

  /** The gap streaming evaluations keep under load: the floor, or ten times the last one's cost when that is more. */
  #streamGap(): number {
    return Math.max(minStreamGapMs, 10 * this.#lastStreamCostMs);
  }

  /** When the next run is due: a clock-due rule, pending streamed flows, or a group's flush. */
  #nextRun(): number | undefined {
    let next = this.#dispatcher.nextWake();
    for (const schedule of this.#schedules.values()) {
      const at = schedule.due(this.#o.scheduler.now());
      if (next === undefined || at < next) next = at;
    }
    if (this.#streamSince !== undefined) {
      const at = this.#lastStreamRun + this.#streamGap();
      if (next === undefined || at < next) next = at;
    }
    return next;
  }

  #schedule(): void {
    if (this.#stopped) return;
    const next = this.#nextRun();
    if (next === undefined) return this.#cancel();
    if (this.#timer !== undefined && this.#timer.at <= next) return;
    this.#cancel();
    this.#arm(next);
  }

  #arm(at: number): void {
    const delay = Math.max(0, at - this.#o.scheduler.now());
    const handle = this.#o.scheduler.setTimeout(() => {
      this.#timer = undefined;
      this.#run();
    }, delay);
    this.#timer = { handle, at };
  }

  #cancel(): void {
    this.#timer?.handle.cancel();
    this.#timer = undefined;
  }

  /** Evaluates the rules that are due, flushes the groups that are due, and sets the timer for what is next. */
  #run(): void {
    if (this.#stopped) return;
    const { scheduler } = this.#o;
    const started = scheduler.now();
    const streaming = this.#streamSince !== undefined && started >= this.#lastStreamRun + this.#streamGap();
    const clockDue = (rule: AlertRule) => this.#schedules.get(rule.name)?.due(started) ?? started;
    const due = this.#o.rules.filter((r) => clockDue(r) <= started || (streaming && r.mode === "streaming"));
    if (due.length > 0) {
      this.#window.evict(started);
      const records = this.#window.records();
      let changed = false;
      for (const rule of due) {
        const evaluation = evaluateAlertRule(rule, records, started);
        const before = this.#o.states.changes;
        const alerts = this.#o.states.update(rule, evaluation, started);
        changed ||= this.#o.states.changes !== before;
        this.#put(rule.name, alerts, started);
        const byClock = clockDue(rule);
        const since =
          streaming && rule.mode === "streaming" ? Math.min(byClock, this.#streamSince ?? byClock) : byClock;
        if (byClock <= started) this.#schedules.get(rule.name)?.ran(started);
        this.#o.onEvaluated?.(rule.name, scheduler.now() - since, evaluation.issues);
      }
      if (streaming) {
        this.#streamSince = undefined;
        this.#lastStreamRun = started;
        this.#lastStreamCostMs = scheduler.now() - started;
      }
      if (changed) this.#o.onStatesChanged?.();
    }
    this.#flush(scheduler.now());
    this.#schedule();
  }

  /** Hands a rule's firing and resolved alerts to the dispatcher. */
  #put(rule: string, alerts: readonly RuleAlert[], now: number): void {
    const generatorURL = this.#o.generatorURL(rule);
    for (const alert of alertsToSend(alerts)) this.#dispatcher.put({ ...alert, generatorURL }, now);
  }

  #flush(now: number): void {
    const { notifications } = this.#dispatcher.tick(now);
    if (notifications.length === 0) return;
    this.#o.notify(
      notifications.map((notification) => ({
        notification,
        dedupMs: this.#dedupOf(notification.groupKey),
      })),
    );
  }

  /** The dedup window of the route a group key starts with (the longest route key that is its prefix). */
  #dedupOf(groupKey: string): number {
    let best: [string, number] | undefined;
    for (const [key, ms] of this.#dedupByRouteKey)
      if (groupKey.startsWith(`${key}:`) && (best === undefined || key.length > best[0].length))
        best = [key, ms];
    return best?.[1] ?? dedupWindow(this.#o.route);
  }
}
