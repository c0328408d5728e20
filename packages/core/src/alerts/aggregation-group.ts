// One Alertmanager aggregation group: its alerts, its flush timer and its notification-log deduplication.
import { fingerprint, type Labels } from "./fingerprint.js";

/** An alert as received; times are ms since the epoch, and it is resolved once `endsAt <= now`. */
export interface Alert {
  readonly labels: Labels;
  readonly annotations?: Labels;
  readonly startsAt: number;
  readonly endsAt?: number;
  readonly generatorURL?: string;
}

/** A group's timers in ms (Alertmanager's group_wait, group_interval, repeat_interval). */
export interface GroupTimers {
  readonly groupWait: number;
  readonly groupInterval: number;
  readonly repeatInterval: number;
}

/** Alertmanager 0.25's default timers: 30s, 5m, 4h. */
export const defaultTimers: GroupTimers = {
  groupWait: 30_000,
  groupInterval: 300_000,
  repeatInterval: 14_400_000,
};

/** An alert as it goes out: firing alerts carry no `endsAt`, as in Alertmanager. */
export interface NotifiedAlert {
  readonly status: "firing" | "resolved";
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAt: number;
  readonly endsAt?: number;
  readonly generatorURL?: string;
  readonly fingerprint: string;
}

/** One notification for one receiver, with the fields Alertmanager's templates and webhook body are built from. */
export interface Notification {
  readonly receiver: string;
  readonly groupKey: string;
  readonly groupLabels: Labels;
  readonly status: "firing" | "resolved";
  readonly alerts: readonly NotifiedAlert[];
  readonly commonLabels: Labels;
  readonly commonAnnotations: Labels;
}

/** The notification-log entry of a group: the fingerprints last notified and when (Alertmanager's nflog entry). */
export interface NotificationRecord {
  readonly firing: ReadonlySet<string>;
  readonly resolved: ReadonlySet<string>;
  readonly at: number;
}

/** What identifies and configures a group. */
export interface GroupOptions {
  readonly groupKey: string;
  readonly groupLabels: Labels;
  readonly receiver: string;
  readonly timers: GroupTimers;
  readonly sendResolved: boolean;
}

interface Stored {
  readonly alert: Alert;
  readonly fingerprint: string;
  readonly sorted: readonly (readonly [string, string])[];
}

/** Alertmanager's DedupStage.needsUpdate: whether a flush with these fingerprints must notify. */
export function needsUpdate(
  last: NotificationRecord | undefined,
  firing: ReadonlySet<string>,
  resolved: ReadonlySet<string>,
  sendResolved: boolean,
  repeatInterval: number,
  now: number,
): boolean {
  if (last === undefined) return firing.size > 0;
  if (!isSubset(firing, last.firing)) return true;
  if (firing.size === 0) return last.firing.size > 0;
  if (sendResolved && !isSubset(resolved, last.resolved)) return true;
  return last.at < now - repeatInterval;
}

function isSubset(subset: ReadonlySet<string>, set: ReadonlySet<string>): boolean {
  for (const item of subset) if (!set.has(item)) return false;
  return true;
}

const isResolved = (alert: Alert, now: number): boolean => alert.endsAt !== undefined && alert.endsAt <= now;

/** Alertmanager's alert order: by `job`, then `instance` (alerts with the label first), then by label set. */
function compareStored(a: Stored, b: Stored): number {
  for (const key of ["job", "instance"]) {
    const x = a.alert.labels[key];
    const y = b.alert.labels[key];
    if (x === undefined && y === undefined) continue;
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    if (x !== y) return x < y ? -1 : 1;
  }
  if (a.sorted.length !== b.sorted.length) return a.sorted.length - b.sorted.length;
  for (let i = 0; i < a.sorted.length; i++) {
    const [xn, xv] = a.sorted[i] ?? ["", ""];
    const [yn, yv] = b.sorted[i] ?? ["", ""];
    if (xn !== yn) return xn < yn ? 1 : -1;
    if (xv !== yv) return xv < yv ? -1 : 1;
  }
  return 0;
}

/** The labels (or annotations) with the same value in every one of the given sets. */
export function commonOf(sets: readonly Labels[]): Labels {
  const [first, ...rest] = sets;
  const common: Record<string, string> = { ...first };
  for (const set of rest)
    for (const [name, value] of Object.entries(common)) if (set[name] !== value) delete common[name];
  return common;
}

/** One aggregation group: first flush `groupWait` after creation, then one every `groupInterval`; driven by `flush(now)`. */
export class AggregationGroup {
  readonly options: GroupOptions;
  readonly #alerts = new Map<string, Stored>();
  #next: number;
  #hasFlushed = false;
  #last: NotificationRecord | undefined;

  /** Creates the group at `now`; `previous` carries the notification log over from an earlier group with this key. */
  constructor(options: GroupOptions, now: number, previous?: NotificationRecord) {
    this.options = options;
    this.#next = now + options.timers.groupWait;
    this.#last = previous;
  }

  /** When the group next wants `flush` to be called (ms). */
  get nextFlush(): number {
    return this.#next;
  }

  /** The last notification-log entry, if the group (or its predecessor) ever notified. */
  get lastNotification(): NotificationRecord | undefined {
    return this.#last;
  }

  /** How many alerts the group holds. */
  get size(): number {
    return this.#alerts.size;
  }

  /** Adds or replaces an alert; one that started more than `groupWait` ago makes a not-yet-flushed group flush now. */
  insert(alert: Alert, now: number): void {
    const key = fingerprint(alert.labels);
    const old = this.#alerts.get(key)?.alert;
    const merged =
      old !== undefined && !isResolved(old, now) && old.startsAt < alert.startsAt
        ? { ...alert, startsAt: old.startsAt }
        : alert;
    const sorted = Object.entries(alert.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.#alerts.set(key, { alert: merged, fingerprint: key, sorted });
    if (!this.#hasFlushed && alert.startsAt + this.options.timers.groupWait < now) this.#next = now;
  }

  /**
   * Runs the flush due at `now`: schedules the next one `groupInterval` later, drops muted alerts, notifies if the
   * notification log says so, and removes resolved alerts. Returns the notification to send, if any.
   */
  flush(now: number, muted: (labels: Labels) => boolean = () => false): Notification | undefined {
    this.#next = now + this.options.timers.groupInterval;
    this.#hasFlushed = true;
    if (this.#alerts.size === 0) return undefined;
    const all = [...this.#alerts.values()].sort(compareStored);
    for (const s of all) if (isResolved(s.alert, now)) this.#alerts.delete(s.fingerprint);
    const shown = all.filter((s) => !muted(s.alert.labels));
    if (shown.length === 0) return undefined;
    const firing = new Set<string>();
    const resolved = new Set<string>();
    for (const s of shown) (isResolved(s.alert, now) ? resolved : firing).add(s.fingerprint);
    const { sendResolved, timers } = this.options;
    if (!needsUpdate(this.#last, firing, resolved, sendResolved, timers.repeatInterval, now))
      return undefined;
    this.#last = { firing, resolved, at: now };
    const sent = sendResolved ? shown : shown.filter((s) => firing.has(s.fingerprint));
    if (sent.length === 0) return undefined;
    return this.#notification(sent, now, firing.size > 0);
  }

  #notification(sent: readonly Stored[], now: number, anyFiring: boolean): Notification {
    const alerts = sent.map(({ alert, fingerprint: fp }): NotifiedAlert => {
      const resolved = isResolved(alert, now);
      return {
        status: resolved ? "resolved" : "firing",
        labels: alert.labels,
        annotations: alert.annotations ?? {},
        startsAt: alert.startsAt,
        ...(resolved && alert.endsAt !== undefined ? { endsAt: alert.endsAt } : {}),
        ...(alert.generatorURL === undefined ? {} : { generatorURL: alert.generatorURL }),
        fingerprint: fp,
      };
    });
    return {
      receiver: this.options.receiver,
      groupKey: this.options.groupKey,
      groupLabels: this.options.groupLabels,
      status: anyFiring ? "firing" : "resolved",
      alerts,
      commonLabels: commonOf(alerts.map((a) => a.labels)),
      commonAnnotations: commonOf(alerts.map((a) => a.annotations)),
    };
  }
}
