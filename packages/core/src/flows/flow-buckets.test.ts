// Tests for how packets become flows: openers per bucket, connection packets, datagrams, ICMP, SCTP, fragments, IPv6 extensions.
import { describe, expect, it } from "vitest";
import type { Flow } from "./flow.js";
import { parseCapture } from "./pcap.js";
import * as w from "./pcap-writer.testkit.js";

const T = 1_700_000_010_000; // ms, a multiple of 15 000: a bucket boundary

/** Parses raw-IP packets given with their times in ms; returns the flows without origins, checking there are no issues. */
function flowsOf(packets: [number, Uint8Array][], bucketMs?: number): Omit<Flow, "origin">[] {
  const records = packets.map(([ms, data]) => ({
    seconds: Math.floor(ms / 1000),
    fraction: (ms % 1000) * 1000,
    data,
  }));
  const { flows, issues } = parseCapture(
    w.classicPcap({ linkType: 101 }, records),
    bucketMs === undefined ? {} : { bucketMs },
  );
  expect(issues).toEqual([]);
  return flows.map(({ origin: _, ...f }) => f);
}

const A = "10.0.0.1";
const B = "10.0.0.2";
const tcp4 = (src: string, dst: string, sport: number, dport: number, flags: number, payload = 0) =>
  w.ipv4(src, dst, 6, w.tcp(sport, dport, flags, new Uint8Array(payload)));
const ends = (sport: number, dport: number) => ({ src: { ip: A, port: sport }, dst: { ip: B, port: dport } });

describe("TCP flows", () => {
  it("counts a connection per opener 5-tuple per bucket and adds its packets in both directions", () => {
    const flows = flowsOf([
      [T + 5, tcp4(B, A, 80, 41000, 0x10)], // a connection open before the capture: ignored
      [T + 10, tcp4(A, B, 40000, 80, 0x02)],
      [T + 11, tcp4(B, A, 80, 40000, 0x12)],
      [T + 12, tcp4(A, B, 40000, 80, 0x10, 100)],
      [T + 1000, tcp4(A, B, 40000, 80, 0x02)], // SYN retransmission: the same connection
      [T + 15_000, tcp4(A, B, 40000, 80, 0x11)], // next bucket, no opener there: not reported
      [T + 15_001, tcp4(A, B, 40000, 80, 0x02)], // port reuse in the next bucket
    ]);
    expect(flows).toEqual([
      { start: T + 10, end: T + 1000, ...ends(40000, 80), protocol: 6, count: 1, packets: 4, bytes: 260 },
      {
        start: T + 15_001,
        end: T + 15_001,
        ...ends(40000, 80),
        protocol: 6,
        count: 1,
        packets: 1,
        bytes: 40,
      },
    ]);
  });

  it("uses the bucket size given, and aligns buckets to the epoch", () => {
    const packets: [number, Uint8Array][] = [0, 999, 1000, 14_999].map((d) => [
      T + d,
      tcp4(A, B, 1, 2, 0x02),
    ]);
    expect(flowsOf(packets, 1000).map((f) => [f.count, f.packets])).toEqual([
      [1, 2],
      [1, 1],
      [1, 1],
    ]);
    expect(flowsOf(packets).map((f) => [f.count, f.packets])).toEqual([[1, 4]]);
    expect(flowsOf(packets, -1).map((f) => [f.count, f.packets])).toEqual([[1, 4]]);
  });
});

describe("datagram and ICMP flows", () => {
  it("makes one UDP flow per 5-tuple and direction per bucket, counting packets", () => {
    const flows = flowsOf([
      [T, w.ipv4(A, B, 17, w.udp(5000, 53))],
      [T + 1, w.ipv4(B, A, 17, w.udp(53, 5000))],
      [T + 2, w.ipv4(A, B, 17, w.udp(5000, 53, new Uint8Array(10)))],
    ]);
    expect(flows).toEqual([
      { start: T, end: T + 2, ...ends(5000, 53), protocol: 17, count: 2, packets: 2, bytes: 66 },
      {
        start: T + 1,
        end: T + 1,
        src: { ip: B, port: 53 },
        dst: { ip: A, port: 5000 },
        protocol: 17,
        count: 1,
        packets: 1,
        bytes: 28,
      },
    ]);
  });

  it("keys ICMP and ICMPv6 flows by addresses, type and code", () => {
    const flows = flowsOf([
      [T, w.ipv4(A, B, 1, w.icmp(8, 0))],
      [T + 1, w.ipv4(B, A, 1, w.icmp(0, 0))],
      [T + 2, w.ipv4(A, B, 1, w.icmp(8, 0))],
      [T + 3, w.ipv6("::1", "::1", 58, w.icmp(128, 0))],
    ]);
    expect(
      flows.map((f) => [f.src.ip, f.dst.ip, f.protocol, f.icmpType, f.icmpCode, f.count, f.src.port]),
    ).toEqual([
      [A, B, 1, 8, 0, 2, undefined],
      [B, A, 1, 0, 0, 1, undefined],
      ["::1", "::1", 58, 128, 0, 1, undefined],
    ]);
  });

  it("counts SCTP INITs as openers and skips protocols it makes no flows from", () => {
    const flows = flowsOf([
      [T, w.ipv4(A, B, 132, w.sctp(3868, 3868, 1))],
      [T + 1, w.ipv4(B, A, 132, w.sctp(3868, 3868, 2))],
      [T + 2, w.ipv4(A, B, 47, new Uint8Array(8))],
    ]);
    expect(flows).toEqual([
      { start: T, end: T + 1, ...ends(3868, 3868), protocol: 132, count: 1, packets: 2, bytes: 72 },
    ]);
  });
});

describe("fragments and IPv6 extension headers", () => {
  it("takes ports from the first IPv4 fragment and adds later fragments to its flow", () => {
    const first = w.ipv4(A, B, 17, w.udp(5000, 53, new Uint8Array(16)), { id: 7, offset: 0, more: true });
    const later = w.ipv4(A, B, 17, new Uint8Array(8), { id: 7, offset: 3, more: false });
    const orphan = w.ipv4(A, B, 17, new Uint8Array(8), { id: 8, offset: 3, more: false });
    expect(
      flowsOf([
        [T, first],
        [T + 1, later],
        [T + 2, orphan],
      ]),
    ).toEqual([{ start: T, end: T + 1, ...ends(5000, 53), protocol: 17, count: 1, packets: 2, bytes: 72 }]);
  });

  it("walks hop-by-hop, routing and destination options headers to TCP, and reads IPv6 fragments", () => {
    const chain = w.concat(w.ext8(43), w.ext8(60), w.ext8(6));
    const syn = w.ipv6("fd00::1", "fd00::2", 0, w.tcp(40000, 443, 0x02), chain);
    const first = w.ipv6("fd00::1", "fd00::2", 44, w.udp(1, 2, new Uint8Array(8)), w.frag6(17, 0, true, 9));
    const later = w.ipv6("fd00::1", "fd00::2", 44, new Uint8Array(8), w.frag6(17, 2, false, 9));
    const esp = w.ipv6("fd00::1", "fd00::2", 50, new Uint8Array(16));
    const flows = flowsOf([
      [T, syn],
      [T + 1, first],
      [T + 2, later],
      [T + 3, esp],
    ]);
    expect(flows.map((f) => [f.protocol, f.dst.port, f.count, f.packets, f.bytes])).toEqual([
      [6, 443, 1, 1, 84],
      [17, 2, 1, 2, 120],
    ]);
  });

  it("walks an authentication header, whose length counts 4-byte words", () => {
    const ah = w.concat(w.be([6, 1], [1, 1], [0, 2], [0, 4]), new Uint8Array(4));
    const flows = flowsOf([[T, w.ipv6("::1", "::2", 51, w.tcp(1, 2, 0x02), ah)]]);
    expect(flows.map((f) => [f.protocol, f.dst.port])).toEqual([[6, 2]]);
  });
});
