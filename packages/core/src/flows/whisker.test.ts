// Tests for the Whisker parsers: record mapping, PolicyHits as v3.32 strings, stream lines and whole documents.
import { describe, expect, it } from "vitest";
import type { Flow } from "./flow.js";
import { lineParserSuite } from "./testkit.js";
import { whiskerParser } from "./whisker.js";
import { parseWhiskerDocument } from "./whisker-document.js";

const hit = (over: Record<string, unknown> = {}) => ({
  kind: "NetworkPolicy",
  name: "allow-storefront-egress",
  namespace: "shop",
  tier: "default",
  action: "Allow",
  policy_index: 0,
  rule_index: 0,
  trigger: null,
  ...over,
});
const base = {
  start_time: "2025-03-06T14:05:00Z",
  end_time: "2025-03-06T14:05:15Z",
  action: "Allow",
  source_name: "storefront-6c9d7f-*",
  source_namespace: "shop",
  source_labels: "app=storefront | tier=frontend",
  dest_name: "checkout-api-7d9f8b-*",
  dest_namespace: "shop",
  dest_labels: "",
  protocol: "tcp",
  dest_port: 9090,
  reporter: "Src",
  policies: { enforced: [hit()], pending: [hit()] },
  packets_in: 3,
  packets_out: 2,
  bytes_in: 100,
  bytes_out: 50,
};
const line = (over: Record<string, unknown> = {}) => JSON.stringify({ ...base, ...over });
const parse = (text: string) => whiskerParser.parseLine({ text, line: 2, offset: 40 }, "w.jsonl");
const flowOf = (over: Record<string, unknown>): Flow => {
  const r = parse(line(over));
  if (!("flow" in r)) throw new Error(JSON.stringify(r));
  return r.flow;
};
const eot = hit({
  kind: "EndOfTier",
  name: "",
  namespace: "",
  action: "Deny",
  rule_index: -1,
  trigger: hit({ name: "default-deny-all", action: "ActionUnspecified" }),
});

describe("whiskerParser", () => {
  lineParserSuite(whiskerParser, {
    good: [
      line(),
      line({ action: "Deny", policies: { enforced: [eot], pending: null } }),
      line({ dest_name: "PUBLIC NETWORK", dest_namespace: "", protocol: "icmp", dest_port: 0 }),
      `data: ${line({ reporter: "Dst" })}`,
      line({ start_time: 1741269900, end_time: 1741269915, proto: "udp", protocol: undefined }),
    ],
    wrongTypes: [
      line({ dest_port: "http" }),
      line({ start_time: "06/03/2025 14:05" }),
      line({ action: "Drop" }),
      line({ reporter: 1 }),
      line({ policies: { enforced: [hit({ kind: "K8sNetworkPolicy" })] } }),
      line({ policies: { enforced: [hit({ kind: "EndOfTier" })] } }),
      line({ policies: { enforced: "allow" } }),
      line({ source_labels: "app" }),
      line({ packets_in: 1.5 }),
      `data: ${line({ protocol: "ipx" })}`,
    ],
  });

  it("maps a record: aggregated names, labels, summed counters, hits as v3.32 flow-log strings", () => {
    expect(flowOf({})).toEqual({
      start: Date.UTC(2025, 2, 6, 14, 5, 0),
      end: Date.UTC(2025, 2, 6, 14, 5, 15),
      src: {
        name: "storefront-6c9d7f-*",
        namespace: "shop",
        labels: { app: "storefront", tier: "frontend" },
      },
      dst: { name: "checkout-api-7d9f8b-*", namespace: "shop", port: 9090 },
      protocol: 6,
      action: "allow",
      reporter: "src",
      policies: {
        enforced: ["0|default|knp:shop/allow-storefront-egress|allow|0"],
        pending: ["0|default|knp:shop/allow-storefront-egress|allow|0"],
      },
      count: 1,
      packets: 5,
      bytes: 150,
      origin: { format: "whisker", file: "w.jsonl", line: 2, offset: 40 },
    });
  });

  it.each([
    [hit(), "0|default|knp:shop/allow-storefront-egress|allow|0"],
    [eot, "0|default|knp:shop/default-deny-all|deny|-1"],
    [
      hit({ kind: "Profile", name: "kns.kube-system", namespace: "", tier: "__PROFILE__" }),
      "0|__PROFILE__|pro:kns.kube-system|allow|0",
    ],
    [
      hit({
        kind: "GlobalNetworkPolicy",
        name: "security.allow-platform",
        namespace: "",
        tier: "security",
        action: "Pass",
        rule_index: 2,
      }),
      "0|security|gnp:security.allow-platform|pass|2",
    ],
    [
      hit({ kind: "CalicoNetworkPolicy", name: "platform.allow-notify", tier: "platform", policy_index: 1 }),
      "1|platform|np:shop/platform.allow-notify|allow|0",
    ],
    [
      hit({ kind: "StagedKubernetesNetworkPolicy", name: "restrict", action: "deny" }),
      "0|default|sknp:shop/restrict|deny|0",
    ],
    [hit({ kind: "StagedGlobalNetworkPolicy", name: "q", namespace: "" }), "0|default|sgnp:q|allow|0"],
    [hit({ kind: "StagedNetworkPolicy", name: "s" }), "0|default|snp:shop/s|allow|0"],
    [
      hit({ kind: "AdminNetworkPolicy", name: "a", namespace: "", tier: "adminnetworkpolicy" }),
      "0|adminnetworkpolicy|kanp:a|allow|0",
    ],
    [
      hit({
        kind: "BaselineAdminNetworkPolicy",
        name: "default",
        namespace: "",
        tier: "baselineadminnetworkpolicy",
      }),
      "0|baselineadminnetworkpolicy|kbanp:default|allow|0",
    ],
  ])("hit %j -> %s", (h, text) => {
    expect(flowOf({ policies: { enforced: [h], pending: [] } }).policies?.enforced).toEqual([text]);
  });

  it.each([
    [
      { dest_name: "PUBLIC NETWORK", dest_namespace: "" },
      (f: Flow) => f.dst,
      { name: "pub", type: "net", port: 9090 },
    ],
    [
      { dest_name: "PRIVATE NETWORK", dest_namespace: "Global" },
      (f: Flow) => f.dst,
      { name: "pvt", type: "net", port: 9090 },
    ],
    [
      { dest_type: "NetworkSet", dest_name: "backup-targets", dest_namespace: "-" },
      (f: Flow) => f.dst,
      { name: "backup-targets", type: "ns", port: 9090 },
    ],
    [{ source_type: "HostEndpoint" }, (f: Flow) => f.src.type, "hep"],
    [{ protocol: "icmp", dest_port: 0 }, (f: Flow) => f.dst.port, undefined],
    [{ protocol: "tcp", dest_port: 0 }, (f: Flow) => f.dst.port, 0],
    [{ source_labels: ["app=storefront"] }, (f: Flow) => f.src.labels, { app: "storefront" }],
    [
      { action: "ActionUnspecified", reporter: "ReporterUnspecified" },
      (f: Flow) => [f.action, f.reporter],
      [undefined, undefined],
    ],
    [{ action: "deny", reporter: "dst" }, (f: Flow) => [f.action, f.reporter], ["deny", "dst"]],
    [{ num_connections_started: 7, num_connections_live: 2 }, (f: Flow) => f.count, 7],
    [{ num_connections_started: 0, num_connections_live: 0 }, (f: Flow) => f.count, 1],
    [{ policies: null }, (f: Flow) => f.policies, undefined],
    [{ packets_in: undefined, packets_out: undefined }, (f: Flow) => f.packets, undefined],
  ] as const)("%j", (over, get, want) => {
    expect(get(flowOf(over))).toEqual(want);
  });

  it.each([
    [line({ dest_port: "http" }), 'line 2: dest_port: expected an integer 0-65535, got "http"'],
    [
      line({ policies: { enforced: [hit({ kind: "K8sNetworkPolicy" })] } }),
      "line 2: policies.enforced[0].kind: expected",
    ],
    [
      line({ policies: { enforced: [hit({ kind: "EndOfTier" })] } }),
      "line 2: policies.enforced[0].trigger: an EndOfTier hit needs",
    ],
    [
      line({ policies: { pending: [hit({ rule_index: -3 })] } }),
      "line 2: policies.pending[0].rule_index: expected an integer >= -2, got -3",
    ],
    [
      line({ start_time: "2025-02-30T00:00:00Z" }),
      'line 2: start_time: expected an RFC 3339 time such as "2025-03-06T14:05:30Z", got "2025-02-30T00:00:00Z"',
    ],
    [JSON.stringify({ total: 1, items: [base] }), "line 2: a whole Whisker list document on one line"],
    [
      "error: upstream goldmane unavailable",
      'line 2: the Whisker stream reported an error: "upstream goldmane unavailable"',
    ],
    ["{}", "line 2: start_time: required field missing"],
  ])("%s", (text, message) => {
    const r = parse(text);
    expect("issue" in r && r.issue.message.startsWith(message), JSON.stringify(r)).toBe(true);
  });

  it.each([": keep-alive", "event: flow", "id: 7", "retry: 1000", ""])("skips the stream line %j", (text) => {
    expect(parse(text)).toEqual({ skip: true });
  });
});

describe("parseWhiskerDocument", () => {
  const list = JSON.stringify(
    { total: 3, items: [base, { ...base, dest_port: "x" }, { ...base, reporter: "Dst" }] },
    null,
    2,
  );

  it("reads the /flows list, giving each item the line it starts on and locating bad items", () => {
    const starts = list.split("\n").flatMap((l, i) => (l === "    {" ? [i + 1] : []));
    expect(starts).toHaveLength(3);
    const r = parseWhiskerDocument(list, "list.json");
    expect(r.flows.map((f) => [f.reporter, f.origin.line])).toEqual([
      ["src", starts[0]],
      ["dst", starts[2]],
    ]);
    expect(r.issues.map((i) => [i.line, i.path, i.message])).toEqual([
      [
        starts[1],
        "items[1].dest_port",
        `line ${starts[1]}: items[1].dest_port: expected an integer 0-65535, got "x"`,
      ],
    ]);
  });

  it("reads a plain array, a single flow, JSON lines and stream events", () => {
    expect(parseWhiskerDocument(JSON.stringify([base, base])).flows).toHaveLength(2);
    expect(parseWhiskerDocument(JSON.stringify(base, null, 2)).flows).toHaveLength(1);
    const lines = parseWhiskerDocument(`${line()}\r\n\n${line()}\nnot json\n`, "w.jsonl");
    expect(lines.flows.map((f) => [f.origin.line, f.origin.offset])).toEqual([
      [1, 0],
      [3, line().length + 3],
    ]);
    expect(lines.issues.map((i) => i.line)).toEqual([4]);
    expect(parseWhiskerDocument(`: hi\n\ndata: ${line()}\n\n`).flows).toHaveLength(1);
  });

  it("reports a broken document or a value that holds no flows, and reads an empty file as nothing", () => {
    expect(parseWhiskerDocument('{\n  "items": [\n').issues.map((i) => i.code)).toEqual(["flow-syntax"]);
    expect(parseWhiskerDocument("42").issues.map((i) => i.message)).toEqual([
      "line 1: expected Whisker flows, got 42",
    ]);
    expect(parseWhiskerDocument(" \n")).toEqual({ flows: [], issues: [] });
    expect(parseWhiskerDocument("[1]").issues.map((i) => i.message)).toEqual([
      "line 1: [0]: expected a flow object, got 1",
    ]);
  });
});
