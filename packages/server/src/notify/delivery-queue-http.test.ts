// Acceptance tests for delivery against a real HTTP server: 500 three times then 200 is one delivery, and Retry-After on 429 is honoured.
import { groupNote, scriptedServer, type ScriptedAnswer } from "./notification.testkit.js";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DeliveryQueue, type ReceiverStats } from "./delivery-queue.js";
import { notificationId, NotificationLog } from "./notification-log.js";
import { ManualScheduler, realScheduler, type Scheduler } from "./scheduler.js";
import { webhookReceiver } from "./webhook.js";

const root = mkdtempSync(join(tmpdir(), "netward-delivery-http-"));
const closers: (() => Promise<void>)[] = [];

/** A scripted server closed after the tests. */
async function served(answers: ScriptedAnswer[]) {
  const peer = await scriptedServer(answers);
  closers.push(peer.close);
  return peer;
}
afterAll(async () => {
  for (const close of closers) await close();
  rmSync(root, { recursive: true, force: true });
});
let dirs = 0;

/** One firing alert's notification, as the queue takes it. */
const denied = groupNote("denied");

/** A queue with one webhook receiver "hook" over a fresh log, and a wait for its counters to reach a state. */
function queueFor(url: string, scheduler: Scheduler) {
  const dir = join(root, `h${dirs++}`);
  const { log } = NotificationLog.open(dir, { now: scheduler.now() });
  let stats: ReceiverStats = { sent: 0, failed: 0, retried: 0, dropped: 0, depth: 0 };
  const queue = new DeliveryQueue({
    receivers: [webhookReceiver("hook", url)],
    log,
    scheduler,
    random: () => 0.5,
    onStats: (_r, s) => (stats = s),
  });
  const until = async (done: (s: ReceiverStats) => boolean) => {
    while (!done(stats)) await new Promise((resolve) => setTimeout(resolve, 2));
  };
  return { dir, log, queue, until };
}

describe("delivery against a real HTTP receiver", () => {
  it("delivers exactly once to a receiver failing with 500 three times and then answering 200", async () => {
    const peer = await served([{ status: 500 }, { status: 500 }, { status: 500 }, { status: 200 }]);
    const clock = new ManualScheduler(1_700_000_000_000);
    const { dir, log, queue, until } = queueFor(peer.url, clock);
    expect(queue.enqueue("hook", denied)).toBe("queued");
    for (let k = 1; k <= 3; k++) {
      await until((s) => s.retried === k);
      clock.fireNext();
    }
    await until((s) => s.sent === 1);
    await expect(queue.close({ flushMs: 1000 })).resolves.toEqual({ flushed: true, pending: 0 });
    log.close();
    expect(peer.answered.map((a) => a.status)).toEqual([500, 500, 500, 200]);
    expect(peer.answered.every((a) => a.groupKey === denied.groupKey)).toBe(true);
    expect(queue.stats("hook")).toMatchObject({ sent: 1, retried: 3, failed: 0, depth: 0 });
    const records = readFileSync(join(dir, "notifications.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { op: string; id: string });
    const id = notificationId("hook", denied);
    expect(records.map((r) => [r.op, r.id])).toEqual([
      ["pending", id],
      ["sent", id],
    ]);
  });

  it("waits out Retry-After on 429 on the manual clock", async () => {
    const peer = await served([{ status: 429, headers: { "retry-after": "2" } }, { status: 200 }]);
    const start = 1_700_000_000_000;
    const clock = new ManualScheduler(start);
    const { log, queue, until } = queueFor(peer.url, clock);
    queue.enqueue("hook", denied);
    await until((s) => s.retried === 1);
    expect(clock.nextDue()).toBeGreaterThanOrEqual(start + 2000);
    clock.advance(1999);
    expect(peer.answered).toHaveLength(1);
    clock.advance(1);
    await until((s) => s.sent === 1);
    expect(peer.answered.map((a) => a.status)).toEqual([429, 200]);
    await queue.close({ flushMs: 0 });
    log.close();
  });

  it("does not try again before Retry-After on the real clock", async () => {
    const peer = await served([{ status: 429, headers: { "retry-after": "1" } }, { status: 200 }]);
    const { log, queue, until } = queueFor(peer.url, realScheduler);
    queue.enqueue("hook", denied);
    await until((s) => s.sent === 1);
    const [first, second] = peer.answered;
    // Node's timers may fire up to a millisecond early against performance.now(); only a lower bound is asserted.
    expect(second!.arrivedAt - first!.arrivedAt).toBeGreaterThanOrEqual(999);
    await queue.close({ flushMs: 0 });
    log.close();
  });
});
