// Per-receiver bounded delivery queues: one send in flight per receiver, retries with capped exponential backoff and full jitter, every transition in the notification log.
//
// What netward guarantees: a notification enqueued (its `pending` record fsynced) is delivered at least once
// unless a receiver refuses it for good, it outlives its max age, or the bound drops it; each of those is
// recorded as `failed`. `sent` is fsynced after the receiver accepted, so a crash (or a shutdown abort)
// between the receiver's acceptance and that record resends it once on restart: at most one duplicate per
// crash. Exactly-once needs the receiver to deduplicate as well (by group key and content: the log's id);
// netward itself never resends a notification recorded as sent within the repeat interval.
import type { Notification } from "./notification.js";
import { notificationId, type LoggedNotification, type NotificationLog } from "./notification-log.js";
import type { Delivery, Receiver } from "./receiver.js";
import type { Scheduler, Timer } from "./scheduler.js";

/** Counters for one receiver, for metrics. */
export interface ReceiverStats {
  sent: number;
  failed: number;
  retried: number;
  dropped: number;
  depth: number;
}

/** What became of an enqueue. */
export type EnqueueResult = "queued" | "already-queued" | "duplicate" | "unknown-receiver" | "closed";

/** How the queue is set up; only receivers, log, scheduler and random are required. */
export interface DeliveryQueueOptions {
  receivers: readonly Receiver[];
  log: NotificationLog;
  scheduler: Scheduler;
  /** A uniform random number in [0, 1), for the jitter (Math.random in production). */
  random: () => number;
  /** Queued notifications per receiver before the oldest not in flight is dropped (default 1,000). */
  bound?: number;
  /** First backoff cap (default 1 s); the cap doubles (`factor`) per retry up to `maxBackoffMs` (default 5 min). */
  baseMs?: number;
  factor?: number;
  maxBackoffMs?: number;
  /** Age after which a notification is not retried any more (default 1 h); the first attempt always happens. */
  maxAgeMs?: number;
  /** A notification identical to one sent this recently is not sent again (default 4 h, Alertmanager's). */
  repeatIntervalMs?: number;
  /** An attempt taking longer than this is aborted and retried (default 30 s). */
  sendTimeoutMs?: number;
  /** Called after every change of a receiver's counters. */
  onStats?: (receiver: string, stats: Readonly<ReceiverStats>) => void;
  /** Called when a notification's fate is known: delivered, refused for good or dropped (with why). */
  onSettled?: (entry: LoggedNotification, outcome: SettledOutcome) => void;
}

/** What finally became of a queued notification. */
export type SettledOutcome = { sent: true; at: number } | { sent: false; at: number; reason: string };

/** What a graceful close left: whether everything was flushed, and how many stay pending in the log. */
export interface CloseResult {
  flushed: boolean;
  pending: number;
}

interface Item extends LoggedNotification {
  attempts: number;
}

interface Lane {
  receiver: Receiver;
  items: Item[];
  sending: AbortController | undefined;
  timer: { handle: Timer; due: number } | undefined;
  stats: ReceiverStats;
}

/** The delivery queues of every receiver, sharing one log and one clock. */
export class DeliveryQueue {
  readonly #o: Required<Omit<DeliveryQueueOptions, "onStats" | "onSettled">> &
    Pick<DeliveryQueueOptions, "onStats" | "onSettled">;
  readonly #lanes = new Map<string, Lane>();
  #closing: { deadline: number; done: () => void } | undefined;
  #stopped = false;

  constructor(options: DeliveryQueueOptions) {
    this.#o = {
      bound: 1000,
      baseMs: 1000,
      factor: 2,
      maxBackoffMs: 300_000,
      maxAgeMs: 3600_000,
      repeatIntervalMs: 4 * 3600_000,
      sendTimeoutMs: 30_000,
      ...options,
    };
    for (const receiver of options.receivers) {
      const stats = { sent: 0, failed: 0, retried: 0, dropped: 0, depth: 0 };
      this.#lanes.set(receiver.name, { receiver, items: [], sending: undefined, timer: undefined, stats });
    }
  }

  /**
   * Queues a notification for a receiver, recording it as pending first; skips one identical to a notification
   * sent within `repeatIntervalMs` (default: the queue's).
   */
  enqueue(receiver: string, notification: Notification, repeatIntervalMs?: number): EnqueueResult {
    if (this.#closing !== undefined) return "closed";
    const lane = this.#lanes.get(receiver);
    if (lane === undefined) return "unknown-receiver";
    const id = notificationId(receiver, notification);
    if (lane.items.some((i) => i.id === id)) return "already-queued";
    const now = this.#o.scheduler.now();
    if (this.#o.log.wasSent(id, now - (repeatIntervalMs ?? this.#o.repeatIntervalMs))) return "duplicate";
    const entry = { id, receiver, notification, enqueuedAt: now };
    this.#o.log.pending(entry);
    this.#push(lane, { ...entry, attempts: 0 });
    return "queued";
  }

  /** Queues notifications the log found pending on opening, oldest first, without recording them again. */
  resume(entries: readonly LoggedNotification[]): void {
    for (const entry of [...entries].sort((a, b) => a.enqueuedAt - b.enqueuedAt)) {
      const lane = this.#lanes.get(entry.receiver);
      if (lane === undefined) {
        this.#o.log.failed(entry.id, this.#o.scheduler.now(), "the receiver is no longer configured");
      } else if (!lane.items.some((i) => i.id === entry.id)) {
        this.#push(lane, { ...entry, attempts: 0 });
      }
    }
  }

  /** The counters of one receiver (undefined for an unknown one). */
  stats(receiver: string): Readonly<ReceiverStats> | undefined {
    const stats = this.#lanes.get(receiver)?.stats;
    return stats === undefined ? undefined : { ...stats };
  }

  /** Stops accepting, keeps delivering for up to `flushMs`, then aborts what is in flight; the rest stays pending in the log. */
  close({ flushMs }: { flushMs: number }): Promise<CloseResult> {
    if (this.#closing !== undefined) return Promise.resolve(this.#result());
    return new Promise((resolve) => {
      const deadline = this.#o.scheduler.now() + flushMs;
      const timer = this.#o.scheduler.setTimeout(() => finish(), flushMs);
      const finish = () => {
        if (this.#stopped) return;
        this.#stopped = true;
        timer.cancel();
        for (const lane of this.#lanes.values()) {
          lane.timer?.handle.cancel();
          lane.timer = undefined;
          lane.sending?.abort();
        }
        resolve(this.#result());
      };
      this.#closing = { deadline, done: finish };
      for (const lane of this.#lanes.values()) {
        if (lane.timer !== undefined && lane.timer.due > deadline) this.#park(lane);
      }
      this.#checkClosed();
    });
  }

  #result(): CloseResult {
    let pending = 0;
    for (const lane of this.#lanes.values()) pending += lane.items.length;
    return { flushed: pending === 0, pending };
  }

  #push(lane: Lane, item: Item): void {
    lane.items.push(item);
    if (lane.items.length > this.#o.bound) {
      const oldest = lane.sending === undefined ? 0 : 1;
      const [dropped] = lane.items.splice(oldest, 1);
      if (dropped !== undefined) {
        const reason = "dropped: the receiver's queue was full";
        const at = this.#o.scheduler.now();
        this.#o.log.failed(dropped.id, at, reason);
        lane.stats.dropped++;
        this.#o.onSettled?.(dropped, { sent: false, at, reason });
      }
    }
    this.#changed(lane);
    this.#pump(lane);
  }

  /** Starts the head's attempt when the lane is idle and not waiting on a backoff. */
  #pump(lane: Lane): void {
    if (this.#stopped || lane.sending !== undefined || lane.timer !== undefined) return;
    const head = lane.items[0];
    if (head === undefined) return;
    void this.#attempt(lane, head);
  }

  async #attempt(lane: Lane, item: Item): Promise<void> {
    const controller = new AbortController();
    lane.sending = controller;
    item.attempts++;
    const timeout = this.#o.scheduler.setTimeout(() => controller.abort(), this.#o.sendTimeoutMs);
    let delivery: Delivery;
    try {
      delivery = await lane.receiver.send(item.notification, controller.signal);
    } catch (err) {
      delivery = { outcome: "retry", reason: `the receiver threw: ${String(err)}` };
    }
    timeout.cancel();
    if (this.#stopped) return;
    lane.sending = undefined;
    this.#settle(lane, item, delivery);
    this.#changed(lane);
    this.#checkClosed();
    this.#pump(lane);
  }

  #settle(lane: Lane, item: Item, delivery: Delivery): void {
    const now = this.#o.scheduler.now();
    if (delivery.outcome === "delivered") {
      this.#o.log.sent(item.id, now);
      lane.stats.sent++;
      lane.items.shift();
      this.#o.onSettled?.(item, { sent: true, at: now });
      return;
    }
    const delay = delivery.outcome === "retry" ? this.#backoff(item.attempts, delivery.afterMs) : 0;
    if (delivery.outcome === "failed" || now + delay - item.enqueuedAt > this.#o.maxAgeMs) {
      const why =
        delivery.outcome === "failed"
          ? delivery.reason
          : `gave up after ${item.attempts} attempts: ${delivery.reason}`;
      this.#o.log.failed(item.id, now, why);
      lane.stats.failed++;
      lane.items.shift();
      this.#o.onSettled?.(item, { sent: false, at: now, reason: why });
      return;
    }
    lane.stats.retried++;
    const due = now + delay;
    if (this.#closing !== undefined && due > this.#closing.deadline) {
      this.#park(lane);
      return;
    }
    const handle = this.#o.scheduler.setTimeout(() => {
      lane.timer = undefined;
      this.#pump(lane);
    }, delay);
    lane.timer = { handle, due };
  }

  /** The wait before the next attempt: full jitter under a capped exponential, but never less than the receiver asked. */
  #backoff(attempts: number, afterMs: number | undefined): number {
    const cap = Math.min(this.#o.maxBackoffMs, this.#o.baseMs * this.#o.factor ** (attempts - 1));
    return Math.max(afterMs ?? 0, Math.floor(this.#o.random() * cap));
  }

  /** Leaves a lane's head pending for the next start: its retry would fall after the close deadline. */
  #park(lane: Lane): void {
    lane.timer?.handle.cancel();
    lane.timer = { handle: { cancel: () => undefined }, due: Infinity };
  }

  #changed(lane: Lane): void {
    lane.stats.depth = lane.items.length;
    this.#o.onStats?.(lane.receiver.name, { ...lane.stats });
  }

  #checkClosed(): void {
    if (this.#closing === undefined) return;
    const busy = [...this.#lanes.values()].some(
      (l) => l.items.length > 0 && (l.sending !== undefined || (l.timer?.due ?? 0) !== Infinity),
    );
    if (!busy) this.#closing.done();
  }
}
