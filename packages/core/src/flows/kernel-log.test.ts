// Tests for the kernel log parser: every log prefix style, IPv4/IPv6, TCP/UDP/ICMP/ICMPv6/SCTP, skips and issues.
import { describe, expect, it } from "vitest";
import { kernelLogParser } from "./kernel-log.js";
import { splitKernelPrefix } from "./kernel-log-prefix.js";
import { parseRfc3339 } from "./time.js";
import type { RecordResult } from "./parser.js";
import { lineParserSuite } from "./testkit.js";

const mac = "MAC=ee:ee:ee:ee:ee:ee:7a:3c:51:9e:02:d4:08:00";
const tcp4 = `calico-packet: IN=cali5f3c2e1a9b0 OUT=eth0 ${mac} SRC=10.244.1.37 DST=10.244.1.15 LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=40211 DF PROTO=TCP SPT=51544 DPT=5432 WINDOW=64240 RES=0x00 SYN URGP=0 `;
const udp4 = `calico-packet: IN=cali5f3c2e1a9b0 OUT=eth0 ${mac} SRC=10.244.1.37 DST=10.244.1.3 LEN=59 TOS=0x00 PREC=0x00 TTL=63 ID=28871 DF PROTO=UDP SPT=41853 DPT=53 LEN=39 `;
const icmp4 = `calico-packet: IN=cali5f3c2e1a9b0 OUT=eth0 ${mac} SRC=10.244.1.37 DST=203.0.113.200 LEN=84 TOS=0x00 PREC=0x00 TTL=63 ID=0 DF PROTO=ICMP TYPE=8 CODE=0 ID=17 SEQ=1 `;
const tcp6 = `calico-packet: IN=cali1 OUT=cali2 ${mac} SRC=fd00:0010:0244:0000:0000:0000:0000:0021 DST=fd00:10:244::34 LEN=80 TC=0 HOPLIMIT=63 FLOWLBL=739204 PROTO=TCP SPT=39020 DPT=9090 WINDOW=64800 RES=0x00 SYN URGP=0 `;
const icmp6 = `calico-packet: IN=cali1 OUT=cali2 ${mac} SRC=fd00:10:244:1::37 DST=fd00:10:244:1::15 LEN=104 TC=0 HOPLIMIT=63 FLOWLBL=201733 PROTO=ICMPv6 TYPE=128 CODE=0 ID=23 SEQ=1 `;
const sctp = `calico-packet: IN=cali9 OUT=eth0 ${mac} SRC=10.244.0.45 DST=192.0.2.17 LEN=68 TOS=0x02 PREC=0x00 TTL=63 ID=0 DF PROTO=132 `;

const parser = kernelLogParser({ year: 2026, bootTime: Date.UTC(2026, 10, 21) });
const parse = (text: string, p = parser): RecordResult => p.parseLine({ text, line: 3, offset: 40 }, "k.log");
const flowOf = (text: string, p = parser) => {
  const r = parse(text, p);
  if (!("flow" in r)) throw new Error(`no flow: ${JSON.stringify(r)}`);
  return r.flow;
};
const at = Date.UTC(2026, 10, 22, 10, 15, 1);

describe("kernel log prefixes", () => {
  const cases: [string, string, number, string | undefined][] = [
    ["RFC 3164 with uptime", `Nov 22 10:15:01 node-b kernel: [86512.104233] ${tcp4}`, at, "node-b"],
    [
      "RFC 3164 with PRI, space-padded day",
      `<5>Nov  2 10:15:01 node-b kernel: ${tcp4}`,
      Date.UTC(2026, 10, 2, 10, 15, 1),
      "node-b",
    ],
    ["journald short", `Nov 22 10:15:01 node-b kernel: ${tcp4}`, at, "node-b"],
    ["journald short-precise", `Nov 22 10:15:01.123456 node-b kernel: ${tcp4}`, at + 123, "node-b"],
    ["journald short-iso", `2026-11-22T11:15:01+0100 node-b kernel: ${tcp4}`, at, "node-b"],
    [
      "journald short-iso-precise",
      `2026-11-22T10:15:01.500000+00:00 node-b kernel: ${tcp4}`,
      at + 500,
      "node-b",
    ],
    ["RFC 5424", `<4>1 2026-11-22T10:15:01.123456+00:00 node-b kernel - - - ${tcp4}`, at + 123, "node-b"],
    [
      "RFC 5424 with SD and uptime",
      `<4>1 2026-11-22T10:15:01Z node-b kernel - - [m@1 a="x\\]"] [1.5] ${tcp4}`,
      at,
      "node-b",
    ],
    ["RFC 5424 nil host", `<4>1 2026-11-22T10:15:01Z - kernel - - - ${tcp4}`, at, undefined],
    ["dmesg", `[ 3600.250000] ${tcp4}`, Date.UTC(2026, 10, 21, 1, 0, 0, 250), undefined],
    ["dmesg -T", `[Sun Nov 22 10:15:01 2026] ${tcp4}`, at, undefined],
  ];
  for (const [name, text, start, host] of cases) {
    it(name, () => {
      const f = flowOf(text);
      expect(f.start).toBe(start);
      expect(f.end).toBe(start);
      expect(f.host).toBe(host);
    });
  }

  it("falls back to 1970 without a year and to time since boot without a boot time", () => {
    const bare = kernelLogParser();
    expect(flowOf(`Nov 22 10:15:01 n kernel: ${tcp4}`, bare).start).toBe(Date.UTC(1970, 10, 22, 10, 15, 1));
    expect(flowOf(`[12.345678] ${tcp4}`, bare).start).toBe(12_345);
    expect(flowOf(`Nov 22 10:15:01 n kernel: ${tcp4}`, bare).timeRelative).toBe(true);
    expect(flowOf(`[12.345678] ${tcp4}`, bare).timeRelative).toBe(true);
    expect(flowOf(`[12.345678] ${tcp4}`, parser).timeRelative).toBeUndefined();
    expect(flowOf(`Nov 22 10:15:01 n kernel: ${tcp4}`, parser).timeRelative).toBeUndefined();
    expect(flowOf(`<4>1 2026-11-22T10:15:01Z n kernel - - - ${tcp4}`, bare).timeRelative).toBeUndefined();
  });

  it("reads RFC 3339 with offsets and rejects impossible times", () => {
    expect(parseRfc3339("2026-11-22T10:15:01.999999999-02:30")).toBe(at + 999 + 150 * 60_000);
    for (const bad of [
      "2026-02-29T00:00:00Z",
      "2026-11-22T24:00:00Z",
      "2026-11-22 10:15",
      "0050-01-01T00:00:00Z",
    ])
      expect(parseRfc3339(bad)).toBeUndefined();
    expect(splitKernelPrefix("no prefix here")).toBeUndefined();
  });
});

describe("kernel log packets", () => {
  it("TCP SYN over IPv4", () => {
    const f = flowOf(`Nov 22 10:15:01 node-b kernel: ${tcp4}`);
    expect(f).toEqual({
      start: at,
      end: at,
      src: { ip: "10.244.1.37", port: 51544 },
      dst: { ip: "10.244.1.15", port: 5432 },
      protocol: 6,
      count: 1,
      packets: 1,
      bytes: 60,
      host: "node-b",
      origin: { format: "kernel-log", file: "k.log", line: 3, offset: 40 },
    });
    expect(f.action).toBeUndefined();
  });

  const table: [string, string, object][] = [
    [
      "UDP",
      udp4,
      {
        protocol: 17,
        src: { ip: "10.244.1.37", port: 41853 },
        dst: { ip: "10.244.1.3", port: 53 },
        bytes: 59,
      },
    ],
    ["ICMP echo", icmp4, { protocol: 1, icmpType: 8, icmpCode: 0, dst: { ip: "203.0.113.200" } }],
    [
      "TCP over IPv6, full-length addresses made canonical",
      tcp6,
      { protocol: 6, src: { ip: "fd00:10:244::21", port: 39020 } },
    ],
    ["ICMPv6 echo", icmp6, { protocol: 58, icmpType: 128, icmpCode: 0, src: { ip: "fd00:10:244:1::37" } }],
    [
      "SCTP as a number, no ports",
      sctp,
      { protocol: 132, src: { ip: "10.244.0.45" }, dst: { ip: "192.0.2.17" } },
    ],
    [
      "ICMP error quoting another packet",
      icmp4.replace(
        "TYPE=8 CODE=0 ID=17 SEQ=1",
        "TYPE=3 CODE=3 [SRC=1.1.1.1 DST=2.2.2.2 PROTO=UDP SPT=1 DPT=2 ]",
      ),
      { protocol: 1, icmpType: 3, icmpCode: 3, src: { ip: "10.244.1.37" } },
    ],
  ];
  for (const [name, text, expected] of table) {
    it(name, () => expect(flowOf(`Nov 22 10:15:01 node-b kernel: ${text}`)).toMatchObject(expected));
  }

  it("honours a custom prefix, with or without its colon", () => {
    const custom = kernelLogParser({ prefix: "shop-deny:", year: 2026 });
    expect(
      flowOf(`Nov 22 10:15:01 n kernel: ${tcp4.replace("calico-packet", "shop-deny")}`, custom).protocol,
    ).toBe(6);
    expect(parse(`Nov 22 10:15:01 n kernel: ${tcp4}`, custom)).toEqual({ skip: true });
    expect(parse(`Nov 22 10:15:01 n kernel: ${tcp4.replace("calico-packet", "calico-packet-x")}`)).toEqual({
      skip: true,
    });
  });

  it("skips other kernel messages, other programs and TCP packets past the SYN", () => {
    for (const text of [
      "Nov 22 10:15:14 node-b kernel: [86526.001201] nf_conntrack: table full, dropping packet",
      "Nov 22 10:15:04 node-b systemd[1]: Started session-42.scope.",
      "[91212.004771] cali2b9d7e4f6a1: entered promiscuous mode",
      "-- Boot 6b1e0c52d3f84a0f9a7c2e1d5b8f3a64 --",
      `Nov 22 10:15:01 node-b kernel: ${tcp4.replace("SYN", "ACK PSH")}`,
      `Nov 22 10:15:01 node-b kernel: ${tcp4.replace("SYN", "ACK SYN")}`,
      "",
    ])
      expect(parse(text)).toEqual({ skip: true });
  });

  const issues: [string, string, string, string][] = [
    ["port out of range", tcp4.replace("SPT=51544", "SPT=70000"), "SPT", "SPT=70000 is not a number 0-65535"],
    [
      "source not an IP",
      tcp4.replace("SRC=10.244.1.37", "SRC=not-an-ip"),
      "SRC",
      "SRC=not-an-ip is not an IP address",
    ],
    ["destination missing", tcp4.replace("DST=10.244.1.15 ", ""), "DST", "DST missing"],
    ["protocol missing", tcp4.replace("PROTO=TCP ", ""), "PROTO", "PROTO missing"],
    [
      "unknown protocol",
      tcp4.replace("PROTO=TCP", "PROTO=QUIC"),
      "PROTO",
      "PROTO=QUIC is not a protocol name or number",
    ],
    ["ICMP type out of range", icmp4.replace("TYPE=8", "TYPE=300"), "TYPE", "TYPE=300 is not a number 0-255"],
    ["UDP without DPT", udp4.replace("DPT=53 ", ""), "DPT", "DPT missing"],
    [
      "mixed families",
      tcp4.replace("DST=10.244.1.15", "DST=fd00::1"),
      "DST",
      "SRC and DST are of different IP families",
    ],
  ];
  for (const [name, text, path, message] of issues) {
    it(`reports ${name}`, () => {
      const r = parse(`Nov 22 10:15:01 node-b kernel: ${text}`);
      if (!("issue" in r)) throw new Error(`no issue: ${JSON.stringify(r)}`);
      const code = message.endsWith("missing") ? "flow-syntax" : "flow-field";
      expect(r.issue).toEqual({
        code,
        severity: "error",
        message: `line 3: ${message}`,
        file: "k.log",
        line: 3,
        path,
      });
    });
  }

  it("reports a bad timestamp and a Calico line without any log prefix", () => {
    const bad = parse(`Nov 31 10:15:01 node-b kernel: ${tcp4}`);
    expect("issue" in bad && bad.issue.message).toBe("line 3: timestamp Nov 31 10:15:01 is not a valid time");
    const bare = parse(tcp4);
    expect("issue" in bare && bare.issue.path).toBe("timestamp");
  });
});

describe("kernel log parser: shared suite", () => {
  lineParserSuite(parser, {
    good: [
      `Nov 22 10:15:01 node-b kernel: [86512.104233] ${tcp4}`,
      `<4>1 2026-11-22T10:15:01.123456+00:00 node-a kernel - - - ${udp4}`,
      `Nov 22 10:15:01 node-a kernel: ${icmp4}`,
      `2026-11-22T10:15:01.500000+00:00 node-a kernel: ${tcp6}`,
      `[91210.552031] ${icmp6}`,
      `[Sun Nov 22 10:15:01 2026] ${sctp}`,
    ],
    wrongTypes: [
      `Nov 22 10:15:01 node-b kernel: ${tcp4.replace("DPT=5432", "DPT=99999")}`,
      `Nov 22 10:15:01 node-b kernel: ${tcp4.replace("SRC=10.244.1.37", "SRC=10.244.1.300")}`,
      `Nov 22 10:15:01 node-b kernel: ${icmp4.replace("CODE=0", "CODE=x")}`,
      `Nov 22 10:15:01 node-b kernel: ${tcp4.replace("PROTO=TCP", "PROTO=999")}`,
    ],
  });
});
