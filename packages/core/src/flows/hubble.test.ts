// Tests for the Hubble parser: verdicts, protocols, ends and labels, policies, skips, and issues naming the field.
import { describe, expect, it } from "vitest";
import { hubbleParser } from "./hubble.js";
import type { RecordResult } from "./parser.js";
import { lineParserSuite } from "./testkit.js";

type Json = Record<string, unknown>;
const toolbox = {
  ID: 2410,
  identity: 33190,
  namespace: "shop",
  labels: [
    "k8s:app=toolbox",
    "k8s:io.cilium.k8s.policy.cluster=prod",
    "k8s:io.kubernetes.pod.namespace=shop",
  ],
  pod_name: "debug-toolbox",
};
const ordersDb = {
  identity: 45012,
  namespace: "shop-data",
  labels: ["k8s:app=orders-db", "k8s:tier=db"],
  pod_name: "orders-db-0",
  workloads: [{ name: "orders-db", kind: "StatefulSet" }],
};
const base: Json = {
  time: "2026-11-22T10:16:52.004118902Z",
  verdict: "DROPPED",
  drop_reason: 133,
  IP: { source: "10.244.1.37", destination: "10.244.1.15", ipVersion: "IPv4" },
  l4: { TCP: { source_port: 51544, destination_port: 5432, flags: { SYN: true } } },
  source: toolbox,
  destination: ordersDb,
  Type: "L3_L4",
  node_name: "prod/node-b",
  event_type: { type: 1 },
  traffic_direction: "EGRESS",
  drop_reason_desc: "POLICY_DENIED",
  is_reply: false,
};
const line = (flow: Json, envelope: Json = {}) =>
  JSON.stringify({ flow: { ...base, ...flow }, node_name: "prod/node-b", time: base["time"], ...envelope });
const parse = (text: string): RecordResult => hubbleParser.parseLine({ text, line: 5, offset: 9 }, "h.jsonl");
const flowOf = (text: string) => {
  const r = parse(text);
  if (!("flow" in r)) throw new Error(`no flow: ${JSON.stringify(r)}`);
  return r.flow;
};
const at = Date.UTC(2026, 10, 22, 10, 16, 52, 4);

describe("hubble flows", () => {
  it("reads a policy drop", () => {
    expect(flowOf(line({}))).toEqual({
      start: at,
      end: at,
      src: {
        ip: "10.244.1.37",
        port: 51544,
        name: "debug-toolbox",
        namespace: "shop",
        type: "wep",
        labels: { app: "toolbox" },
      },
      dst: {
        ip: "10.244.1.15",
        port: 5432,
        name: "orders-db-0",
        namespace: "shop-data",
        type: "wep",
        labels: { app: "orders-db", tier: "db" },
      },
      protocol: 6,
      action: "deny",
      reporter: "src",
      count: 1,
      host: "node-b",
      origin: { format: "hubble", file: "h.jsonl", line: 5, offset: 9 },
    });
  });

  const table: [string, Json, object][] = [
    ["FORWARDED is allow", { verdict: "FORWARDED" }, { action: "allow" }],
    ["REDIRECTED is allow", { verdict: "REDIRECTED" }, { action: "allow" }],
    ["POLICY_DENY by number", { drop_reason_desc: undefined, drop_reason: 181 }, { action: "deny" }],
    ["INGRESS is the destination's", { traffic_direction: "INGRESS" }, { reporter: "dst" }],
    [
      "UDP",
      { l4: { UDP: { source_port: 41853, destination_port: 53 } } },
      { protocol: 17, dst: { port: 53 } },
    ],
    ["SCTP", { l4: { SCTP: { source_port: 2905, destination_port: 2905 } } }, { protocol: 132 }],
    [
      "ICMPv4 with zero code left out",
      { l4: { ICMPv4: { type: 8 } } },
      { protocol: 1, icmpType: 8, icmpCode: 0 },
    ],
    ["ICMPv4 echo reply, all zero", { l4: { ICMPv4: {} } }, { protocol: 1, icmpType: 0, icmpCode: 0 }],
    [
      "ICMPv6 over IPv6",
      {
        IP: { source: "fd00:10:244:1:0::37", destination: "fd00:10:244:1::15", ipVersion: "IPv6" },
        l4: { ICMPv6: { type: 128 } },
      },
      { protocol: 58, icmpType: 128, src: { ip: "fd00:10:244:1::37" } },
    ],
    [
      "TCP without flags",
      { l4: { TCP: { destination_port: 5432 } } },
      { dst: { port: 5432 }, src: { ip: "10.244.1.37" } },
    ],
    [
      "world and host ends",
      {
        source: { identity: 1, labels: ["reserved:host"] },
        destination: { identity: 2, labels: ["reserved:world"] },
      },
      {
        src: { ip: "10.244.1.37", port: 51544, type: "hep" },
        dst: { ip: "10.244.1.15", port: 5432, type: "net" },
      },
    ],
    [
      "policies from the four lists",
      {
        egress_denied_by: [{ name: "deny-icmp", namespace: "shop", kind: "CiliumNetworkPolicy" }],
        ingress_allowed_by: [
          { name: "cluster-wide", kind: "CiliumClusterwideNetworkPolicy" },
          { name: "plain" },
        ],
      },
      {
        policies: {
          enforced: [
            "CiliumNetworkPolicy:shop/deny-icmp",
            "CiliumClusterwideNetworkPolicy:cluster-wide",
            "plain",
          ],
          pending: [],
        },
      },
    ],
    ["node name without a cluster", { node_name: "node-c" }, { host: "node-c" }],
    ["time from the envelope", { time: undefined }, { start: at }],
  ];
  for (const [name, flow, expected] of table)
    it(name, () => expect(flowOf(line(flow))).toMatchObject(expected));

  it("reads a bare flow object", () => expect(flowOf(JSON.stringify(base)).action).toBe("deny"));

  it("skips replies, non-policy verdicts, non-L3/L4 flows, TCP past the SYN and other events", () => {
    for (const text of [
      line({ is_reply: true }),
      line({ drop_reason_desc: "CT_MAP_INSERTION_FAILED", drop_reason: 155 }),
      line({ verdict: "AUDIT" }),
      line({ verdict: "TRACED" }),
      line({ verdict: "ERROR" }),
      line({ verdict: "TRANSLATED" }),
      line({ Type: "L7" }),
      line({ Type: "SOCK" }),
      line({ l4: { TCP: { source_port: 1, destination_port: 2, flags: { ACK: true, PSH: true } } } }),
      line({ l4: { TCP: { source_port: 1, destination_port: 2, flags: { SYN: true, ACK: true } } } }),
      JSON.stringify({ lost_events: { source: "HUBBLE_RING_BUFFER", num_events_lost: "3" }, node_name: "n" }),
      JSON.stringify({ node_status: { state_change: "NODE_CONNECTED", node_names: ["n"] } }),
      "   ",
    ])
      expect(parse(text)).toEqual({ skip: true });
  });

  const issues: [string, string, string | undefined, string][] = [
    ["broken JSON", line({}).slice(0, 50), undefined, "not valid JSON"],
    ["not an object", "[1]", undefined, "expected a JSON object"],
    ["no flow", "{}", "flow", "required field missing"],
    [
      "port out of range",
      line({ l4: { UDP: { destination_port: 70000 } } }),
      "flow.l4.UDP.destination_port",
      "0-65535",
    ],
    [
      "bad source IP",
      line({ IP: { source: "not-an-ip", destination: "10.0.0.1" } }),
      "flow.IP.source",
      "an IP address",
    ],
    ["missing IP", line({ IP: undefined }), "flow.IP", "required field missing"],
    [
      "missing destination IP",
      line({ IP: { source: "10.0.0.1" } }),
      "flow.IP.destination",
      "required field missing",
    ],
    ["unknown verdict", line({ verdict: "MAYBE" }), "flow.verdict", '"FORWARDED"'],
    ["bad time", line({ time: "yesterday" }), "flow.time", "RFC 3339"],
    [
      "labels not a list",
      line({ source: { labels: "k8s:app=x" } }),
      "flow.source.labels",
      "array of strings",
    ],
    ["label without =", line({ source: { labels: ["k8s:app"] } }), "flow.source.labels[0]", "key=value"],
    ["unknown l4", line({ l4: { GRE: {} } }), "flow.l4", "expected one of TCP"],
    ["ICMP type out of range", line({ l4: { ICMPv4: { type: 256 } } }), "flow.l4.ICMPv4.type", "0-255"],
    ["is_reply not a boolean", line({ is_reply: "no" }), "flow.is_reply", "true or false"],
    [
      "policy without a name",
      line({ egress_allowed_by: [{ namespace: "x" }] }),
      "flow.egress_allowed_by[0].name",
      "missing",
    ],
  ];
  for (const [name, text, path, part] of issues) {
    it(`reports ${name}`, () => {
      const r = parse(text);
      if (!("issue" in r)) throw new Error(`no issue: ${JSON.stringify(r)}`);
      expect(r.issue).toMatchObject({ severity: "error", file: "h.jsonl", line: 5 });
      expect(r.issue.path).toBe(path);
      expect(r.issue.message).toContain(part);
      expect(r.issue.message.startsWith("line 5: ")).toBe(true);
    });
  }
});

describe("hubble parser: shared suite", () => {
  lineParserSuite(hubbleParser, {
    good: [
      line({}),
      line({ verdict: "FORWARDED", traffic_direction: "INGRESS" }),
      line({ l4: { UDP: { source_port: 41853, destination_port: 53 } } }),
      line({ l4: { ICMPv4: { type: 8 } } }),
      line({ IP: { source: "fd00::37", destination: "fd00::15" }, l4: { ICMPv6: { type: 128 } } }),
      JSON.stringify(base),
    ],
    wrongTypes: [
      line({ l4: { TCP: { source_port: "51544", destination_port: 5432 } } }),
      line({ IP: { source: "10.244.1.370", destination: "10.244.1.15" } }),
      line({ verdict: 2 }),
      line({ time: 1763806612 }),
    ],
  });
});
