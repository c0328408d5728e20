// Tests for the netward JSONL parser: every Flow field checked, unknown fields caught, origin replaced by the line's.
import { describe, expect, it } from "vitest";
import type { Flow } from "./flow.js";
import { netwardJsonlParser } from "./netward-jsonl.js";
import { lineParserSuite } from "./testkit.js";

const base = {
  start: 1741269900000,
  end: 1741269915000,
  src: {
    ip: "10.244.0.21",
    port: 51234,
    name: "storefront-6c9d7f-x8k2p",
    namespace: "shop",
    type: "wep",
    labels: { app: "storefront" },
  },
  dst: { ip: "10.244.1.52", port: 9090 },
  protocol: 6,
  action: "allow",
  reporter: "src",
  policies: { enforced: ["0|default|shop/knp.default.allow-storefront-egress|allow|0"], pending: [] },
  count: 1,
  packets: 12,
  bytes: 4810,
  host: "node-a",
};
const line = (over: Record<string, unknown> = {}) => JSON.stringify({ ...base, ...over });
const parse = (text: string) => netwardJsonlParser.parseLine({ text, line: 9, offset: 900 }, "flows.jsonl");

describe("netwardJsonlParser", () => {
  lineParserSuite(netwardJsonlParser, {
    good: [
      line(),
      line({
        src: { ip: "fd00:10:244:1::25" },
        dst: { ip: "fd00:10:244::2a" },
        protocol: 58,
        icmpType: 128,
        icmpCode: 0,
      }),
      line({ action: undefined, reporter: "fwd", policies: undefined, packets: undefined, host: undefined }),
      line({ dst: { name: "pub", type: "net", port: 443 }, count: 0 }),
      line({ origin: { format: "kernel-log", file: "/var/log/kern.log", line: 3, offset: 120 } }),
    ],
    wrongTypes: [
      line({ src: { ...base.src, port: "http" } }),
      line({ protocol: "tcp" }),
      line({ start: "2025-03-06T14:05:00Z" }),
      line({ dst: { ip: "10.244.1" } }),
      line({ src: { type: "pod" } }),
      line({ src: { labels: { app: 1 } } }),
      line({ policies: { enforced: [] } }),
      line({ srcPort: 4000 }),
      line({ origin: { format: "csv" } }),
      line({ icmpType: 256 }),
      line({ count: 1.5 }),
      line({ end: 1 }),
    ],
  });

  it("keeps every field and records where the line was read", () => {
    const r = parse(line({ origin: { format: "calico-flowlog", file: "a.log", line: 1 } }));
    expect(r).toEqual({
      flow: {
        ...base,
        origin: { format: "netward-jsonl", file: "flows.jsonl", line: 9, offset: 900 },
      } as Flow,
    });
  });

  it.each([
    [
      line({ src: { ...base.src, port: "http" } }),
      "flow-field",
      "src.port",
      'line 9: src.port: expected an integer 0-65535, got "http"',
    ],
    [
      line({ src: { ...base.src, port: 70000 } }),
      "flow-field",
      "src.port",
      "line 9: src.port: expected an integer 0-65535, got 70000",
    ],
    [
      line({ protocol: "tcp" }),
      "flow-field",
      "protocol",
      'line 9: protocol: expected an integer 0-255, got "tcp"',
    ],
    [
      line({ dst: { ip: "10.244.1" } }),
      "flow-field",
      "dst.ip",
      'line 9: dst.ip: expected an IP address, got "10.244.1"',
    ],
    [
      line({ src: { labels: { app: 1 } } }),
      "flow-field",
      "src.labels.app",
      "line 9: src.labels.app: expected a string label value, got 1",
    ],
    [line({ dst: "10.0.0.1" }), "flow-field", "dst", 'line 9: dst: expected an object, got "10.0.0.1"'],
    [line({ dst: undefined }), "flow-syntax", "dst", "line 9: dst: required field missing"],
    [
      line({ policies: { enforced: [] } }),
      "flow-syntax",
      "policies.pending",
      "line 9: policies.pending: required field missing",
    ],
    [
      line({ policies: { enforced: [1], pending: [] } }),
      "flow-field",
      "policies.enforced[0]",
      "line 9: policies.enforced[0]: expected a string, got 1",
    ],
    [line({ srcPort: 1 }), "flow-field", "srcPort", "line 9: srcPort: unknown field"],
    [
      line({ dst: { prot: 1 } }),
      "flow-field",
      "dst.prot",
      "line 9: dst.prot: unknown field, did you mean port?",
    ],
    [
      line({ origin: { format: "csv" } }),
      "flow-field",
      "origin.format",
      'line 9: origin.format: expected "calico-flowlog" or',
    ],
    [
      line({ reporter: "both" }),
      "flow-field",
      "reporter",
      'line 9: reporter: expected "src" or "dst" or "fwd", got "both"',
    ],
    [
      line({ end: 5 }),
      "flow-field",
      "end",
      "line 9: end: expected a time at or after start (1741269900000), got 5",
    ],
    ["{}", "flow-syntax", "start", "line 9: start: required field missing"],
    ["null", "flow-syntax", undefined, "line 9: expected a JSON object (a netward flow), got null"],
  ])("%s", (text, code, path, message) => {
    const r = parse(text);
    expect("issue" in r).toBe(true);
    if ("issue" in r) {
      expect([r.issue.code, r.issue.path]).toEqual([code, path]);
      expect(r.issue.message.startsWith(message), r.issue.message).toBe(true);
    }
  });

  it("suggests the fix for a misspelt field", () => {
    const r = parse(line({ dst: { prot: 1 } }));
    expect("issue" in r && r.issue.fix).toBe("rename prot to port");
  });
});
