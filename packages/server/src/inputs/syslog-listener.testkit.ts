// Test helpers for the syslog listener: a listener that records what it gets, and real UDP and TCP clients on loopback.
import { createSocket } from "node:dgram";
import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { afterEach, expect } from "vitest";
import { syslogIssueCodes } from "./syslog-issue-codes.js";
import {
  startSyslogListener,
  type SyslogIssue,
  type SyslogListener,
  type SyslogListenerOptions,
  type SyslogMessage,
} from "./syslog-listener.js";

const started: SyslogListener[] = [];
const reported: SyslogIssue[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((l) => l.close()));
  for (const issue of reported.splice(0)) expect(Object.keys(syslogIssueCodes)).toContain(issue.code);
});

/** A listener on free loopback ports recording every message and issue it reports; issue codes must be catalogued. */
export async function recordingListener(options: Partial<SyslogListenerOptions> = {}) {
  const messages: SyslogMessage[] = [];
  const issues: SyslogIssue[] = [];
  const listener = await startSyslogListener({
    udpPort: 0,
    tcpPort: 0,
    now: () => 42,
    onMessage: (m) => messages.push(m),
    onIssue: (i) => {
      issues.push(i);
      reported.push(i);
    },
    ...options,
  });
  started.push(listener);
  const texts = () => messages.map((m) => m.text);
  const codes = () => issues.map((i) => i.code);
  return { listener, messages, issues, texts, codes };
}

/** Waits until `ok()` holds, failing with `what` after a generous deadline (never asserting a duration). */
export async function until(what: string, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Sends each datagram from one new UDP socket to `host:port`; returns the sender's port. */
export async function sendUdp(port: number, datagrams: (string | Uint8Array)[], host = "127.0.0.1") {
  const client = createSocket(host.includes(":") ? "udp6" : "udp4");
  try {
    for (const d of datagrams)
      await new Promise<void>((resolve, reject) =>
        client.send(d, port, host, (err) => (err ? reject(err) : resolve())),
      );
    return client.address().port;
  } finally {
    client.close();
  }
}

/** A TCP client connected to `host:port`, with Nagle off; its errors are recorded, not thrown. */
export async function connectTcp(port: number, host = "127.0.0.1") {
  const socket = connect({ port, host, noDelay: true });
  const errors: string[] = [];
  socket.on("error", (err: NodeJS.ErrnoException) => errors.push(err.code ?? err.message));
  await once(socket, "connect");
  const peer = host.includes(":")
    ? `[${socket.localAddress}]:${socket.localPort}`
    : `${socket.localAddress}:${socket.localPort}`;
  return { socket, errors, peer };
}

/** Writes `data` and waits until it has been handed to the kernel. */
export const write = (socket: Socket, data: string | Uint8Array) =>
  new Promise<void>((resolve, reject) => socket.write(data, (err) => (err ? reject(err) : resolve())));

/** Writes `data` one byte per write. */
export async function writeByteByByte(socket: Socket, data: string | Uint8Array): Promise<void> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  for (const b of bytes) await write(socket, new Uint8Array([b]));
}

/** `message` as an RFC 6587 octet-counted frame. */
export const octetFrame = (message: string) => `${new TextEncoder().encode(message).length} ${message}`;
