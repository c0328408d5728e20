// Decodes an IPv4 or IPv6 packet (walking IPv6 extension headers) down to its TCP, UDP, ICMP or SCTP header.
import { decodeTransport, type Transport } from "./packet-transport.js";

/** The part of a packet flows are made from: addresses, protocol, ports or ICMP type, and fragment facts. */
export interface DecodedPacket extends Transport {
  family: 4 | 6;
  src: bigint;
  dst: bigint;
  protocol: number;
  /** The IP packet's length from its header (the whole packet, even when fewer bytes were captured). */
  ipBytes: number;
  /** Set when the packet is a fragment: the datagram's id, and whether this fragment carries the L4 header. */
  fragment?: { id: number; first: boolean };
}

/** A decoded packet, a packet with nothing to make a flow from (ESP, no next header), or why it is malformed. */
export type PacketResult = { packet: DecodedPacket } | { skip: true } | { error: string };

const addr = (b: Uint8Array, at: number, len: number): bigint => {
  let v = 0n;
  for (let i = 0; i < len; i++) v = (v << 8n) | BigInt(b[at + i]!);
  return v;
};

const u16 = (b: Uint8Array, at: number): number => (b[at]! << 8) | b[at + 1]!;

/** Decodes an IP packet; `version` is what the link layer announced (raw IP links announce nothing). */
export function decodeIP(ip: Uint8Array, version?: 4 | 6): PacketResult {
  if (ip.length < 1) return { error: "no IP header captured" };
  const actual = ip[0]! >> 4;
  if (version !== undefined && actual !== version)
    return { error: `the link layer announces IPv${version} but the IP version field is ${actual}` };
  if (actual === 4) return ipv4(ip);
  if (actual === 6) return ipv6(ip);
  return { error: `IP version field is ${actual}, not 4 or 6` };
}

function ipv4(ip: Uint8Array): PacketResult {
  if (ip.length < 20) return { error: `IPv4 header needs 20 bytes, ${ip.length} captured` };
  const headerLen = (ip[0]! & 0x0f) * 4;
  if (headerLen < 20) return { error: `IPv4 header length ${headerLen} is below 20` };
  if (ip.length < headerLen) return { error: `IPv4 header needs ${headerLen} bytes, ${ip.length} captured` };
  // A total length of 0 comes from captures of TCP segmentation offload: the captured bytes are the packet.
  const totalLen = u16(ip, 2) === 0 ? ip.length : u16(ip, 2);
  if (totalLen < headerLen)
    return { error: `IPv4 total length ${totalLen} is below its header length ${headerLen}` };
  const flags = u16(ip, 6);
  const fragOffset = flags & 0x1fff;
  const more = (flags & 0x2000) !== 0;
  const base = {
    family: 4 as const,
    src: addr(ip, 12, 4),
    dst: addr(ip, 16, 4),
    protocol: ip[9]!,
    ipBytes: totalLen,
  };
  const fragment = fragOffset !== 0 || more ? { fragment: { id: u16(ip, 4), first: fragOffset === 0 } } : {};
  if (fragOffset !== 0) return { packet: { ...base, ...fragment } };
  const payload = ip.subarray(headerLen, Math.max(headerLen, Math.min(ip.length, totalLen)));
  const l4 = decodeTransport(base.protocol, payload);
  if ("error" in l4) return l4;
  return { packet: { ...base, ...fragment, ...l4 } };
}

const EXTENSIONS = new Set([0, 43, 60, 135, 139, 140]);
const FRAGMENT = 44;
const AH = 51;
const STOP = new Set([50, 59]); // ESP hides the rest; 59 is "no next header"

function ipv6(ip: Uint8Array): PacketResult {
  if (ip.length < 40) return { error: `IPv6 header needs 40 bytes, ${ip.length} captured` };
  const ipBytes = 40 + u16(ip, 4);
  const base = { family: 6 as const, src: addr(ip, 8, 16), dst: addr(ip, 24, 16), ipBytes };
  let next = ip[6]!;
  let at = 40;
  let fragment: DecodedPacket["fragment"];
  while (EXTENSIONS.has(next) || next === FRAGMENT || next === AH) {
    if (ip.length < at + 8) return { error: `IPv6 extension header ${next} at byte ${at} is cut off` };
    const len = next === FRAGMENT ? 8 : next === AH ? (ip[at + 1]! + 2) * 4 : (ip[at + 1]! + 1) * 8;
    if (next === FRAGMENT) {
      const offset = u16(ip, at + 2) >> 3;
      const id = ((ip[at + 4]! << 24) | (ip[at + 5]! << 16) | (ip[at + 6]! << 8) | ip[at + 7]!) >>> 0;
      fragment = { id, first: offset === 0 };
    }
    next = ip[at]!;
    at += len;
    if (fragment !== undefined && !fragment.first) return { packet: { ...base, protocol: next, fragment } };
  }
  if (STOP.has(next)) return { skip: true };
  const packet = { ...base, protocol: next, ...(fragment === undefined ? {} : { fragment }) };
  const end = Math.max(at, Math.min(ip.length, ipBytes));
  if (ip.length < at) return { error: `IPv6 extension headers run to byte ${at}, ${ip.length} captured` };
  const l4 = decodeTransport(next, ip.subarray(at, end));
  if ("error" in l4) return l4;
  return { packet: { ...packet, ...l4 } };
}
