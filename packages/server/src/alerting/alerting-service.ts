// Alerting in a running server: the engine, the delivery queues and their log, saved alert states and silences, the history.
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  AlertStates,
  silenceState,
  Silences,
  type AggregatedFlow,
  type AlertRule,
  type InhibitRuleInput,
  type RouteNode,
  type SilenceInput,
} from "@netward/core";
import type { Receiver as ReceiverConfig } from "../config/serve-config.js";
import type { AlertMetrics } from "../metrics/alert-metrics.js";
import { DeliveryQueue, type CloseResult } from "../notify/delivery-queue.js";
import { NotificationLog, notificationId } from "../notify/notification-log.js";
import { realScheduler, type Scheduler } from "../notify/scheduler.js";
import { AlertEngine, type RoutedNotification } from "./alert-engine.js";
import { AlertHistory } from "./alert-history.js";
import type { AlertView, NotificationView, SilenceView } from "./alert-views.js";
import { integrationsOf, laneParts, type Integration } from "./integrations.js";
import { readIfExists, writeFileAtomic } from "../store/atomic-file.js";
import { loadSilences, saveSilences } from "./saved-silences.js";
import { wireNotification, withoutResolved } from "./wire-notification.js";

/** What alerting runs from: the resolved config, where to keep its files, and where to log and count. */
export interface AlertingOptions {
  readonly rules: readonly AlertRule[];
  readonly route: RouteNode;
  readonly inhibitRules: readonly InhibitRuleInput[];
  readonly receivers: readonly ReceiverConfig[];
  /** The data directory; alerting keeps its files in `<data>/alerts`. */
  readonly dataDir: string;
  /** The URL notifications link back to (asked when needed: a server on port 0 knows it only once listening). */
  readonly externalURL: () => string;
  readonly log: (message: string) => void;
  /** Records stored before the start, for the rules' windows (a restart keeps alerts whose flows are still in them). */
  readonly recent?: readonly AggregatedFlow[];
  readonly metrics?: AlertMetrics;
  readonly scheduler?: Scheduler;
}

/** How long expired silences are kept (Alertmanager's default retention). */
const silenceRetentionMs = 120 * 3_600_000;

/** The longest lookback of the rules: how far back `recent` records are worth reading. */
export function longestLookback(rules: readonly AlertRule[]): number {
  return Math.max(0, ...rules.map((r) => r.lookbackMs));
}

/** The alerting pipeline of one server, from flow records to delivered notifications. */
export class AlertingService {
  readonly #o: AlertingOptions;
  readonly #scheduler: Scheduler;
  readonly #states: AlertStates;
  readonly #silences = new Silences();
  readonly #log: NotificationLog;
  readonly #queue: DeliveryQueue;
  readonly #engine: AlertEngine;
  readonly #history: AlertHistory;
  readonly #byReceiver = new Map<string, Integration[]>();
  readonly #dir: string;
  #lastDropWarning = Number.NEGATIVE_INFINITY;
  /** Evaluation warnings already logged (each is logged once, not at every evaluation). */
  readonly #warned = new Set<string>();

  /** Opens the saved state in `<data>/alerts`, resumes pending deliveries and starts evaluating. */
  constructor(options: AlertingOptions) {
    this.#o = options;
    const scheduler = (this.#scheduler = options.scheduler ?? realScheduler);
    const dir = (this.#dir = join(options.dataDir, "alerts"));
    mkdirSync(dir, { recursive: true });
    this.#history = new AlertHistory(join(dir, "history.jsonl"), options.log);
    const restored = AlertStates.restore(readIfExists(this.#statePath) ?? { version: 1, alerts: [] });
    for (const issue of restored.issues) options.log(`alert state: ${issue.message}`);
    this.#states = restored.states;
    for (const warning of loadSilences(this.#silencePath, this.#silences)) options.log(warning);
    const integrations = integrationsOf(options.receivers);
    for (const i of integrations) {
      this.#byReceiver.set(i.receiver, [...(this.#byReceiver.get(i.receiver) ?? []), i]);
      options.metrics?.addLane(i.receiver, i.kind);
    }
    const opened = NotificationLog.open(dir, { now: scheduler.now() });
    if (opened.skippedLines > 0)
      options.log(`notification log: ${opened.skippedLines} unreadable line(s) skipped (a torn write)`);
    this.#log = opened.log;
    this.#queue = new DeliveryQueue({
      receivers: integrations.map((i) => i.lane),
      log: opened.log,
      scheduler,
      random: Math.random,
      onStats: (lane, stats) => {
        const { receiver, integration } = laneParts(lane);
        options.metrics?.laneCounts(receiver, integration, stats);
      },
      onSettled: (entry, outcome) => {
        this.#history.settled(entry, outcome);
        if (!outcome.sent) options.log(`notification to ${entry.receiver} failed: ${outcome.reason}`);
      },
    });
    if (opened.pending.length > 0)
      options.log(
        `notification log: ${opened.pending.length} notification(s) pending from before; resending`,
      );
    this.#queue.resume(opened.pending);
    this.#engine = new AlertEngine({
      rules: options.rules,
      route: options.route,
      inhibitRules: options.inhibitRules,
      silences: this.#silences,
      states: this.#states,
      scheduler,
      sendResolved: (receiver) => (this.#byReceiver.get(receiver) ?? []).some((i) => i.sendResolved),
      generatorURL: (rule) =>
        `${options.externalURL().replace(/\/+$/, "")}/api/alerts?rule=${encodeURIComponent(rule)}`,
      notify: (routed) => this.#notify(routed),
      onEvaluated: (rule, lagMs, issues) => {
        options.metrics?.evaluated(rule, lagMs);
        for (const issue of issues) this.#warnOnce(`alert rule ${rule}: ${issue.message}`);
      },
      onStatesChanged: () => this.#stateChanged(),
      onWindowDropped: (records) => this.#windowDropped(records),
      ...(options.recent === undefined ? {} : { recent: options.recent }),
    });
    this.#countAlerts();
  }

  get #statePath(): string {
    return join(this.#dir, "state.json");
  }

  get #silencePath(): string {
    return join(this.#dir, "silences.json");
  }

  /** Takes a batch of flow records for the streaming rules (and the windows of all rules). */
  observe(records: readonly AggregatedFlow[]): void {
    this.#engine.observe(records);
  }

  /** Every alert now, with whether a silence or an inhibit rule mutes it. */
  alerts(): AlertView[] {
    const now = this.#scheduler.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    return this.#states.alerts().map((a) => {
      const view: AlertView = {
        rule: a.labels["alertname"] ?? "",
        state: a.state,
        labels: { ...a.labels },
        annotations: { ...a.annotations },
        activeAt: iso(a.activeAt),
        startsAt: iso(a.startsAt),
        silencedBy: this.#silences.silencedBy(a.labels, now),
        inhibited: this.#engine.inhibited(a.labels, now),
      };
      if (a.endsAt !== undefined) view.endsAt = iso(a.endsAt);
      if (a.value !== undefined) view.value = a.value;
      return view;
    });
  }

  /** The recent notifications, newest first. */
  history(): NotificationView[] {
    return this.#history.list();
  }

  /** Every silence with its state now. */
  silences(): SilenceView[] {
    const now = this.#scheduler.now();
    return this.#silences.list().map((s) => ({ ...s, state: silenceState(s, now) }));
  }

  /** Creates a silence (saved at once); returns it, or why it is refused. */
  createSilence(input: Omit<SilenceInput, "id">): { silence: SilenceView } | { error: string } {
    const now = this.#scheduler.now();
    this.#silences.collect(now - silenceRetentionMs);
    const made = this.#silences.create({ ...input, id: randomUUID() }, now);
    if ("error" in made) return made;
    saveSilences(this.#silencePath, this.#silences);
    this.#engine.poke();
    return { silence: { ...made.silence, state: silenceState(made.silence, now) } };
  }

  /** Expires a silence (saved at once); false when there is no such silence or it has expired already. */
  expireSilence(id: string): boolean {
    if (!this.#silences.expire(id, this.#scheduler.now())) return false;
    saveSilences(this.#silencePath, this.#silences);
    this.#engine.poke();
    return true;
  }

  /** Stops evaluating, saves the alert states, and delivers what is queued for up to `flushMs`. */
  async close(flushMs: number): Promise<CloseResult> {
    this.#engine.stop();
    this.#saveStates();
    const result = await this.#queue.close({ flushMs });
    this.#log.close();
    return result;
  }

  #notify(routed: readonly RoutedNotification[]): void {
    const now = this.#scheduler.now();
    for (const { notification, dedupMs } of routed) {
      const wire = wireNotification(notification, this.#o.externalURL());
      for (const integration of this.#byReceiver.get(notification.receiver) ?? []) {
        const payload = integration.sendResolved ? wire : withoutResolved(wire);
        if (payload === undefined) continue;
        const lane = integration.lane.name;
        const result = this.#queue.enqueue(lane, payload, dedupMs);
        if (result === "queued" || result === "duplicate")
          this.#history.queued(lane, notificationId(lane, payload), payload, now, result === "duplicate");
      }
    }
  }

  /**
   * Saves the states at once when an alert appeared, fired, resolved or went: the engine calls this before it
   * flushes, so a notification is never queued for an alert whose state a crash could lose (a restart would
   * then notify it again under a new start time).
   */
  #stateChanged(): void {
    this.#countAlerts();
    this.#saveStates();
  }

  #saveStates(): void {
    try {
      writeFileAtomic(this.#statePath, JSON.stringify(this.#states.serialize()));
    } catch (err) {
      this.#o.log(`alert state not saved: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  #warnOnce(message: string): void {
    if (this.#warned.has(message)) return;
    this.#warned.add(message);
    this.#o.log(message);
  }

  /** Counts records dropped from the rules' window, and says so in the log at most once a minute. */
  #windowDropped(records: number): void {
    this.#o.metrics?.windowDropped(records);
    const now = this.#scheduler.now();
    if (now - this.#lastDropWarning < 60_000) return;
    this.#lastDropWarning = now;
    this.#o.log(
      "alerting: more distinct flow records than the rules' window holds; its oldest buckets are " +
        "dropped early, so rules count less than their full lookback until the flood passes",
    );
  }

  #countAlerts(): void {
    const counts = { pending: 0, firing: 0, resolved: 0 };
    for (const a of this.#states.alerts()) counts[a.state]++;
    this.#o.metrics?.alertCounts(counts);
  }
}
