// Groups decoded packets into flows: TCP/SCTP connection openers and UDP/ICMP packets per 5-tuple per time bucket.
import { formatIP } from "../net/ip.js";
import type { Flow, FlowEnd } from "./flow.js";
import type { DecodedPacket } from "./packet.js";
import { ICMP, ICMPV6, SCTP, TCP, UDP } from "./packet-transport.js";

/** Goldmane's aggregation interval: 15 seconds. */
export const DEFAULT_BUCKET_MS = 15_000;

// What identifies a flow apart from its time bucket: its ends, protocol and ICMP type and code.
interface Shape {
  key: string;
  src: FlowEnd;
  dst: FlowEnd;
  protocol: number;
  icmp?: { icmpType: number; icmpCode: number };
}

const connectionProtocols = new Set([TCP, SCTP]);
const flowProtocols = new Set([TCP, UDP, ICMP, ICMPV6, SCTP]);

const end = (ip: string, port: number | undefined): FlowEnd => (port === undefined ? { ip } : { ip, port });

const keyOf = (protocol: number, src: FlowEnd, dst: FlowEnd, icmp = ""): string =>
  `${protocol}|${src.ip}|${src.port ?? ""}|${dst.ip}|${dst.port ?? ""}|${icmp}`;

/**
 * Accumulates flows. TCP and SCTP: a flow per opener 5-tuple per bucket, `count` = 1 (SYN without ACK, INIT:
 * the same 5-tuple opening again in the bucket is a retransmission, as the ports of a closed connection are not
 * reused that soon); later packets of the connection, in both directions, add to `packets`/`bytes` of the flow in their
 * bucket if that bucket has one (connections already open when the capture starts are not reported). UDP,
 * ICMP, ICMPv6: a flow per 5-tuple (ICMP: addresses, type, code) per bucket, `count` = datagrams. Only
 * first fragments carry ports; later fragments add packets and bytes to their datagram's flow.
 */
export class FlowBuckets {
  private readonly flows = new Map<string, Flow>();
  /** Both directions of each opened connection, to the opener's shape. */
  private readonly connections = new Map<string, Shape>();
  /** Each fragmented datagram seen with its first fragment, to its shape. */
  private readonly fragments = new Map<string, Shape>();

  constructor(
    private readonly bucketMs: number,
    private readonly file: string | undefined,
  ) {}

  /** Adds one decoded packet, captured at `timeMs`, whose record starts at byte `offset`. */
  add(p: DecodedPacket, timeMs: number, offset: number): void {
    if (!flowProtocols.has(p.protocol)) return;
    const fragKey = p.fragment && `${p.family}|${p.src}|${p.dst}|${p.protocol}|${p.fragment.id}`;
    if (p.fragment?.first === false) {
      const shape = this.fragments.get(fragKey!);
      if (shape !== undefined) this.follow(shape, p.ipBytes, timeMs);
      return;
    }
    const shape = this.shape(p);
    if (fragKey !== undefined) this.fragments.set(fragKey, shape);
    if (!connectionProtocols.has(p.protocol)) this.record(shape, timeMs, p.ipBytes, offset);
    else if (p.opener === true && !this.flows.has(this.bucketKey(shape, timeMs))) {
      this.connections.set(shape.key, shape);
      this.connections.set(keyOf(p.protocol, shape.dst, shape.src), shape);
      this.record(shape, timeMs, p.ipBytes, offset);
    } else this.follow(shape, p.ipBytes, timeMs);
  }

  /** The flows so far, in the order of their first packet. */
  result(): Flow[] {
    return [...this.flows.values()];
  }

  private shape(p: DecodedPacket): Shape {
    const src = end(formatIP(p.family, p.src), p.srcPort);
    const dst = end(formatIP(p.family, p.dst), p.dstPort);
    if (p.icmpType === undefined || p.icmpCode === undefined)
      return { key: keyOf(p.protocol, src, dst), src, dst, protocol: p.protocol };
    const icmp = { icmpType: p.icmpType, icmpCode: p.icmpCode };
    return {
      key: keyOf(p.protocol, src, dst, `${p.icmpType}/${p.icmpCode}`),
      src,
      dst,
      protocol: p.protocol,
      icmp,
    };
  }

  private bucketKey(shape: Shape, timeMs: number): string {
    return `${shape.key}@${Math.floor(timeMs / this.bucketMs)}`;
  }

  // A packet that counts: an opener, a datagram or its first fragment.
  private record(shape: Shape, timeMs: number, bytes: number, offset: number): void {
    const key = this.bucketKey(shape, timeMs);
    const flow = this.flows.get(key);
    if (flow === undefined) {
      const origin = {
        format: "pcap" as const,
        ...(this.file === undefined ? {} : { file: this.file }),
        offset,
      };
      const { src, dst, protocol, icmp } = shape;
      this.flows.set(key, {
        start: timeMs,
        end: timeMs,
        src,
        dst,
        protocol,
        ...icmp,
        count: 1,
        packets: 1,
        bytes,
        origin,
      });
      return;
    }
    flow.count++;
    this.extend(flow, timeMs, bytes);
  }

  // A packet that belongs to a flow without counting: of an open connection, or a later fragment.
  private follow(shape: Shape, bytes: number, timeMs: number): void {
    const owner = connectionProtocols.has(shape.protocol) ? this.connections.get(shape.key) : shape;
    const flow = owner && this.flows.get(this.bucketKey(owner, timeMs));
    if (flow !== undefined) this.extend(flow, timeMs, bytes);
  }

  private extend(flow: Flow, timeMs: number, bytes: number): void {
    flow.packets = (flow.packets ?? 0) + 1;
    flow.bytes = (flow.bytes ?? 0) + bytes;
    flow.start = Math.min(flow.start, timeMs);
    flow.end = Math.max(flow.end, timeMs);
  }
}
