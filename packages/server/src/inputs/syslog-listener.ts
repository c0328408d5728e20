// The syslog listener (UDP and TCP, RFC 3164/5424 over RFC 6587 framing) that receives kernel LOG lines from nodes.
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { createServer, isIPv6, type AddressInfo, type Server, type Socket } from "node:net";
import type { Issue, Severity } from "@netward/core";
import { SyslogFramer, splitDatagram, type FramingOutput } from "./syslog-framing.js";

/** How a message arrived. */
export type SyslogTransport = "udp" | "tcp";

/** One syslog message as received: its text (with its `<PRI>` and header), sender, transport and arrival time. */
export interface SyslogMessage {
  text: string;
  /** The sender's `address:port` (`[address]:port` for IPv6). */
  peer: string;
  transport: SyslogTransport;
  /** Milliseconds since the epoch when the listener received it. */
  received: number;
}

/** An issue about received data, naming the peer and transport it came from when there is one. */
export interface SyslogIssue extends Issue {
  peer?: string;
  transport?: SyslogTransport;
}

/** Where to listen, where to hand messages and issues, and the limits that keep memory bounded. */
export interface SyslogListenerOptions {
  /** UDP port to bind (0 for any free port); no UDP socket when absent. */
  udpPort?: number;
  /** TCP port to listen on (0 for any free port); no TCP listener when absent. */
  tcpPort?: number;
  /** Address to bind; 127.0.0.1 when not given. */
  host?: string;
  onMessage: (message: SyslogMessage) => void;
  onIssue: (issue: SyslogIssue) => void;
  /** The longest message accepted, in bytes; 64 KiB when not given. */
  maxMessageBytes?: number;
  /** TCP connections open at once; more are refused. 256 when not given. */
  maxConnections?: number;
  /** Closes a TCP connection that sends nothing for this long; connections never idle out when not given. */
  idleTimeoutMs?: number;
  /** The clock for `received` and for spacing repeated reports; `Date.now` when not given. */
  now?: () => number;
}

/** A running listener: the ports it bound, its open TCP connections, and how to stop it. */
export interface SyslogListener {
  udpPort?: number;
  tcpPort?: number;
  /** How many TCP connections are open. */
  connections(): number;
  /** Stops listening and ends every connection; resolves when all sockets are closed. */
  close(): Promise<void>;
}

/** The longest message accepted when `maxMessageBytes` is not given (64 KiB). */
export const DEFAULT_MAX_MESSAGE_BYTES = 65536;

/** TCP connections open at once when `maxConnections` is not given. */
export const DEFAULT_MAX_CONNECTIONS = 256;

const KEEPALIVE_MS = 60_000;
const REFUSAL_REPORT_MS = 60_000;

const decoder = new TextDecoder("utf-8", { fatal: true });

const peerOf = (address: string | undefined, port: number | undefined) =>
  address === undefined ? "an unknown peer" : isIPv6(address) ? `[${address}]:${port}` : `${address}:${port}`;

const errorText = (err: Error) => (err as NodeJS.ErrnoException).code ?? err.message;

/** Starts listening on the ports given; rejects when a port cannot be bound (nothing is left open then). */
export async function startSyslogListener(options: SyslogListenerOptions): Promise<SyslogListener> {
  if (options.udpPort === undefined && options.tcpPort === undefined)
    throw new TypeError("startSyslogListener needs udpPort, tcpPort or both");
  const host = options.host ?? "127.0.0.1";
  const now = options.now ?? (() => Date.now());
  const maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const sockets = new Set<Socket>();
  let closing = false;

  const report = (code: string, severity: Severity, message: string, from?: Source, fix?: string) =>
    options.onIssue({
      code,
      severity,
      message: from === undefined ? message : `syslog over ${from.transport} from ${from.peer}: ${message}`,
      ...(fix === undefined ? {} : { fix }),
      ...(from ?? {}),
    });

  const deliver = (bytes: Uint8Array, from: Source) => {
    if (bytes.length > maxBytes) {
      const message = `a ${bytes.length}-byte message is longer than the ${maxBytes}-byte limit; skipped`;
      return report("syslog-too-long", "error", message, from);
    }
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      return report("syslog-encoding", "error", "a message is not valid UTF-8; skipped", from);
    }
    options.onMessage({ text, peer: from.peer, transport: from.transport, received: now() });
  };

  const framed = (outputs: FramingOutput[], from: Source, cause?: string) => {
    for (const o of outputs)
      if ("frame" in o) deliver(o.frame, from);
      else {
        const why = cause === undefined ? "" : ` (${cause})`;
        report(
          o.problem.code,
          o.problem.code === "syslog-truncated" ? "warning" : "error",
          o.problem.message + why,
          from,
          o.problem.fix,
        );
      }
  };

  const accept = (socket: Socket) => {
    const from: Source = { peer: peerOf(socket.remoteAddress, socket.remotePort), transport: "tcp" };
    const framer = new SyslogFramer(maxBytes);
    let cause: string | undefined;
    sockets.add(socket);
    socket.setKeepAlive(true, KEEPALIVE_MS);
    if (options.idleTimeoutMs !== undefined) {
      socket.setTimeout(options.idleTimeoutMs);
      socket.on("timeout", () => {
        cause = `idle for ${options.idleTimeoutMs} ms`;
        socket.destroy();
      });
    }
    socket.on("data", (chunk: Buffer) => framed(framer.push(chunk), from));
    socket.on("error", (err) => (cause = errorText(err)));
    socket.on("close", () => {
      sockets.delete(socket);
      framed(framer.end(), from, cause ?? (closing ? "the listener closed" : undefined));
    });
  };

  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const refusals = refusalReporter(maxConnections, now, (message, from) =>
    report(
      "syslog-connection-limit",
      "warning",
      message,
      from,
      "raise maxConnections, or send from fewer nodes",
    ),
  );
  const socketError = (transport: SyslogTransport) => (err: Error) =>
    report("syslog-socket-error", "error", `the ${transport} listening socket failed: ${errorText(err)}`);

  let udp: UdpSocket | undefined;
  let tcp: Server | undefined;
  try {
    if (options.udpPort !== undefined) {
      udp = await bindUdp(host, options.udpPort);
      udp.on("error", socketError("udp"));
      udp.on("message", (msg, rinfo) => {
        const from: Source = { peer: peerOf(rinfo.address, rinfo.port), transport: "udp" };
        for (const line of splitDatagram(msg)) deliver(line, from);
      });
    }
    if (options.tcpPort !== undefined) {
      tcp = await listenTcp(host, options.tcpPort, maxConnections, accept);
      tcp.on("error", socketError("tcp"));
      tcp.on("drop", (data) => refusals(peerOf(data?.remoteAddress, data?.remotePort)));
    }
  } catch (err) {
    await closeAll(udp, tcp, sockets);
    throw err;
  }

  let closed: Promise<void> | undefined;
  return {
    ...(udp === undefined ? {} : { udpPort: udp.address().port }),
    ...(tcp === undefined ? {} : { tcpPort: (tcp.address() as AddressInfo).port }),
    connections: () => sockets.size,
    close: () => {
      closing = true;
      closed ??= closeAll(udp, tcp, sockets);
      return closed;
    },
  };
}

/** Where a message or issue came from. */
interface Source {
  peer: string;
  transport: SyslogTransport;
}

/** Reports refused connections at most once a minute, counting the ones refused since the last report. */
function refusalReporter(max: number, now: () => number, say: (message: string, from: Source) => void) {
  let refused = 0;
  let last = -Infinity;
  return (peer: string) => {
    refused++;
    const at = now();
    if (at - last < REFUSAL_REPORT_MS) return;
    const count = refused === 1 ? "a connection was" : `${refused} connections were`;
    say(`${count} refused: ${max} are already open; refusals in the next minute are counted, not reported`, {
      peer,
      transport: "tcp",
    });
    last = at;
    refused = 0;
  };
}

/** A UDP socket bound to `host:port`. */
function bindUdp(host: string, port: number): Promise<UdpSocket> {
  const socket = createSocket({ type: isIPv6(host) ? "udp6" : "udp4" });
  return new Promise((resolve, reject) => {
    socket.once("error", (err) => {
      socket.close();
      reject(err);
    });
    socket.bind(port, host, () => {
      socket.removeAllListeners("error");
      resolve(socket);
    });
  });
}

/** A TCP server listening on `host:port` that hands each connection to `accept`, refusing more than `max` at once. */
function listenTcp(
  host: string,
  port: number,
  max: number,
  accept: (socket: Socket) => void,
): Promise<Server> {
  const server = createServer({ allowHalfOpen: false }, accept);
  server.maxConnections = max;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host }, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

/** Closes the UDP socket and the TCP server, destroying every open connection; resolves when all are closed. */
async function closeAll(udp: UdpSocket | undefined, tcp: Server | undefined, sockets: Set<Socket>) {
  const done: Promise<void>[] = [...sockets].map(
    (s) => new Promise((resolve) => s.once("close", () => resolve())),
  );
  if (tcp !== undefined) done.push(new Promise((resolve) => tcp.close(() => resolve())));
  for (const s of sockets) s.destroy();
  if (udp !== undefined) done.push(new Promise((resolve) => udp.close(resolve)));
  await Promise.all(done);
}
