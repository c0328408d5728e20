// The Alertmanager dispatcher as a pure state machine: routes alerts into aggregation groups and flushes them on tick.
import {
  AggregationGroup,
  type Alert,
  type GroupTimers,
  type Notification,
  type NotificationRecord,
} from "./aggregation-group.js";
import type { Labels } from "./fingerprint.js";
import type { Inhibitor } from "./inhibition.js";
import { labelSetString } from "./routing.js";
import type { Silences } from "./silences.js";

/** One route an alert matched, with what grouping and notifying need; `groupBy: "..."` groups by every label. */
export interface GroupRoute {
  /** Identifies the route in group keys, e.g. `{}/{severity="critical"}`. */
  readonly routeKey: string;
  readonly receiver: string;
  readonly groupBy: readonly string[] | "...";
  readonly timers: GroupTimers;
  /** Whether the receiver wants resolved alerts (Alertmanager's send_resolved). */
  readonly sendResolved: boolean;
}

/** Returns the routes an alert with these labels goes to (from the route tree). */
export type RoutesFor = (labels: Labels) => readonly GroupRoute[];

/** What the dispatcher needs: routing, and optionally silences and inhibit rules applied at every flush. */
export interface DispatcherOptions {
  readonly routesFor: RoutesFor;
  readonly silences?: Silences;
  readonly inhibitor?: Inhibitor;
  /** How long a notification-log entry outlives its last notification (Alertmanager's default: 120h). */
  readonly logRetention?: number;
}

/** The result of a tick: notifications to send now, and when to tick next (undefined: only on new alerts). */
export interface TickResult {
  readonly notifications: readonly Notification[];
  readonly nextWake: number | undefined;
}

/** The labels of an alert that a route groups by (a label the alert lacks is left out). */
export function groupLabelsFor(labels: Labels, groupBy: GroupRoute["groupBy"]): Labels {
  if (groupBy === "...") return { ...labels };
  const out: Record<string, string> = {};
  for (const name of groupBy) {
    const value = labels[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/**
 * Routes alerts into aggregation groups keyed `<routeKey>:<group labels>` and flushes each group when due. A group
 * that is empty after a flush is removed (Alertmanager removes it within 30s); its notification-log entry is kept.
 */
export class Dispatcher {
  readonly #options: DispatcherOptions;
  readonly #groups = new Map<string, AggregationGroup>();
  readonly #log = new Map<string, NotificationRecord>();

  /** Creates a dispatcher with no alerts. */
  constructor(options: DispatcherOptions) {
    this.#options = options;
  }

  /** Takes in an alert (new, repeated or resolved) at `now`. */
  put(alert: Alert, now: number): void {
    this.#options.inhibitor?.observe(alert);
    for (const route of this.#options.routesFor(alert.labels)) {
      const groupLabels = groupLabelsFor(alert.labels, route.groupBy);
      const groupKey = `${route.routeKey}:${labelSetString(groupLabels)}`;
      let group = this.#groups.get(groupKey);
      if (group === undefined) {
        const options = { groupKey, groupLabels, receiver: route.receiver, timers: route.timers };
        group = new AggregationGroup(
          { ...options, sendResolved: route.sendResolved },
          now,
          this.#log.get(groupKey),
        );
        this.#groups.set(groupKey, group);
      }
      group.insert(alert, now);
    }
  }

  /** Flushes every group due at `now` and returns the notifications to send and the next time to tick. */
  tick(now: number): TickResult {
    const { silences, inhibitor } = this.#options;
    const muted = (labels: Labels): boolean =>
      (inhibitor?.mutes(labels, now) ?? false) || (silences?.mutes(labels, now) ?? false);
    const notifications: Notification[] = [];
    for (const [key, group] of this.#groups) {
      if (group.nextFlush > now) continue;
      const notification = group.flush(now, muted);
      if (notification !== undefined) notifications.push(notification);
      const record = group.lastNotification;
      if (record !== undefined) this.#log.set(key, record);
      if (group.size === 0) this.#groups.delete(key);
    }
    inhibitor?.collect(now);
    this.#expireLog(now);
    return { notifications, nextWake: this.nextWake() };
  }

  /** The earliest time a group wants flushing, or undefined when there are no groups. */
  nextWake(): number | undefined {
    let next: number | undefined;
    for (const group of this.#groups.values())
      if (next === undefined || group.nextFlush < next) next = group.nextFlush;
    return next;
  }

  /** The groups now held, by group key (for inspection and tests). */
  groups(): ReadonlyMap<string, AggregationGroup> {
    return this.#groups;
  }

  #expireLog(now: number): void {
    const retention = this.#options.logRetention ?? 120 * 3_600_000;
    for (const [key, record] of this.#log) if (record.at + retention <= now) this.#log.delete(key);
  }
}
