// Tests for syslog flows: a message after a lull is handed on at once, a burst is gathered into a few batches.
import { createSocket } from "node:dgram";
import type { Flow } from "@netward/core";
import { afterAll, describe, expect, it } from "vitest";
import { deniedPingLine } from "../e2e/denied-ping-scenario.testkit.js";
import { startSyslogFlows } from "./syslog-flows.js";

const socket = createSocket("udp4");
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  socket.close();
  for (const close of closers) await close();
});

/** A syslog flow listener with this batch gap, recording the batches it hands on. */
async function listener(batchMs?: number) {
  const batches: Flow[][] = [];
  const syslog = await startSyslogFlows(
    { host: "127.0.0.1", udpPort: 0, ...(batchMs === undefined ? {} : { batchMs }) },
    {
      add: (flows) => {
        batches.push([...flows]);
        return Promise.resolve();
      },
      onIssue: () => undefined,
      onRead: () => undefined,
    },
  );
  closers.push(() => syslog.close());
  const send = (seq: number) =>
    new Promise<void>((resolve, reject) =>
      socket.send(deniedPingLine(seq, new Date()), syslog.udpPort, "127.0.0.1", (err) =>
        err ? reject(err) : resolve(),
      ),
    );
  /** Waits until the batches hold `n` flows in all (at most 5 s). */
  const received = async (n: number) => {
    for (let i = 0; i < 500 && batches.flat().length < n; i++) await new Promise((r) => setTimeout(r, 10));
    expect(batches.flat()).toHaveLength(n);
  };
  return { batches, send, received };
}

describe("syslog flows", () => {
  it("hands on the first message after a lull without waiting out the batch gap", async () => {
    const { batches, send, received } = await listener(60_000);
    await send(1);
    await received(1);
    expect(batches).toHaveLength(1);
  });

  it("gathers a burst into a few batches", async () => {
    const { batches, send, received } = await listener();
    // Ten at a time, letting the receiving side read between them: more at once could overflow its buffer.
    for (let seq = 1; seq <= 300; seq += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, i) => send(seq + i)));
      await new Promise((r) => setImmediate(r));
    }
    await received(300);
    expect(batches.length).toBeLessThan(30);
  });
});
