// The recent notifications and what became of each, newest first, bounded.
import type { SettledOutcome } from "../notify/delivery-queue.js";
import type { LoggedNotification } from "../notify/notification-log.js";
import { defaultSubject, type Notification } from "../notify/notification.js";
import type { NotificationView } from "./alert-views.js";

/** The last `limit` notifications by id, updated as their deliveries settle. */
export class AlertHistory {
  readonly #entries = new Map<string, NotificationView>();

  constructor(private readonly limit = 1000) {}

  /** Records a notification queued (or found a duplicate) for a lane at `at`. */
  queued(lane: string, id: string, n: Notification, at: number, duplicate: boolean): void {
    const slash = lane.lastIndexOf("/");
    const view: NotificationView = {
      id,
      receiver: lane.slice(0, slash),
      integration: lane.slice(slash + 1),
      groupKey: n.groupKey,
      status: n.status,
      subject: defaultSubject(n),
      alerts: n.alerts.length,
      queuedAt: new Date(at).toISOString(),
      outcome: duplicate ? "duplicate" : "pending",
    };
    this.#entries.delete(id);
    this.#entries.set(id, view);
    if (this.#entries.size > this.limit) this.#entries.delete(this.#entries.keys().next().value!);
  }

  /** Records what became of a queued notification. */
  settled(entry: LoggedNotification, outcome: SettledOutcome): void {
    const view = this.#entries.get(entry.id);
    if (view === undefined) return;
    view.outcome = outcome.sent ? "sent" : "failed";
    view.settledAt = new Date(outcome.at).toISOString();
    if (!outcome.sent) view.reason = outcome.reason;
  }

  /** The notifications kept, newest first. */
  list(): NotificationView[] {
    return [...this.#entries.values()].reverse().map((v) => ({ ...v }));
  }
}
