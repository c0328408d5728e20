// Tests that broken captures give issues with byte offsets while every good flow before and after is kept.
import { describe, expect, it } from "vitest";
import { MAX_CAPTURE_WARNINGS, parseCapture } from "./pcap.js";
import * as w from "./pcap-writer.testkit.js";

const T = 1_700_000_000;
const syn = w.ether(w.ipv4("10.0.0.1", "10.0.0.2", 6, w.tcp(40000, 80, 0x02)));
const dns = w.ether(w.ipv4("10.0.0.1", "10.0.0.3", 17, w.udp(5000, 53)));
const at = (data: Uint8Array) => ({ seconds: T, fraction: 0, data });
const good = w.classicPcap({ linkType: 1 }, [at(syn), at(dns)]); // records at 24 and 94, 152 bytes
const ports = (bytes: Uint8Array) => parseCapture(bytes).flows.map((f) => f.dst.port);
const issue = (code: string, severity: string, message: string) => ({ code, severity, message });

describe("parseCapture on broken libpcap files", () => {
  const cases: [string, Uint8Array, ReturnType<typeof issue>[]][] = [
    [
      "an empty file",
      new Uint8Array(),
      [issue("flow-truncated", "error", "the file ends at byte 0, before its magic number")],
    ],
    [
      "a file that is no capture",
      Uint8Array.from("GIF89a and more", (c) => c.charCodeAt(0)),
      [
        issue(
          "flow-syntax",
          "error",
          "not a pcap or pcapng capture: the file does not start with a capture magic number",
        ),
      ],
    ],
    [
      "a cut file header",
      good.slice(0, 10),
      [issue("flow-truncated", "error", "the file ends inside its 24-byte pcap header, at byte 10")],
    ],
    [
      "an unknown link type",
      w.classicPcap({ linkType: 147 }, [at(syn)]),
      [issue("flow-unsupported", "error", "link type 147 (pcap header at byte 20) is not one netward reads")],
    ],
  ];
  for (const [name, bytes, issues] of cases)
    it(`reports ${name} and gives no flows`, () =>
      expect(parseCapture(bytes)).toEqual({ flows: [], issues }));

  it("keeps the records before a cut record header or a cut record", () => {
    const third = w.classicPcap({ linkType: 1 }, [at(syn)]).subarray(24);
    expect(parseCapture(w.concat(good, third.subarray(0, 8)))).toEqual({
      flows: parseCapture(good).flows,
      issues: [issue("flow-truncated", "warning", "the file ends inside the record header at byte 152")],
    });
    expect(parseCapture(w.concat(good, third.subarray(0, 30))).issues).toEqual([
      issue(
        "flow-truncated",
        "warning",
        "the record at byte 152 claims 54 captured bytes but only 14 remain: the file is cut off or corrupt from here",
      ),
    ]);
    expect(ports(w.concat(good, third.subarray(0, 30)))).toEqual([80, 53]);
  });

  it("reads records longer than the snapshot length, with a warning each", () => {
    const bytes = w.classicPcap({ linkType: 1, snaplen: 60 }, [
      at(syn),
      at(w.concat(dns, new Uint8Array(20))),
    ]);
    expect(parseCapture(bytes, { file: "f.pcap" })).toMatchObject({
      flows: [{ dst: { port: 80 } }, { dst: { port: 53 } }],
      issues: [
        {
          ...issue(
            "flow-syntax",
            "warning",
            "the record at byte 94 has 62 captured bytes, more than the snapshot length 60; read anyway",
          ),
          file: "f.pcap",
        },
      ],
    });
  });

  const garbage: [string, Uint8Array, string][] = [
    [
      "an IP version of 7",
      w.ether(w.concat(w.be([0x75, 1]), new Uint8Array(39))),
      "the link layer announces IPv4 but the IP version field is 7",
    ],
    [
      "an IPv4 header length of 8",
      w.ether(w.concat(w.be([0x42, 1]), new Uint8Array(39))),
      "IPv4 header length 8 is below 20",
    ],
    [
      "a cut TCP header",
      w.ether(w.ipv4("1.2.3.4", "5.6.7.8", 6, new Uint8Array(10))),
      "TCP header needs 20 bytes, 10 captured",
    ],
    [
      "a cut VLAN tag",
      w.concat(new Uint8Array(12), w.be([0x8100, 2], [5, 1])),
      "802.1Q VLAN header needs 18 bytes, 15 captured",
    ],
    ["a cut Ethernet header", new Uint8Array(9), "Ethernet header needs 14 bytes, 9 captured"],
    [
      "an empty raw frame inside Ethernet",
      w.concat(new Uint8Array(12), w.be([0x86dd, 2])),
      "no IP header captured",
    ],
    [
      "a cut IPv6 extension header",
      w.ether(w.ipv6("::1", "::2", 0, new Uint8Array(), w.be([6, 1], [0, 1]))),
      "IPv6 extension header 0 at byte 40 is cut off",
    ],
    [
      "a TCP data offset of 8",
      w.ether(w.ipv4("1.2.3.4", "5.6.7.8", 6, w.be([0, 4], [0, 4], [0, 4], [0x20000000, 4], [0, 4]))),
      "TCP data offset 8 is below 20",
    ],
  ];
  for (const [name, bad, why] of garbage)
    it(`reports a packet with ${name} at its offset and keeps the packets around it`, () => {
      const bytes = w.classicPcap({ linkType: 1 }, [at(syn), at(bad), at(dns)]);
      const { flows, issues } = parseCapture(bytes);
      expect(flows.map((f) => f.dst.port)).toEqual([80, 53]);
      expect(issues).toEqual([issue("flow-syntax", "warning", `the packet at byte 94 is malformed: ${why}`)]);
    });

  it(`lists ${MAX_CAPTURE_WARNINGS} warnings and counts the rest`, () => {
    const bad = at(w.ether(w.be([0x45, 1])));
    const { flows, issues } = parseCapture(
      w.classicPcap({ linkType: 1 }, [...Array<typeof bad>(150).fill(bad), at(dns)]),
    );
    expect(flows).toHaveLength(1);
    expect(issues).toHaveLength(MAX_CAPTURE_WARNINGS + 1);
    expect(issues.at(-1)).toEqual(
      issue("flow-syntax", "info", "50 more flow-syntax warnings are not listed"),
    );
  });
});

describe("parseCapture on broken pcapng files", () => {
  const le = true;
  const head = w.concat(w.shb(le), w.idb(le, 1)); // 48 bytes
  const p1 = w.epb(le, 0, BigInt(T) * 1_000_000n, syn); // 88 bytes; p2 76 bytes
  const p2 = w.epb(le, 0, BigInt(T) * 1_000_000n, dns);
  const parse = (...blocks: Uint8Array[]) => parseCapture(w.concat(...blocks));

  it("keeps the blocks before a cut block or block header", () => {
    expect(parse(head, p1, p2.subarray(0, 40))).toEqual({
      flows: parse(head, p1).flows,
      issues: [
        issue(
          "flow-truncated",
          "warning",
          "the block at byte 136 claims 76 bytes but only 40 remain: the file is cut off or corrupt from here",
        ),
      ],
    });
    expect(parse(head, p1, p2.subarray(0, 6)).issues).toEqual([
      issue("flow-truncated", "warning", "the file ends inside the block header at byte 136"),
    ]);
  });

  it("stops at a block length that cannot be right, or a bad byte-order magic", () => {
    const odd = w.concat(p2.subarray(0, 4), w.be([0x0e000000, 4]), p2.subarray(8));
    expect(parse(head, p1, odd)).toEqual({
      flows: parse(head, p1).flows,
      issues: [
        issue(
          "flow-syntax",
          "error",
          "the block at byte 136 has length 14, not a multiple of 4 of at least 12; cannot read on",
        ),
      ],
    });
    const shb = w.shb(le);
    shb[8] = 0;
    expect(parse(head, p1, shb, p2).issues).toEqual([
      issue(
        "flow-syntax",
        "error",
        "the section header at byte 136 has byte-order magic 0x1a2b3c00; cannot read on",
      ),
    ]);
  });

  it("skips bad packet blocks and keeps reading", () => {
    const unknownIface = w.epb(le, 3, 0n, syn);
    const overlong = p1.slice();
    new DataView(overlong.buffer).setUint32(20, 500, true);
    const badTail = p1.slice();
    badTail[badTail.length - 4] = 0;
    const { flows, issues } = parse(
      head,
      unknownIface,
      overlong,
      w.block(le, 6, new Uint8Array(8)),
      badTail,
      p2,
    );
    expect(flows.map((f) => [f.dst.port, f.origin.offset])).toEqual([
      [80, 244],
      [53, 332],
    ]);
    expect(issues).toEqual([
      issue(
        "flow-syntax",
        "warning",
        "the packet block at byte 48 names interface 3 but its section has 1; skipped",
      ),
      issue(
        "flow-syntax",
        "warning",
        "the packet block at byte 136 claims 500 captured bytes but holds 56; skipped",
      ),
      issue("flow-syntax", "warning", "the packet block at byte 224 is too short for its header; skipped"),
      issue(
        "flow-syntax",
        "warning",
        "the block at byte 244 ends with a length that differs from its leading 88; read anyway",
      ),
    ]);
  });

  it("skips the packets of interfaces with unknown link types or bad blocks, and reads the others", () => {
    const { flows, issues } = parse(
      w.shb(le),
      w.idb(le, 147),
      w.block(le, 1, new Uint8Array(4)),
      w.idb(le, 1),
      w.epb(le, 0, 0n, syn),
      w.epb(le, 1, 0n, syn),
      w.epb(le, 2, 0n, dns),
    );
    expect(flows.map((f) => f.dst.port)).toEqual([53]);
    expect(issues).toEqual([
      issue(
        "flow-unsupported",
        "warning",
        "interface 0 (block at byte 28) has link type 147, which netward does not read; its packets are skipped",
      ),
      issue("flow-syntax", "warning", "interface 1 (block at byte 48) is too short; its packets are skipped"),
    ]);
  });
});
