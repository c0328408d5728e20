// Tests for the notification log on a real file: replay, dedup memory, compaction, and a torn last line after a crash.
import { groupNote } from "./notification.testkit.js";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { contentHash, notificationId, NotificationLog } from "./notification-log.js";

const root = mkdtempSync(join(tmpdir(), "netward-notification-log-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(root, `d${dirs++}`);

const entry = (group: string, enqueuedAt = 1000) => ({
  id: notificationId("team", groupNote(group)),
  receiver: "team",
  notification: groupNote(group),
  enqueuedAt,
});

describe("notification ids", () => {
  it("depend on receiver, group key and content, not on alert order or texts outside the alerts", () => {
    const a = groupNote("a");
    const two = { ...a, alerts: [...a.alerts, { ...a.alerts[0]!, fingerprint: "fp-z" }] };
    const reversed = { ...two, alerts: [...two.alerts].reverse() };
    expect(notificationId("team", two)).toBe(notificationId("team", reversed));
    expect(notificationId("team", { ...a, externalURL: "http://other" })).toBe(notificationId("team", a));
    expect(notificationId("other", a)).not.toBe(notificationId("team", a));
    expect(notificationId("team", groupNote("b"))).not.toBe(notificationId("team", a));
    expect(contentHash(groupNote("a", "resolved"))).not.toBe(contentHash(a));
  });
});

describe("the notification log", () => {
  it("returns what is still pending on reopening and remembers what was sent", () => {
    const dir = freshDir();
    const { log, pending } = NotificationLog.open(dir, { now: 0 });
    expect(pending).toEqual([]);
    const [a, b, c] = [entry("a"), entry("b"), entry("c")];
    log.pending(a);
    log.pending(b);
    log.pending(c);
    log.sent(a.id, 5000);
    log.failed(c.id, 6000, "refused");
    log.close();

    const again = NotificationLog.open(dir, { now: 7000 });
    expect(again.pending).toEqual([b]);
    expect(again.skippedLines).toBe(0);
    expect(again.log.wasSent(a.id, 5000)).toBe(true);
    expect(again.log.wasSent(a.id, 5001)).toBe(false);
    expect(again.log.wasSent(b.id, 0)).toBe(false);
    expect(again.log.wasSent(c.id, 0)).toBe(false);
    again.log.close();
  });

  it("skips a torn last line, keeps the rest, and appends cleanly afterwards", () => {
    const dir = freshDir();
    const { log } = NotificationLog.open(dir, { now: 0 });
    const [a, b] = [entry("a"), entry("b")];
    log.pending(a);
    log.pending(b);
    log.close();
    const file = join(dir, "notifications.jsonl");
    appendFileSync(file, JSON.stringify({ op: "sent", id: b.id, at: 9 }).slice(0, 20));

    const torn = NotificationLog.open(dir, { now: 10 });
    expect(torn.skippedLines).toBe(1);
    expect(torn.pending.map((p) => p.id)).toEqual([a.id, b.id]);
    torn.log.sent(a.id, 11);
    torn.log.close();

    const after = NotificationLog.open(dir, { now: 12 });
    expect(after.skippedLines).toBe(0);
    expect(after.pending.map((p) => p.id)).toEqual([b.id]);
    expect(after.log.wasSent(a.id, 11)).toBe(true);
    after.log.close();
    expect(readFileSync(file, "utf8").endsWith("\n")).toBe(true);
  });

  it("compacts on opening once it has grown, forgetting sent records older than the retention", () => {
    const dir = freshDir();
    const { log } = NotificationLog.open(dir, { now: 0 });
    const kept = entry("kept");
    for (let i = 0; i < 300; i++) {
      const e = entry(`g${i}`, i);
      log.pending(e);
      log.sent(e.id, i);
    }
    log.pending(kept);
    const recent = entry("recent");
    log.pending(recent);
    log.sent(recent.id, 500_000);
    log.close();
    const file = join(dir, "notifications.jsonl");
    const before = statSync(file).size;

    const reopened = NotificationLog.open(dir, { now: 600_000, retainMs: 200_000 });
    expect(reopened.pending).toEqual([kept]);
    expect(reopened.log.wasSent(recent.id, 0)).toBe(true);
    expect(reopened.log.wasSent(entry("g1").id, 0)).toBe(false);
    reopened.log.close();
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(statSync(file).size).toBeLessThan(before);
  });

  it("leaves a small log as it is", () => {
    const dir = freshDir();
    const { log } = NotificationLog.open(dir, { now: 0 });
    const a = entry("a");
    log.pending(a);
    log.sent(a.id, 1);
    log.close();
    const file = join(dir, "notifications.jsonl");
    const text = readFileSync(file, "utf8");
    NotificationLog.open(dir, { now: 2 }).log.close();
    expect(readFileSync(file, "utf8")).toBe(text);
  });

  it("refuses appends once closed", () => {
    const { log } = NotificationLog.open(freshDir(), { now: 0 });
    log.close();
    expect(() => log.sent("x", 1)).toThrow(/closed/);
  });
});
