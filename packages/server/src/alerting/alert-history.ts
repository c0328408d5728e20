// The recent notifications and what became of each, newest first, bounded, and kept in a file across restarts.
import { appendFileSync, writeFileSync } from "node:fs";
import type { SettledOutcome } from "../notify/delivery-queue.js";
import type { LoggedNotification } from "../notify/notification-log.js";
import { defaultSubject, type Notification } from "../notify/notification.js";
import type { NotificationView } from "./alert-views.js";
import { laneParts } from "./integrations.js";
import { readIfExists } from "../store/atomic-file.js";

/** One line of the history file: an entry's key and its view as it now is (a later line for a key wins). */
interface HistoryLine {
  key: string;
  view: NotificationView;
}

/**
 * The last `limit` notifications, updated as their deliveries settle. Every change is appended to the file (not
 * fsynced: it is a record for people, the notification log is what delivery relies on); the file is rewritten
 * on opening once it holds more than twice the entries kept.
 */
export class AlertHistory {
  readonly #entries = new Map<string, NotificationView>();
  #broken = false;

  constructor(
    private readonly path: string,
    private readonly log: (message: string) => void,
    private readonly limit = 1000,
  ) {
    const lines = (readIfExists(path) ?? "").split("\n").filter((l) => l !== "");
    for (const line of lines) {
      const parsed = parseLine(line);
      if (parsed !== undefined) this.#keep(parsed.key, parsed.view);
    }
    if (lines.length > 2 * limit) this.#rewrite();
  }

  /** Records a notification queued (or found a duplicate of one already sent) for a lane at `at`. */
  queued(lane: string, id: string, n: Notification, at: number, duplicate: boolean): void {
    const view: NotificationView = {
      id,
      ...laneParts(lane),
      groupKey: n.groupKey,
      status: n.status,
      subject: defaultSubject(n),
      alerts: n.alerts.length,
      queuedAt: new Date(at).toISOString(),
      outcome: duplicate ? "duplicate" : "pending",
    };
    const key = duplicate ? `${id}@${at}` : id;
    this.#entries.delete(key);
    this.#keep(key, view);
    this.#append(key, view);
  }

  /** Records what became of a queued notification. */
  settled(entry: LoggedNotification, outcome: SettledOutcome): void {
    const view = this.#entries.get(entry.id);
    if (view === undefined) return;
    view.outcome = outcome.sent ? "sent" : "failed";
    view.settledAt = new Date(outcome.at).toISOString();
    if (!outcome.sent) view.reason = outcome.reason;
    this.#append(entry.id, view);
  }

  /** The notifications kept, newest first. */
  list(): NotificationView[] {
    return [...this.#entries.values()].reverse().map((v) => ({ ...v }));
  }

  /** Keeps an entry (in place when its key is known), dropping the oldest beyond the limit. */
  #keep(key: string, view: NotificationView): void {
    this.#entries.set(key, view);
    if (this.#entries.size > this.limit) this.#entries.delete(this.#entries.keys().next().value!);
  }

  #append(key: string, view: NotificationView): void {
    this.#write(() => appendFileSync(this.path, `${JSON.stringify({ key, view } satisfies HistoryLine)}\n`));
  }

  #rewrite(): void {
    const text = [...this.#entries].map(([key, view]) => `${JSON.stringify({ key, view })}\n`).join("");
    this.#write(() => writeFileSync(this.path, text));
  }

  /** Runs a write; the first failure is logged, and the history goes on in memory. */
  #write(write: () => void): void {
    try {
      write();
    } catch (err) {
      if (!this.#broken)
        this.log(`notification history not saved: ${err instanceof Error ? err.message : String(err)}`);
      this.#broken = true;
    }
  }
}

/** One history line, or undefined when it is not one (a torn last line, say). */
function parseLine(line: string): HistoryLine | undefined {
  try {
    const value = JSON.parse(line) as Partial<HistoryLine>;
    const view = value.view;
    if (typeof value.key !== "string" || typeof view !== "object" || view === null) return undefined;
    if (typeof view.id !== "string" || typeof view.queuedAt !== "string" || typeof view.outcome !== "string")
      return undefined;
    return { key: value.key, view };
  } catch {
    return undefined;
  }
}
