// Tests for the Calico Enterprise flow log parser: field mapping, aggregated records, and located field errors.
import { describe, expect, it } from "vitest";
import { calicoFlowLogParser } from "./calico-flowlog.js";
import type { Flow } from "./flow.js";
import { lineParserSuite } from "./testkit.js";

const base = {
  start_time: 1741269900,
  end_time: 1741270200,
  source_ip: null,
  source_name: "-",
  source_name_aggr: "storefront-6c9d7f-*",
  source_namespace: "shop",
  source_port: null,
  source_type: "wep",
  source_labels: { labels: ["app=storefront", "tier=frontend"] },
  dest_ip: null,
  dest_name: "-",
  dest_name_aggr: "checkout-api-7d9f8b-*",
  dest_namespace: "shop",
  dest_port: 9090,
  dest_type: "wep",
  dest_labels: null,
  dest_service_name: "-",
  proto: "tcp",
  action: "allow",
  reporter: "src",
  policies: {
    enforced_policies: ["0|default|shop/knp.default.allow-storefront-egress|allow|0"],
    pending_policies: ["0|default|shop/staged:knp.default.restrict|deny|-1"],
    all_policies: ["0|default|shop/knp.default.allow-storefront-egress|allow|0"],
  },
  bytes_in: 100,
  bytes_out: 50,
  packets_in: 3,
  packets_out: 2,
  num_flows: 14,
  host: "node-a",
};
const line = (over: Record<string, unknown> = {}) => JSON.stringify({ ...base, ...over });
const parse = (text: string) => calicoFlowLogParser.parseLine({ text, line: 4, offset: 310 }, "flows.log");
const flowOf = (over: Record<string, unknown>): Flow => {
  const r = parse(line(over));
  if (!("flow" in r)) throw new Error(JSON.stringify(r));
  return r.flow;
};

describe("calicoFlowLogParser", () => {
  lineParserSuite(calicoFlowLogParser, {
    good: [
      line(),
      line({
        source_ip: "10.244.0.21",
        source_name: "storefront-6c9d7f-x8k2p",
        action: "deny",
        policies: null,
      }),
      line({ dest_ip: "fd00:10:244::2a", proto: "icmp6", dest_port: null, reporter: "dst" }),
      line({ dest_name_aggr: "pub", dest_type: "net", dest_namespace: "-", proto: 132 }),
      line({ source_type: "hep", source_namespace: "-", reporter: "fwd", policies: { all_policies: [] } }),
    ],
    wrongTypes: [
      line({ dest_port: "postgres" }),
      line({ start_time: "yesterday" }),
      line({ proto: "carrier-pigeon" }),
      line({ action: "drop" }),
      line({ source_type: "pod" }),
      line({ source_ip: "10.244.0.300" }),
      line({ source_labels: { labels: ["no-equals-sign"] } }),
      line({ policies: { enforced_policies: "0|default|x|allow|0" } }),
      line({ num_flows: -1 }),
      line({ end_time: 1 }),
    ],
  });

  it("maps an aggregated record: names from *_name_aggr, `-` as absent, seconds to milliseconds", () => {
    expect(flowOf({})).toEqual({
      start: 1741269900000,
      end: 1741270200000,
      src: {
        name: "storefront-6c9d7f-*",
        namespace: "shop",
        type: "wep",
        labels: { app: "storefront", tier: "frontend" },
      },
      dst: { name: "checkout-api-7d9f8b-*", namespace: "shop", type: "wep", port: 9090 },
      protocol: 6,
      action: "allow",
      reporter: "src",
      policies: {
        enforced: ["0|default|shop/knp.default.allow-storefront-egress|allow|0"],
        pending: ["0|default|shop/staged:knp.default.restrict|deny|-1"],
      },
      count: 14,
      packets: 5,
      bytes: 150,
      host: "node-a",
      origin: { format: "calico-flowlog", file: "flows.log", line: 4, offset: 310 },
    });
  });

  it.each([
    [{ source_name: "storefront-6c9d7f-x8k2p" }, (f: Flow) => f.src.name, "storefront-6c9d7f-x8k2p"],
    [{ source_name_aggr: "-" }, (f: Flow) => f.src.name, undefined],
    [{ source_ip: "10.244.0.21" }, (f: Flow) => f.src.ip, "10.244.0.21"],
    [{ dest_ip: "-" }, (f: Flow) => f.dst.ip, undefined],
    [{ dest_namespace: "-" }, (f: Flow) => f.dst.namespace, undefined],
    [{ proto: "udp" }, (f: Flow) => f.protocol, 17],
    [{ proto: "icmp" }, (f: Flow) => f.protocol, 1],
    [{ proto: "icmp6" }, (f: Flow) => f.protocol, 58],
    [{ proto: "17" }, (f: Flow) => f.protocol, 17],
    [{ proto: 132 }, (f: Flow) => f.protocol, 132],
    [{ host: "-" }, (f: Flow) => f.host, undefined],
    [{ num_flows: undefined }, (f: Flow) => f.count, 1],
    [{ policies: null }, (f: Flow) => f.policies, undefined],
    [
      { policies: { all_policies: ["0|default|a|allow|0"] } },
      (f: Flow) => f.policies,
      { enforced: ["0|default|a|allow|0"], pending: [] },
    ],
    [{ source_labels: null }, (f: Flow) => f.src.labels, undefined],
    [{ source_labels: { labels: ["k=a=b"] } }, (f: Flow) => f.src.labels, { k: "a=b" }],
  ] as const)("%j", (over, get, want) => {
    expect(get(flowOf(over))).toEqual(want);
  });

  it.each([
    [
      line({ dest_port: "postgres" }),
      "flow-field",
      'line 4: dest_port: expected an integer 0-65535, got "postgres"',
    ],
    [line({ action: "drop" }), "flow-field", 'line 4: action: expected "allow" or "deny", got "drop"'],
    [
      line({ source_labels: { labels: ["app"] } }),
      "flow-field",
      'line 4: source_labels.labels[0]: expected a label key=value, got "app"',
    ],
    [
      line({ end_time: 1741269899 }),
      "flow-field",
      "line 4: end_time: expected a time at or after start_time (1741269900), got 1741269899",
    ],
    [line({ reporter: undefined }), "flow-syntax", "line 4: reporter: required field missing"],
    ["{}", "flow-syntax", "line 4: start_time: required field missing"],
    ['{"start_time": 1', "flow-syntax", "line 4: not valid JSON"],
    ["[]", "flow-syntax", "line 4: expected a JSON object (a Calico flow log record), got an array"],
  ])("%s -> %s", (text, code, message) => {
    const r = parse(text);
    expect("issue" in r).toBe(true);
    if ("issue" in r) {
      expect(r.issue.code).toBe(code);
      expect(r.issue.message.startsWith(message)).toBe(true);
      expect([r.issue.file, r.issue.line, r.issue.severity]).toEqual(["flows.log", 4, "error"]);
    }
  });

  it("skips blank lines", () => {
    expect(parse("   ")).toEqual({ skip: true });
  });
});
