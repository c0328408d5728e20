// Tests for the syslog listener with real UDP and TCP sockets on loopback: framing, bad input, limits and closing.
import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_CONNECTIONS, startSyslogListener } from "./syslog-listener.js";
import {
  connectTcp,
  octetFrame,
  recordingListener,
  sendUdp,
  until,
  write,
  writeByteByByte,
} from "./syslog-listener.testkit.js";

const kernelLine = (n: number) =>
  `<4>Nov 22 10:15:0${n} node-b kernel: [86512.104233] calico-packet: SRC=10.244.1.37 DST=10.244.1.15 PROTO=TCP SPT=5154${n} DPT=5432 SYN `;
const invalidUtf8 = new Uint8Array([0x3c, 0x34, 0x3e, 0xff, 0xfe, 0x0a]);

describe("syslog over UDP", () => {
  it("takes one message per datagram, without its trailing newline, naming the sender", async () => {
    const r = await recordingListener();
    const port = await sendUdp(r.listener.udpPort!, [`${kernelLine(1)}\n`]);
    await until("the message", () => r.messages.length === 1);
    expect(r.messages).toEqual([
      { text: kernelLine(1), peer: `127.0.0.1:${port}`, transport: "udp", received: 42 },
    ]);
  });

  it("takes each line of a multi-line datagram as a message, skipping a line that is not UTF-8", async () => {
    const r = await recordingListener();
    const datagram = new Uint8Array([
      ...new TextEncoder().encode(`${kernelLine(1)}\n${kernelLine(2)}\r\n`),
      ...invalidUtf8,
      ...new TextEncoder().encode(kernelLine(3)),
    ]);
    const port = await sendUdp(r.listener.udpPort!, [datagram]);
    await until("three messages and an issue", () => r.messages.length === 3 && r.issues.length === 1);
    expect(r.texts()).toEqual([kernelLine(1), kernelLine(2), kernelLine(3)]);
    expect(r.issues[0]).toMatchObject({
      code: "syslog-encoding",
      severity: "error",
      peer: `127.0.0.1:${port}`,
    });
    expect(r.issues[0]?.message).toContain(`udp from 127.0.0.1:${port}`);
  });

  it("reports a message over the limit and keeps reading", async () => {
    const r = await recordingListener({ maxMessageBytes: 100 });
    await sendUdp(r.listener.udpPort!, ["x".repeat(200), "<4>ok"]);
    await until("the next message", () => r.messages.length === 1 && r.issues.length === 1);
    expect(r.texts()).toEqual(["<4>ok"]);
    expect(r.issues[0]?.code).toBe("syslog-too-long");
  });
});

describe("syslog over TCP", () => {
  const mixed = [
    octetFrame(kernelLine(1)),
    `${kernelLine(2)}\n`,
    octetFrame(`${kernelLine(3)}\n`),
    `${kernelLine(4)}\0`,
  ];
  const expected = [kernelLine(1), kernelLine(2), kernelLine(3), kernelLine(4)];

  it("reads octet-counted and newline frames mixed on one connection, sent byte by byte", async () => {
    const r = await recordingListener();
    const c = await connectTcp(r.listener.tcpPort!);
    await writeByteByByte(c.socket, mixed.join(""));
    await until("four messages", () => r.messages.length === 4);
    expect(r.texts()).toEqual(expected);
    expect(r.messages.every((m) => m.peer === c.peer && m.transport === "tcp")).toBe(true);
    expect(r.issues).toEqual([]);
  });

  it("reads the same frames sent whole", async () => {
    const r = await recordingListener();
    const c = await connectTcp(r.listener.tcpPort!);
    await write(c.socket, mixed.join(""));
    await until("four messages", () => r.messages.length === 4);
    expect(r.texts()).toEqual(expected);
  });

  it("reports long frames, garbage lengths and bad UTF-8 with the peer, while another connection reads on", async () => {
    const r = await recordingListener({ maxMessageBytes: 500 });
    const bad = await connectTcp(r.listener.tcpPort!);
    const good = await connectTcp(r.listener.tcpPort!);
    await write(good.socket, octetFrame(kernelLine(1)));
    await write(bad.socket, `600 ${"a".repeat(600)}`);
    await write(good.socket, `${kernelLine(2)}\n`);
    await writeByteByByte(bad.socket, `${"b".repeat(700)}\n`);
    await write(bad.socket, "12x not a length\n0 nor this\n");
    await write(bad.socket, invalidUtf8);
    await write(bad.socket, `${kernelLine(4)}\n`);
    await write(good.socket, `${kernelLine(3)}\n`);
    await until("every frame", () => r.messages.length === 4 && r.issues.length === 5);
    expect(r.messages.filter((m) => m.peer === good.peer).map((m) => m.text)).toEqual(expected.slice(0, 3));
    expect(r.messages.filter((m) => m.peer === bad.peer).map((m) => m.text)).toEqual([kernelLine(4)]);
    expect(r.codes()).toEqual([
      "syslog-too-long",
      "syslog-too-long",
      "syslog-bad-length",
      "syslog-bad-length",
      "syslog-encoding",
    ]);
    for (const issue of r.issues) {
      expect(issue).toMatchObject({ peer: bad.peer, transport: "tcp" });
      expect(issue.message).toContain(`tcp from ${bad.peer}: `);
    }
    expect(r.issues[0]?.message).toContain("announces 600 bytes, more than the 500-byte limit");
    expect(r.issues[2]?.message).toContain('"12" followed by "x" instead of a space');
    expect(r.issues[2]?.fix).toBeDefined();
  });

  it("drops half a frame when the client goes away, cleanly or not", async () => {
    const r = await recordingListener();
    const counted = await connectTcp(r.listener.tcpPort!);
    await write(counted.socket, "40 <4>half");
    counted.socket.end();
    await until("the truncation", () => r.issues.length === 1);
    expect(r.issues[0]).toMatchObject({ code: "syslog-truncated", severity: "warning", peer: counted.peer });
    expect(r.issues[0]?.message).toContain("after 7 of the 40 bytes");

    const reset = await connectTcp(r.listener.tcpPort!);
    await write(reset.socket, `${kernelLine(1)}\n<4>half a line`);
    await until("the first line", () => r.messages.length === 1);
    reset.socket.resetAndDestroy();
    await until("the second truncation", () => r.issues.length === 2);
    expect(r.issues[1]?.message).toContain("without its newline; dropped (ECONNRESET)");

    const clean = await connectTcp(r.listener.tcpPort!);
    await write(clean.socket, kernelLine(2));
    clean.socket.end();
    await until("the third truncation", () => r.issues.length === 3);
    expect(r.issues[2]?.message).toMatch(/after \d+ bytes of a frame without its newline; dropped$/);
    expect(r.texts()).toEqual([kernelLine(1)]);
    await until("no open connection", () => r.listener.connections() === 0);
  });

  /** Opens `n` connections that each write half a frame, then runs `then` on each once it is connected (or closed). */
  const openHalfFrames = (port: number, n: number, then: (s: Socket) => void) =>
    Promise.all(
      Array.from(
        { length: n },
        (_, k) =>
          new Promise<Socket>((resolve) => {
            const s = connect({ port, host: "127.0.0.1" });
            s.on("error", () => undefined);
            s.on("close", () => resolve(s));
            s.on("connect", () => {
              s.write(k % 2 === 0 ? "40 <4>half" : "<4>half a line");
              then(s);
              resolve(s);
            });
          }),
      ),
    );

  it("survives 1,000 connections opened and reset at once, then still reads", async () => {
    const r = await recordingListener();
    const port = r.listener.tcpPort!;
    await openHalfFrames(port, 1000, (s) => s.resetAndDestroy());
    await until("every connection closed", () => r.listener.connections() === 0);
    expect(r.messages).toEqual([]);
    expect(r.codes().every((c) => c === "syslog-truncated" || c === "syslog-connection-limit")).toBe(true);
    const c = await connectTcp(port);
    await write(c.socket, `${kernelLine(1)}\n`);
    await until("a message on a fresh connection", () => r.messages.length === 1);
  });

  it("survives 1,000 connections held open past the limit and then reset, then still reads", async () => {
    const r = await recordingListener();
    const port = r.listener.tcpPort!;
    const clients = await openHalfFrames(port, 1000, () => undefined);
    await until("the limit reached", () => r.listener.connections() === DEFAULT_MAX_CONNECTIONS);
    await until("a refusal", () => r.codes().includes("syslog-connection-limit"));
    for (const s of clients) s.resetAndDestroy();
    await until("every connection closed", () => r.listener.connections() === 0);
    expect(r.messages).toEqual([]);
    expect(r.codes().filter((c) => c === "syslog-connection-limit")).toHaveLength(1);
    expect(r.codes().filter((c) => c === "syslog-truncated").length).toBeLessThanOrEqual(
      DEFAULT_MAX_CONNECTIONS,
    );
    const c = await connectTcp(port);
    await write(c.socket, `${kernelLine(1)}\n`);
    await until("a message on a fresh connection", () => r.messages.length === 1);
  });

  it("refuses connections past the limit, reporting the first and counting the rest for a minute", async () => {
    let now = 0;
    const r = await recordingListener({ maxConnections: 2, now: () => now });
    const port = r.listener.tcpPort!;
    await connectTcp(port);
    await connectTcp(port);
    await until("two connections", () => r.listener.connections() === 2);
    const refused = async () => {
      const c = await connectTcp(port);
      await once(c.socket, "close");
    };
    await refused();
    await until("the refusal", () => r.issues.length === 1);
    expect(r.issues[0]).toMatchObject({
      code: "syslog-connection-limit",
      severity: "warning",
      transport: "tcp",
    });
    expect(r.issues[0]?.message).toContain("a connection was refused: 2 are already open");
    await refused();
    now = 60_000;
    await refused();
    await until("the second report", () => r.issues.length === 2);
    expect(r.issues[1]?.message).toContain("2 connections were refused");
  });

  it("closes a connection idle for longer than the idle timeout, reporting its unfinished frame", async () => {
    const r = await recordingListener({ idleTimeoutMs: 20 });
    const c = await connectTcp(r.listener.tcpPort!);
    await write(c.socket, "5 <4>a");
    await once(c.socket, "close");
    await until("the truncation", () => r.issues.length === 1);
    expect(r.issues[0]?.message).toContain("(idle for 20 ms)");
  });
});

describe("the listener", () => {
  it("closes with clients connected, ending every connection and reporting unfinished frames", async () => {
    const r = await recordingListener();
    const port = r.listener.tcpPort!;
    const idle = await connectTcp(port);
    const busy = await connectTcp(port);
    await write(busy.socket, `${octetFrame("<4>done")}30 <4>partial`);
    await until("the complete frame", () => r.messages.length === 1);
    const closed = [once(idle.socket, "close"), once(busy.socket, "close")];
    await r.listener.close();
    expect(r.listener.connections()).toBe(0);
    await Promise.all(closed);
    expect(r.issues).toMatchObject([{ code: "syslog-truncated", peer: busy.peer }]);
    expect(r.issues[0]?.message).toContain("(the listener closed)");
    await expect(connectTcp(port)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    await r.listener.close();
  });

  it("listens on IPv6 loopback, naming peers as [address]:port", async () => {
    const r = await recordingListener({ host: "::1" });
    const port = await sendUdp(r.listener.udpPort!, ["<4>over udp6"], "::1");
    const c = await connectTcp(r.listener.tcpPort!, "::1");
    await write(c.socket, "<4>over tcp6\n");
    await until("both messages", () => r.messages.length === 2);
    expect(r.messages.map((m) => m.peer).sort()).toEqual([`[::1]:${port}`, c.peer].sort());
  });

  it("binds only the transports asked for", async () => {
    const options = { onMessage: () => undefined, onIssue: () => undefined };
    const udpOnly = await startSyslogListener({ ...options, udpPort: 0 });
    expect(udpOnly.tcpPort).toBeUndefined();
    expect(udpOnly.udpPort).toBeGreaterThan(0);
    await udpOnly.close();
    await expect(startSyslogListener(options)).rejects.toThrow(/udpPort, tcpPort or both/);
  });

  it("rejects when a port is taken, leaving nothing open", async () => {
    const first = await recordingListener();
    const options = { onMessage: () => undefined, onIssue: () => undefined };
    await expect(
      startSyslogListener({ ...options, udpPort: 0, tcpPort: first.listener.tcpPort! }),
    ).rejects.toMatchObject({ code: "EADDRINUSE" });
    await expect(startSyslogListener({ ...options, udpPort: first.listener.udpPort! })).rejects.toMatchObject(
      {
        code: "EADDRINUSE",
      },
    );
  });
});
