// Test-only builders of packets, libpcap files and pcapng files, to make captures in memory.

/** Concatenates byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Big-endian (network order) bytes of unsigned integers of the given widths in bytes. */
export function be(...fields: [number, 1 | 2 | 4][]): Uint8Array {
  return bytesOf(false, fields);
}

function bytesOf(le: boolean, fields: [number, 1 | 2 | 4 | 8][]): Uint8Array {
  const out = new Uint8Array(fields.reduce((n, [, w]) => n + w, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const [v, w] of fields) {
    if (w === 1) view.setUint8(at, v);
    else if (w === 2) view.setUint16(at, v, le);
    else if (w === 4) view.setUint32(at, v, le);
    else view.setBigUint64(at, BigInt(v), le);
    at += w;
  }
  return out;
}

const v4 = (ip: string) => Uint8Array.from(ip.split(".").map(Number));
const v6 = (ip: string) => {
  const [head = "", tail = ""] = ip.split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = [...h, ...new Array<string>(8 - h.length - t.length).fill("0"), ...t];
  return be(...groups.map((g): [number, 2] => [parseInt(g, 16), 2]));
};

/** A TCP header (20 bytes) with the given flags (0x02 SYN, 0x10 ACK) and optional payload. */
export const tcp = (sport: number, dport: number, flags: number, payload: Uint8Array = new Uint8Array()) =>
  concat(
    be([sport, 2], [dport, 2], [1, 4], [0, 4], [0x50, 1], [flags, 1], [1024, 2], [0, 2], [0, 2]),
    payload,
  );
/** A UDP header with its payload. */
export const udp = (sport: number, dport: number, payload: Uint8Array = new Uint8Array()) =>
  concat(be([sport, 2], [dport, 2], [8 + payload.length, 2], [0, 2]), payload);
/** An ICMP or ICMPv6 header (8 bytes). */
export const icmp = (type: number, code: number) => be([type, 1], [code, 1], [0, 2], [0, 4]);
/** An SCTP common header and one chunk of the given type (1 is INIT). */
export const sctp = (sport: number, dport: number, chunk: number) =>
  concat(be([sport, 2], [dport, 2], [0, 4], [0, 4]), be([chunk, 1], [0, 1], [4, 2]));

/** An IPv4 packet; `frag` sets the fragment offset (in 8-byte units) and the more-fragments flag. */
export function ipv4(
  src: string,
  dst: string,
  protocol: number,
  payload: Uint8Array,
  frag = { id: 0, offset: 0, more: false },
) {
  const flags = (frag.more ? 0x2000 : 0) | frag.offset;
  const header = be(
    [0x45, 1],
    [0, 1],
    [20 + payload.length, 2],
    [frag.id, 2],
    [flags, 2],
    [64, 1],
    [protocol, 1],
    [0, 2],
  );
  return concat(header, v4(src), v4(dst), payload);
}

/** An IPv6 packet; `chain` is the extension headers (each with its own next-header byte) before the payload. */
export function ipv6(
  src: string,
  dst: string,
  next: number,
  payload: Uint8Array,
  chain: Uint8Array = new Uint8Array(),
) {
  const body = concat(chain, payload);
  return concat(be([0x60000000, 4], [body.length, 2], [next, 1], [64, 1]), v6(src), v6(dst), body);
}

/** An IPv6 extension header of 8 bytes (hop-by-hop, destination options, routing) followed by `next`. */
export const ext8 = (next: number) => be([next, 1], [0, 1], [0, 2], [0, 4]);
/** An IPv6 fragment header followed by `next`, with offset in 8-byte units. */
export const frag6 = (next: number, offset: number, more: boolean, id: number) =>
  be([next, 1], [0, 1], [(offset << 3) | (more ? 1 : 0), 2], [id, 4]);

const etherTypeOf = (ip: Uint8Array) => (ip[0]! >> 4 === 6 ? 0x86dd : 0x0800);
const macs = new Uint8Array(12).fill(2);

/** An Ethernet frame, with one 802.1Q tag per VLAN id given. */
export const ether = (ip: Uint8Array, vlans: number[] = []) =>
  concat(macs, ...vlans.map((v) => be([0x8100, 2], [v, 2])), be([etherTypeOf(ip), 2]), ip);
/** A Linux cooked (v1) frame. */
export const sll = (ip: Uint8Array) =>
  concat(be([0, 2], [772, 2], [0, 2]), new Uint8Array(8), be([etherTypeOf(ip), 2]), ip);
/** A Linux cooked v2 frame. */
export const sll2 = (ip: Uint8Array) =>
  concat(be([etherTypeOf(ip), 2], [0, 2], [1, 4], [772, 2], [0, 1], [0, 1]), new Uint8Array(8), ip);
/** A BSD loopback frame, the address family in the given byte order. */
export const nullLink = (ip: Uint8Array, le: boolean) =>
  concat(bytesOf(le, [[ip[0]! >> 4 === 6 ? 30 : 2, 4]]), ip);

/** One packet for a capture: its time as seconds and fraction (in the file's units), and its bytes. */
export interface TestPacket {
  seconds: number;
  fraction: number;
  data: Uint8Array;
}

/** A libpcap file. */
export function classicPcap(
  o: { le?: boolean; nano?: boolean; linkType: number; snaplen?: number },
  packets: TestPacket[],
) {
  const le = o.le ?? true;
  const header = bytesOf(le, [
    [o.nano ? 0xa1b23c4d : 0xa1b2c3d4, 4],
    [2, 2],
    [4, 2],
    [0, 4],
    [0, 4],
    [o.snaplen ?? 262144, 4],
    [o.linkType, 4],
  ]);
  const records = packets.map((p) =>
    concat(
      bytesOf(le, [
        [p.seconds, 4],
        [p.fraction, 4],
        [p.data.length, 4],
        [p.data.length, 4],
      ]),
      p.data,
    ),
  );
  return concat(header, ...records);
}

const pad4 = (b: Uint8Array) => concat(b, new Uint8Array((4 - (b.length % 4)) % 4));

/** A pcapng block of the given type around `body` (padded to 4 bytes). */
export function block(le: boolean, type: number, body: Uint8Array): Uint8Array {
  const padded = pad4(body);
  const length = 12 + padded.length;
  return concat(
    bytesOf(le, [
      [type, 4],
      [length, 4],
    ]),
    padded,
    bytesOf(le, [[length, 4]]),
  );
}

/** A section header block. */
export const shb = (le: boolean) =>
  block(
    le,
    0x0a0d0d0a,
    concat(
      bytesOf(le, [
        [0x1a2b3c4d, 4],
        [1, 2],
        [0, 2],
      ]),
      new Uint8Array(8).fill(0xff),
    ),
  ); // section length -1: unknown

/** An interface description block, with if_tsresol and if_tsoffset options when given. */
export function idb(
  le: boolean,
  linkType: number,
  o: { tsresol?: number; tsoffset?: number; snaplen?: number } = {},
) {
  const options: Uint8Array[] = [];
  if (o.tsresol !== undefined)
    options.push(
      bytesOf(le, [
        [9, 2],
        [1, 2],
        [o.tsresol, 1],
        [0, 1],
        [0, 2],
      ]),
    );
  if (o.tsoffset !== undefined)
    options.push(
      bytesOf(le, [
        [14, 2],
        [8, 2],
        [o.tsoffset, 8],
      ]),
    );
  if (options.length > 0)
    options.push(
      bytesOf(le, [
        [0, 2],
        [0, 2],
      ]),
    );
  return block(
    le,
    1,
    concat(
      bytesOf(le, [
        [linkType, 2],
        [0, 2],
        [o.snaplen ?? 262144, 4],
      ]),
      ...options,
    ),
  );
}

/** An enhanced packet block on interface `iface` at `ts` (in the interface's units). */
export function epb(le: boolean, iface: number, ts: bigint, data: Uint8Array) {
  const head = bytesOf(le, [
    [iface, 4],
    [Number(ts >> 32n), 4],
    [Number(ts & 0xffffffffn), 4],
    [data.length, 4],
    [data.length, 4],
  ]);
  return block(le, 6, concat(head, data));
}

/** An obsolete packet block on interface `iface` at `ts`. */
export function opb(le: boolean, iface: number, ts: bigint, data: Uint8Array) {
  const head = bytesOf(le, [
    [iface, 2],
    [0, 2],
    [Number(ts >> 32n), 4],
    [Number(ts & 0xffffffffn), 4],
    [data.length, 4],
    [data.length, 4],
  ]);
  return block(le, 2, concat(head, data));
}

/** A simple packet block (interface 0, no timestamp). */
export const spb = (le: boolean, data: Uint8Array) =>
  block(le, 3, concat(bytesOf(le, [[data.length, 4]]), data));
