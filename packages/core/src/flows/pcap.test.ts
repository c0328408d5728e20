// Tests for parseCapture's containers: libpcap in both byte orders and resolutions, every link type, pcapng sections and blocks.
import { describe, expect, it } from "vitest";
import { parseCapture } from "./pcap.js";
import * as w from "./pcap-writer.testkit.js";

const T = 1_700_000_000; // seconds
const syn = w.ipv4("10.0.0.1", "10.0.0.2", 6, w.tcp(40000, 80, 0x02));
const synAck = w.ipv4("10.0.0.2", "10.0.0.1", 6, w.tcp(80, 40000, 0x12));
const udp6 = w.ipv6("fd00::1", "fd00::2", 17, w.udp(5353, 53, new Uint8Array(4)));

const tcpFlow = (start: number, end: number, offset: number, extra: object = {}) => ({
  start,
  end,
  src: { ip: "10.0.0.1", port: 40000 },
  dst: { ip: "10.0.0.2", port: 80 },
  protocol: 6,
  count: 1,
  packets: 2,
  bytes: 80,
  origin: { format: "pcap", offset, ...extra },
});

describe("parseCapture on libpcap files", () => {
  for (const le of [true, false])
    for (const nano of [true, false])
      it(`reads ${le ? "little" : "big"}-endian files with ${nano ? "nano" : "micro"}second timestamps`, () => {
        const unit = nano ? 1_000_000 : 1000;
        const bytes = w.classicPcap({ le, nano, linkType: 1 }, [
          { seconds: T, fraction: 250 * unit + unit - 1, data: w.ether(syn) },
          { seconds: T + 1, fraction: 5 * unit, data: w.ether(synAck) },
        ]);
        const { flows, issues } = parseCapture(bytes, { file: "x.pcap" });
        expect(issues).toEqual([]);
        expect(flows).toEqual([tcpFlow(T * 1000 + 250, T * 1000 + 1005, 24, { file: "x.pcap" })]);
      });

  const links: [string, number, Uint8Array][] = [
    ["Ethernet", 1, w.ether(udp6)],
    ["Ethernet with two VLAN tags", 1, w.ether(udp6, [10, 20])],
    ["Linux cooked v1", 113, w.sll(udp6)],
    ["Linux cooked v2", 276, w.sll2(udp6)],
    ["raw IP (101)", 101, udp6],
    ["raw IP (12)", 12, udp6],
    ["raw IPv6 (229)", 229, udp6],
    ["null, little-endian family", 0, w.nullLink(udp6, true)],
    ["null, big-endian family", 0, w.nullLink(udp6, false)],
    ["loop", 108, w.nullLink(udp6, false)],
  ];
  for (const [name, linkType, data] of links)
    it(`decodes ${name} frames`, () => {
      const { flows, issues } = parseCapture(
        w.classicPcap({ linkType }, [{ seconds: T, fraction: 0, data }]),
      );
      expect(issues).toEqual([]);
      expect(flows).toEqual([
        {
          start: T * 1000,
          end: T * 1000,
          src: { ip: "fd00::1", port: 5353 },
          dst: { ip: "fd00::2", port: 53 },
          protocol: 17,
          count: 1,
          packets: 1,
          bytes: 52,
          origin: { format: "pcap", offset: 24 },
        },
      ]);
    });

  it("decodes raw IPv4 (228) and IPv4 over every cooked link", () => {
    for (const [linkType, data] of [
      [228, syn],
      [113, w.sll(syn)],
      [276, w.sll2(syn)],
      [0, w.nullLink(syn, true)],
    ] as const) {
      const { flows } = parseCapture(w.classicPcap({ linkType }, [{ seconds: T, fraction: 0, data }]));
      expect(flows.map((f) => [f.src.ip, f.dst.port, f.count])).toEqual([["10.0.0.1", 80, 1]]);
    }
  });

  it("skips frames that carry no IP (ARP, unknown loopback families) silently", () => {
    const arp = w.concat(new Uint8Array(12), w.be([0x0806, 2]), new Uint8Array(28));
    const odd = w.concat(w.be([99, 4]), syn);
    const a = parseCapture(w.classicPcap({ linkType: 1 }, [{ seconds: T, fraction: 0, data: arp }]));
    const b = parseCapture(w.classicPcap({ linkType: 108 }, [{ seconds: T, fraction: 0, data: odd }]));
    expect([a, b]).toEqual([
      { flows: [], issues: [] },
      { flows: [], issues: [] },
    ]);
  });
});

describe("parseCapture on pcapng files", () => {
  for (const le of [true, false])
    it(`reads a ${le ? "little" : "big"}-endian section with two interfaces of different link types and resolutions`, () => {
      const bytes = w.concat(
        w.shb(le),
        w.idb(le, 1),
        w.block(le, 0x0bad, new Uint8Array(6)),
        w.idb(le, 276, { tsresol: 9 }),
        w.epb(le, 0, BigInt(T) * 1_000_000n + 1500n, w.ether(syn)),
        w.epb(le, 1, BigInt(T) * 1_000_000_000n + 2_999_999n, w.sll2(synAck)),
      );
      const { flows, issues } = parseCapture(bytes);
      expect(issues).toEqual([]);
      expect(flows).toEqual([tcpFlow(T * 1000 + 1, T * 1000 + 2, 100)]);
    });

  it("honours binary resolutions and if_tsoffset, and reads obsolete and simple packet blocks", () => {
    const le = true;
    const bytes = w.concat(
      w.shb(le),
      w.idb(le, 101, { tsresol: 0x80 | 10, tsoffset: 100 }),
      w.opb(le, 0, BigInt(T) * 1024n + 512n, syn),
      w.spb(le, synAck),
    );
    const { flows, issues } = parseCapture(bytes);
    expect(issues).toEqual([]);
    const at = (T + 100) * 1000 + 500;
    expect(flows).toEqual([tcpFlow(at, at, 72)]);
  });

  it("starts afresh at each section header, whose byte order may differ", () => {
    const bytes = w.concat(
      w.shb(true),
      w.idb(true, 101),
      w.epb(true, 0, BigInt(T) * 1_000_000n, syn),
      w.shb(false),
      w.idb(false, 1, { tsresol: 3 }),
      w.epb(false, 0, BigInt(T) * 1000n + 7n, w.ether(syn)),
    );
    const { flows, issues } = parseCapture(bytes);
    expect(issues).toEqual([]);
    expect(flows.map((f) => [f.start, f.end, f.count, f.packets])).toEqual([[T * 1000, T * 1000 + 7, 1, 2]]);
  });
});
