// The durable notification log: append-only JSON lines in the data directory saying which notifications are pending, sent or failed.
import { createHash } from "node:crypto";
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../store/atomic-file.js";
import type { Notification } from "./notification.js";

/** A notification waiting for delivery to one receiver, as the log keeps it. */
export interface LoggedNotification {
  id: string;
  receiver: string;
  notification: Notification;
  enqueuedAt: number;
}

/** One line of the log. */
type LogRecord =
  | ({ op: "pending" } & LoggedNotification)
  | { op: "sent"; id: string; at: number }
  | { op: "failed"; id: string; at: number; reason: string };

/** How the log was found on opening: what to resend, and how many unreadable lines (a torn last line after a crash) were skipped. */
export interface OpenedLog {
  log: NotificationLog;
  pending: LoggedNotification[];
  skippedLines: number;
}

/** Options for opening the log. */
export interface OpenLogOptions {
  /** The current time, to know which sent records compaction may forget. */
  now: number;
  /** How long sent records are remembered across compactions; at least the longest repeat interval (default 24 h). */
  retainMs?: number;
  /** The file name inside the data directory (default `notifications.jsonl`). */
  fileName?: string;
}

/** The content hash of a notification: its status and its alerts (order-independent), not its texts' rendering. */
export function contentHash(n: Notification): string {
  const alerts = [...n.alerts]
    .sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0))
    .map((a) => [a.fingerprint, a.status, sorted(a.labels), sorted(a.annotations), a.startsAt, a.endsAt]);
  return createHash("sha256")
    .update(JSON.stringify([n.status, alerts]))
    .digest("hex");
}

/** The identity of one notification to one receiver: receiver, group key and content hash, hashed together. */
export function notificationId(receiver: string, n: Notification): string {
  return createHash("sha256")
    .update(JSON.stringify([receiver, n.groupKey, contentHash(n)]))
    .digest("hex")
    .slice(0, 32);
}

const sorted = (r: Record<string, string>) =>
  Object.keys(r)
    .sort()
    .map((k) => [k, r[k]]);

/** The log opened for appending: every append is written and fsynced before it returns. */
export class NotificationLog {
  readonly #path: string;
  #fd: number | undefined;
  readonly #pending = new Map<string, LoggedNotification>();
  readonly #sentAt = new Map<string, number>();

  private constructor(path: string) {
    this.#path = path;
  }

  /** Opens (or creates) the log in `dir`, replays it, and compacts it when it has grown or ends torn. */
  static open(dir: string, options: OpenLogOptions): OpenedLog {
    mkdirSync(dir, { recursive: true });
    const log = new NotificationLog(join(dir, options.fileName ?? "notifications.jsonl"));
    const { lines, skipped } = log.#replay();
    const since = options.now - (options.retainMs ?? 24 * 3600_000);
    const live = log.#records(since);
    if (skipped > 0 || lines > 2 * live.length + 100) log.#rewrite(live);
    log.#fd = openSync(log.#path, "a");
    return { log, pending: [...log.#pending.values()], skippedLines: skipped };
  }

  /** Records that a notification is waiting for delivery. */
  pending(entry: LoggedNotification): void {
    this.#append({ op: "pending", ...entry });
  }

  /** Records that a notification was delivered at `at`. */
  sent(id: string, at: number): void {
    this.#append({ op: "sent", id, at });
  }

  /** Records that a notification will never be delivered, and why. */
  failed(id: string, at: number, reason: string): void {
    this.#append({ op: "failed", id, at, reason });
  }

  /** True when the notification with this id was delivered at or after `since`. */
  wasSent(id: string, since: number): boolean {
    const at = this.#sentAt.get(id);
    return at !== undefined && at >= since;
  }

  /** The notifications recorded as pending and not since sent or failed. */
  pendingNow(): LoggedNotification[] {
    return [...this.#pending.values()];
  }

  /** Closes the file; appending afterwards is a bug. */
  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  #append(record: LogRecord): void {
    if (this.#fd === undefined) throw new Error("the notification log is closed");
    writeSync(this.#fd, JSON.stringify(record) + "\n");
    fsyncSync(this.#fd);
    this.#apply(record);
  }

  #apply(record: LogRecord): void {
    if (record.op === "pending") {
      const { id, receiver, notification, enqueuedAt } = record;
      this.#pending.set(id, { id, receiver, notification, enqueuedAt });
    } else {
      this.#pending.delete(record.id);
      if (record.op === "sent")
        this.#sentAt.set(record.id, Math.max(record.at, this.#sentAt.get(record.id) ?? 0));
    }
  }

  #replay(): { lines: number; skipped: number } {
    if (!existsSync(this.#path)) return { lines: 0, skipped: 0 };
    const parts = readFileSync(this.#path, "utf8").split("\n");
    const tail = parts.pop();
    let skipped = tail === undefined || tail === "" ? 0 : 1;
    for (const line of parts) {
      const record = parseRecord(line);
      if (record === undefined) skipped++;
      else this.#apply(record);
    }
    return { lines: parts.length, skipped };
  }

  #records(since: number): LogRecord[] {
    const out: LogRecord[] = [];
    for (const [id, at] of this.#sentAt) {
      if (at >= since) out.push({ op: "sent", id, at });
      else this.#sentAt.delete(id);
    }
    for (const entry of this.#pending.values()) out.push({ op: "pending", ...entry });
    return out;
  }

  #rewrite(records: readonly LogRecord[]): void {
    writeFileAtomic(this.#path, records.map((r) => JSON.stringify(r) + "\n").join(""));
  }
}

/** One log line as a record, or undefined when it is not one (torn or foreign). */
function parseRecord(line: string): LogRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const r = value as Record<string, unknown>;
  if (typeof r["id"] !== "string") return undefined;
  if (r["op"] === "pending") {
    const ok =
      typeof r["receiver"] === "string" &&
      typeof r["enqueuedAt"] === "number" &&
      typeof r["notification"] === "object" &&
      r["notification"] !== null;
    return ok ? (value as LogRecord) : undefined;
  }
  if (r["op"] === "sent" && typeof r["at"] === "number") return value as LogRecord;
  if (r["op"] === "failed" && typeof r["at"] === "number") return value as LogRecord;
  return undefined;
}
