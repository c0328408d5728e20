// Tests for the delivery queue on the manual clock with scripted receivers and a real log file: backoff, Retry-After, bounds, max age, ordering, isolation and close.
import { groupNote } from "./notification.testkit.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DeliveryQueue, type DeliveryQueueOptions, type ReceiverStats } from "./delivery-queue.js";
import type { Notification } from "./notification.js";
import { notificationId, NotificationLog } from "./notification-log.js";
import type { Delivery, Receiver } from "./receiver.js";
import { ManualScheduler } from "./scheduler.js";

const root = mkdtempSync(join(tmpdir(), "netward-delivery-queue-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;

const retry: Delivery = { outcome: "retry", reason: "the receiver answered 500" };
const delivered: Delivery = { outcome: "delivered" };

/** A receiver answering each attempt with the next outcome of a list (the last repeats), remembering every attempt. */
class ScriptedReceiver implements Receiver {
  readonly kind = "webhook";
  readonly attempts: { group: string; at: number }[] = [];
  constructor(
    readonly name: string,
    private readonly clock: ManualScheduler,
    private readonly answers: (Delivery | (() => Promise<Delivery>))[],
  ) {}
  send(n: Notification): Promise<Delivery> {
    const answer = this.answers[Math.min(this.attempts.length, this.answers.length - 1)]!;
    this.attempts.push({ group: n.groupLabels["group"] ?? "", at: this.clock.now() });
    return typeof answer === "function" ? answer() : Promise.resolve(answer);
  }
  groups(): string[] {
    return this.attempts.map((a) => a.group);
  }
}

/** Lets pending promise continuations (the queue's reactions to answers) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Fires the next timer and lets the queue react; returns the time it fired at. */
async function step(clock: ManualScheduler): Promise<number | undefined> {
  const at = clock.fireNext();
  await settle();
  return at;
}

/** A queue over a fresh log on a manual clock starting at 0. */
function setup(
  receivers: (clock: ManualScheduler) => Receiver[],
  options: Partial<Omit<DeliveryQueueOptions, "receivers" | "log" | "scheduler">> = {},
) {
  const dir = join(root, `q${dirs++}`);
  const clock = new ManualScheduler(0);
  const { log } = NotificationLog.open(dir, { now: 0 });
  const events: { receiver: string; stats: ReceiverStats }[] = [];
  const queue = new DeliveryQueue({
    random: () => 0.5,
    onStats: (receiver, stats) => events.push({ receiver, stats: { ...stats } }),
    ...options,
    receivers: receivers(clock),
    log,
    scheduler: clock,
  });
  return { dir, clock, log, queue, events };
}

describe("retries", () => {
  it("backs off exponentially from 1 s by 2 up to 5 min, with full jitter from the random source", async () => {
    const randoms = [0.999999, 0, 0.5, 0.25, 0.999999, 0.75, 0.1, 0.999999, 0.999999, 0.999999, 0.999999];
    let r = 0;
    const { clock, queue } = setup((c) => [new ScriptedReceiver("team", c, [retry])], {
      random: () => randoms[r++ % randoms.length]!,
      maxAgeMs: 24 * 3600_000,
    });
    expect(queue.enqueue("team", groupNote("a"))).toBe("queued");
    await settle();
    let last = 0;
    for (let k = 1; k <= randoms.length; k++) {
      const at = (await step(clock))!;
      const cap = Math.min(300_000, 1000 * 2 ** (k - 1));
      expect(at - last).toBe(Math.floor(randoms[k - 1]! * cap));
      expect(at - last).toBeGreaterThanOrEqual(0);
      expect(at - last).toBeLessThan(cap);
      last = at;
    }
    expect(queue.stats("team")).toMatchObject({ retried: randoms.length + 1, sent: 0, failed: 0, depth: 1 });
  });

  it("waits at least as long as Retry-After asks, even when the jitter is shorter", async () => {
    const { clock, queue } = setup((c) => [
      new ScriptedReceiver("team", c, [{ ...retry, afterMs: 2000 }, { ...retry, afterMs: 10 }, delivered]),
    ]);
    queue.enqueue("team", groupNote("a"));
    await settle();
    expect(clock.nextDue()).toBe(2000);
    expect(await step(clock)).toBe(2000);
    expect(await step(clock)).toBe(2000 + 1000);
    expect(queue.stats("team")).toMatchObject({ sent: 1, retried: 2 });
  });

  it("gives up after the max age, records the failure and moves on", async () => {
    let receiver: ScriptedReceiver | undefined;
    const { clock, queue, log } = setup(
      (c) => [(receiver = new ScriptedReceiver("team", c, [retry, retry, retry, retry, delivered]))],
      { random: () => 0.999999, maxAgeMs: 10_000 },
    );
    queue.enqueue("team", groupNote("old"));
    await settle();
    while ((await step(clock)) !== undefined);
    expect(receiver!.attempts.map((a) => a.at)).toEqual([0, 999, 2998, 6997]);
    expect(queue.stats("team")).toMatchObject({ failed: 1, sent: 0, depth: 0 });
    expect(log.pendingNow()).toEqual([]);
    expect(queue.enqueue("team", groupNote("new"))).toBe("queued");
    await settle();
    expect(queue.stats("team")).toMatchObject({ sent: 1 });
  });

  it("takes a failed answer as final", async () => {
    let receiver: ScriptedReceiver | undefined;
    const { clock, queue, log } = setup((c) => [
      (receiver = new ScriptedReceiver("team", c, [{ outcome: "failed", reason: "400" }])),
    ]);
    queue.enqueue("team", groupNote("a"));
    await settle();
    expect(clock.pending).toBe(0);
    expect(receiver!.attempts).toHaveLength(1);
    expect(queue.stats("team")).toMatchObject({ failed: 1, retried: 0, depth: 0 });
    expect(log.pendingNow()).toEqual([]);
  });

  it("retries a receiver that throws", async () => {
    const { clock, queue } = setup((c) => [
      new ScriptedReceiver("team", c, [() => Promise.reject(new Error("boom")), delivered]),
    ]);
    queue.enqueue("team", groupNote("a"));
    await settle();
    await step(clock);
    expect(queue.stats("team")).toMatchObject({ retried: 1, sent: 1 });
  });
});

describe("queues", () => {
  it("delivers in order per receiver: a retrying head holds back the ones behind it", async () => {
    let receiver: ScriptedReceiver | undefined;
    const { clock, queue } = setup((c) => [
      (receiver = new ScriptedReceiver("team", c, [retry, retry, delivered])),
    ]);
    for (const g of ["a", "b", "c"]) queue.enqueue("team", groupNote(g));
    await settle();
    await step(clock);
    expect(receiver!.groups()).toEqual(["a", "a"]);
    await step(clock);
    await settle();
    expect(receiver!.groups()).toEqual(["a", "a", "a", "b", "c"]);
  });

  it("keeps one receiver's failures from holding back another", async () => {
    let down: ScriptedReceiver | undefined;
    let up: ScriptedReceiver | undefined;
    const { queue } = setup((c) => [
      (down = new ScriptedReceiver("down", c, [retry])),
      (up = new ScriptedReceiver("up", c, [delivered])),
    ]);
    queue.enqueue("down", groupNote("a"));
    queue.enqueue("up", groupNote("a"));
    queue.enqueue("up", groupNote("b"));
    await settle();
    expect(up!.groups()).toEqual(["a", "b"]);
    expect(down!.groups()).toEqual(["a"]);
    expect(queue.stats("up")).toMatchObject({ sent: 2, depth: 0 });
    expect(queue.stats("down")).toMatchObject({ retried: 1, depth: 1 });
  });

  it("drops the oldest waiting notification when full, counts it and records it as failed", async () => {
    let release: (d: Delivery) => void = () => undefined;
    const held = () => new Promise<Delivery>((resolve) => (release = resolve));
    let receiver: ScriptedReceiver | undefined;
    const { queue, log, events } = setup(
      (c) => [(receiver = new ScriptedReceiver("team", c, [held, delivered]))],
      {
        bound: 3,
      },
    );
    for (const g of ["n0", "n1", "n2", "n3", "n4"])
      expect(queue.enqueue("team", groupNote(g))).toBe("queued");
    expect(queue.stats("team")).toMatchObject({ dropped: 2, depth: 3 });
    expect(events.map((e) => e.stats.depth)).toEqual([1, 2, 3, 3, 3]);
    expect(log.pendingNow().map((p) => p.notification.groupLabels["group"])).toEqual(["n0", "n3", "n4"]);
    release(delivered);
    await settle();
    expect(receiver!.groups()).toEqual(["n0", "n3", "n4"]);
    expect(queue.stats("team")).toMatchObject({ sent: 3, dropped: 2, depth: 0 });
  });

  it("does not send again what was sent within the repeat interval, nor queue a notification twice", async () => {
    const { clock, queue } = setup((c) => [new ScriptedReceiver("team", c, [delivered])], {
      repeatIntervalMs: 60_000,
    });
    expect(queue.enqueue("team", groupNote("a"))).toBe("queued");
    expect(queue.enqueue("team", groupNote("a"))).toBe("already-queued");
    await settle();
    expect(queue.enqueue("team", groupNote("a"))).toBe("duplicate");
    clock.advance(60_001);
    expect(queue.enqueue("team", groupNote("a"))).toBe("queued");
    expect(queue.enqueue("nobody", groupNote("a"))).toBe("unknown-receiver");
  });

  it("resumes pending notifications oldest first, failing those whose receiver is gone", async () => {
    let receiver: ScriptedReceiver | undefined;
    const { queue, log } = setup((c) => [(receiver = new ScriptedReceiver("team", c, [delivered]))]);
    const entry = (receiverName: string, g: string, at: number) => ({
      id: notificationId(receiverName, groupNote(g)),
      receiver: receiverName,
      notification: groupNote(g),
      enqueuedAt: at,
    });
    const gone = entry("gone", "x", 1);
    for (const e of [entry("team", "late", 5), gone, entry("team", "early", 2)]) log.pending(e);
    queue.resume(log.pendingNow());
    await settle();
    expect(receiver!.groups()).toEqual(["early", "late"]);
    expect(log.pendingNow()).toEqual([]);
  });
});

describe("closing", () => {
  it("flushes what can be delivered within the time given and leaves the rest pending in the log", async () => {
    const { dir, clock, queue, log } = setup(
      (c) => [
        new ScriptedReceiver("soon", c, [retry, delivered]),
        new ScriptedReceiver("later", c, [{ ...retry, afterMs: 60_000 }]),
      ],
      { random: () => 0.999 },
    );
    queue.enqueue("soon", groupNote("a"));
    queue.enqueue("later", groupNote("b"));
    await settle();
    const closed = queue.close({ flushMs: 5000 });
    expect(queue.enqueue("soon", groupNote("c"))).toBe("closed");
    await step(clock);
    await expect(closed).resolves.toEqual({ flushed: false, pending: 1 });
    expect(clock.pending).toBe(0);
    log.close();
    const reopened = NotificationLog.open(dir, { now: clock.now() });
    expect(reopened.pending.map((p) => p.receiver)).toEqual(["later"]);
    reopened.log.close();
  });

  it("aborts a send still in flight at the deadline and keeps it pending", async () => {
    let signalled: AbortSignal | undefined;
    const hanging: Receiver = {
      name: "hang",
      kind: "webhook",
      send: (_n, signal) => {
        signalled = signal;
        return new Promise<Delivery>(() => undefined);
      },
    };
    const { clock, queue, log } = setup(() => [hanging], { sendTimeoutMs: 60_000 });
    queue.enqueue("hang", groupNote("a"));
    const closed = queue.close({ flushMs: 1000 });
    expect(await step(clock)).toBe(1000);
    await expect(closed).resolves.toEqual({ flushed: false, pending: 1 });
    expect(signalled?.aborted).toBe(true);
    expect(log.pendingNow()).toHaveLength(1);
  });

  it("resolves at once when everything is delivered", async () => {
    const { queue, clock } = setup((c) => [new ScriptedReceiver("team", c, [delivered])]);
    queue.enqueue("team", groupNote("a"));
    await expect(queue.close({ flushMs: 1000 })).resolves.toEqual({ flushed: true, pending: 0 });
    expect(clock.pending).toBe(0);
  });
});
