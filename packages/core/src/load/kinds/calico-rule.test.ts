// Tests that Calico policy rules (action, protocol, ports, ICMP, IP version, nets) validate as libcalico-go does.
import { describe, expect, it } from "vitest";
import { loadValues } from "../testkit.js";
import { REMOVE, changed, issuesAfter, type Change } from "./testkit.js";

const base = {
  apiVersion: "projectcalico.org/v3",
  kind: "NetworkPolicy",
  metadata: { name: "web", namespace: "shop" },
  spec: {
    selector: "app == 'web'",
    types: ["Ingress", "Egress"],
    ingress: [
      {
        action: "Allow",
        protocol: "TCP",
        source: { selector: "app == 'client'" },
        destination: { ports: [80, "8000:8080", "http"] },
      },
    ],
    egress: [{ action: "Allow", protocol: "UDP", destination: { nets: ["10.96.0.0/12"], ports: [53] } }],
  },
};

type Row = [string, Change, string[]];

const R = "spec.ingress[0]";
const R1 = "spec.ingress[1]";
const DP = `${R}.destination.ports`;

/** Adds a second ingress rule (Allow unless the rule says otherwise). */
const rule = (fields: Record<string, unknown>): Change => ({ [R1]: { action: "Allow", ...fields } });

function check(rows: Row[]) {
  it.each(rows)("%s", (_name, change, expected) => {
    expect(issuesAfter(base, change)).toEqual(expected);
  });
}

it("the base policy is valid", () => {
  expect(issuesAfter(base, {})).toEqual([]);
});

describe("action", () => {
  check([
    ["Deny", { [`${R}.action`]: "Deny" }, []],
    ["Log", { [`${R}.action`]: "Log" }, []],
    ["Pass", { [`${R}.action`]: "Pass" }, []],
    ["allow in lower case", { [`${R}.action`]: "allow" }, [`invalid-value ${R}.action`]],
    ["DENY in upper case", { [`${R}.action`]: "DENY" }, [`invalid-value ${R}.action`]],
    ["Drop", { [`${R}.action`]: "Drop" }, [`invalid-value ${R}.action`]],
    ["missing", { [`${R}.action`]: REMOVE }, [`missing-field ${R}`]],
    ["null", { [`${R}.action`]: null }, [`missing-field ${R}`]],
    ["a misspelt rule field", { [`${R}.destinaton`]: {} }, [`unknown-field ${R}.destinaton`]],
  ]);
});

describe("protocol", () => {
  check([
    ...["TCP", "UDP", "ICMP", "ICMPv6", "SCTP", "UDPLite"].map((p): Row => [
      `name ${p}`,
      rule({ protocol: p }),
      [],
    ]),
    ["number 1", rule({ protocol: 1 }), []],
    ["number 255", rule({ protocol: 255 }), []],
    ["numeric string 6", rule({ protocol: "6" }), []],
    ["tcp in lower case", rule({ protocol: "tcp" }), [`invalid-protocol ${R1}.protocol`]],
    ["Tcp in mixed case", rule({ protocol: "Tcp" }), [`invalid-protocol ${R1}.protocol`]],
    ["ICMPV6 in upper case", rule({ protocol: "ICMPV6" }), [`invalid-protocol ${R1}.protocol`]],
    ["tcpfoo", rule({ protocol: "tcpfoo" }), [`invalid-protocol ${R1}.protocol`]],
    ["number 0", rule({ protocol: 0 }), [`invalid-protocol ${R1}.protocol`]],
    ["number 256", rule({ protocol: 256 }), [`invalid-protocol ${R1}.protocol`]],
    ["string 0", rule({ protocol: "0" }), [`invalid-protocol ${R1}.protocol`]],
    ["string 256", rule({ protocol: "256" }), [`invalid-protocol ${R1}.protocol`]],
    ["a boolean", rule({ protocol: true }), [`wrong-type ${R1}.protocol`]],
    ["notProtocol UDP", rule({ notProtocol: "UDP" }), []],
    ["notProtocol udp", rule({ notProtocol: "udp" }), [`invalid-protocol ${R1}.notProtocol`]],
  ]);
});

describe("ports need a protocol that has ports", () => {
  check([
    ["UDP", { [`${R}.protocol`]: "UDP" }, []],
    ["SCTP", { [`${R}.protocol`]: "SCTP" }, []],
    ["6 (TCP)", { [`${R}.protocol`]: 6 }, []],
    ["17 (UDP)", { [`${R}.protocol`]: 17 }, []],
    ["132 (SCTP)", { [`${R}.protocol`]: 132 }, []],
    ["numeric string 6", { [`${R}.protocol`]: "6" }, []],
    ["no protocol", { [`${R}.protocol`]: REMOVE }, [`conflicting-fields ${DP}`]],
    ["ICMP", { [`${R}.protocol`]: "ICMP" }, [`conflicting-fields ${DP}`]],
    ["UDPLite", { [`${R}.protocol`]: "UDPLite" }, [`conflicting-fields ${DP}`]],
    ["136 (UDPLite)", { [`${R}.protocol`]: 136 }, [`conflicting-fields ${DP}`]],
    [
      "only notProtocol TCP",
      { [`${R}.protocol`]: REMOVE, [`${R}.notProtocol`]: "TCP" },
      [`conflicting-fields ${DP}`],
    ],
    [
      "source ports without a protocol",
      { [`${R}.protocol`]: REMOVE, [DP]: REMOVE, [`${R}.source.ports`]: [80] },
      [`conflicting-fields ${R}.source.ports`],
    ],
    [
      "ports and notPorts with ICMP",
      { [`${R}.protocol`]: "ICMP", [`${R}.destination.notPorts`]: [22] },
      [`conflicting-fields ${DP}`, `conflicting-fields ${R}.destination.notPorts`],
    ],
    ["an empty ports list needs nothing", { [`${R}.protocol`]: REMOVE, [DP]: [] }, []],
  ]);
});

describe("port values", () => {
  const port = (p: unknown): Change => ({ [DP]: [p] });
  check([
    ["1", port(1), []],
    ["65535", port(65535), []],
    ["string 80", port("80"), []],
    ["range 1:65535", port("1:65535"), []],
    ["range 80:80", port("80:80"), []],
    ["named port", port("http-alt"), []],
    ["0", port(0), [`invalid-port ${DP}[0]`]],
    ["65536", port(65536), [`invalid-port ${DP}[0]`]],
    ["string 0", port("0"), [`invalid-port ${DP}[0]`]],
    ["range starting at 0", port("0:80"), [`invalid-port ${DP}[0]`]],
    ["range 80:70", port("80:70"), [`invalid-port ${DP}[0]`]],
    ["range ending at 65536", port("80:65536"), [`invalid-port ${DP}[0]`]],
    ["range written 80-90", port("80-90"), [`invalid-port ${DP}[0]`]],
    ["range with no end", port("80:"), [`invalid-port ${DP}[0]`]],
    ["named port in upper case", port("HTTP"), [`invalid-port ${DP}[0]`]],
    ["named port with '_'", port("my_port"), [`invalid-port ${DP}[0]`]],
    ["named port of 16 characters", port("abcdefghijklmnop"), [`invalid-port ${DP}[0]`]],
    ["named port with '--'", port("a--b"), [`invalid-port ${DP}[0]`]],
    ["named port with a leading '-'", port("-http"), [`invalid-port ${DP}[0]`]],
    ["empty string", port(""), [`invalid-port ${DP}[0]`]],
    ["a fraction", port(80.5), [`wrong-type ${DP}[0]`]],
    [
      "notPorts 80:70",
      { [`${R}.destination.notPorts`]: ["80:70"] },
      [`invalid-port ${R}.destination.notPorts[0]`],
    ],
  ]);

  it("suggests min:max for a range written with '-'", () => {
    const [issue] = loadValues([changed(base, port("80-90"))]).issues;
    expect(issue?.fix).toBe('write "80:90"');
  });
});

describe("ICMP", () => {
  const I = `${R1}.icmp`;
  check([
    ["ICMP with type and code", rule({ protocol: "ICMP", icmp: { type: 8, code: 0 } }), []],
    ["ICMPv6 with a type", rule({ protocol: "ICMPv6", icmp: { type: 128 } }), []],
    ["type 254", rule({ protocol: "ICMP", icmp: { type: 254 } }), []],
    ["code 255", rule({ protocol: "ICMP", icmp: { type: 3, code: 255 } }), []],
    ["type 255", rule({ protocol: "ICMP", icmp: { type: 255 } }), [`invalid-value ${I}.type`]],
    ["type -1", rule({ protocol: "ICMP", icmp: { type: -1 } }), [`invalid-value ${I}.type`]],
    ["code 256", rule({ protocol: "ICMP", icmp: { type: 3, code: 256 } }), [`invalid-value ${I}.code`]],
    ["code without type", rule({ protocol: "ICMP", icmp: { code: 0 } }), [`conflicting-fields ${I}.code`]],
    ["icmp without a protocol", rule({ icmp: { type: 8 } }), [`conflicting-fields ${I}`]],
    ["icmp with protocol TCP", rule({ protocol: "TCP", icmp: { type: 8 } }), [`conflicting-fields ${I}`]],
    [
      "icmp with protocol number 1 (v3.31)",
      rule({ protocol: 1, icmp: { type: 8 } }),
      [`conflicting-fields ${I}`],
    ],
    [
      "icmp with protocol string 58",
      rule({ protocol: "58", icmp: { type: 1 } }),
      [`conflicting-fields ${I}`],
    ],
    ["notICMP without a protocol", rule({ notICMP: { type: 8 } }), []],
    ["notICMP with protocol ICMP", rule({ protocol: "ICMP", notICMP: { type: 8, code: 0 } }), []],
    ["notICMP code without type", rule({ notICMP: { code: 1 } }), [`conflicting-fields ${R1}.notICMP.code`]],
    ["ICMP with ipVersion 4", rule({ protocol: "ICMP", ipVersion: 4 }), []],
    ["ICMP without ipVersion", rule({ protocol: "ICMP" }), []],
    ["ICMPv6 without ipVersion", rule({ protocol: "ICMPv6" }), []],
    [
      "ICMP with ipVersion 6",
      rule({ protocol: "ICMP", ipVersion: 6 }),
      [`conflicting-fields ${R1}.protocol`],
    ],
    [
      "ICMPv6 with ipVersion 4",
      rule({ protocol: "ICMPv6", ipVersion: 4 }),
      [`conflicting-fields ${R1}.protocol`],
    ],
    [
      "notProtocol ICMP with ipVersion 6",
      rule({ notProtocol: "ICMP", ipVersion: 6 }),
      [`conflicting-fields ${R1}.notProtocol`],
    ],
    ["protocol number 1 with ipVersion 6 (not compared)", rule({ protocol: 1, ipVersion: 6 }), []],
  ]);
});

describe("ipVersion and nets", () => {
  const S = `${R1}.source`;
  const D = `${R1}.destination`;
  check([
    ["ipVersion 4 with IPv4 nets", rule({ ipVersion: 4, source: { nets: ["10.0.0.0/8"] } }), []],
    ["ipVersion 6 with IPv6 nets", rule({ ipVersion: 6, destination: { nets: ["fd00::/8"] } }), []],
    ["ipVersion 5", rule({ ipVersion: 5 }), [`invalid-value ${R1}.ipVersion`]],
    ["ipVersion as a string", rule({ ipVersion: "4" }), [`wrong-type ${R1}.ipVersion`]],
    [
      "ipVersion 6 with an IPv4 net",
      rule({ ipVersion: 6, source: { nets: ["10.0.0.0/8"] } }),
      [`conflicting-fields ${S}.nets`],
    ],
    [
      "ipVersion 4 with an IPv6 notNet",
      rule({ ipVersion: 4, destination: { notNets: ["fd00::/8"] } }),
      [`conflicting-fields ${D}.notNets`],
    ],
    [
      "IPv4 source and IPv6 destination",
      rule({ source: { nets: ["10.0.0.0/8"] }, destination: { nets: ["fd00::/8"] } }),
      [`conflicting-fields ${D}.nets`],
    ],
    [
      "both families in one list",
      rule({ source: { nets: ["10.0.0.0/8", "fd00::/8"] } }),
      [`conflicting-fields ${S}.nets`],
    ],
    [
      "IPv4 nets and IPv6 notNets",
      rule({ source: { nets: ["10.0.0.0/8"], notNets: ["fd00::/8"] } }),
      [`conflicting-fields ${S}.notNets`],
    ],
    ["an IPv6 CIDR", rule({ source: { nets: ["2001:db8::/32"] } }), []],
    ["a /32", rule({ source: { nets: ["10.0.0.1/32"] } }), []],
    ["0.0.0.0/0", rule({ source: { nets: ["0.0.0.0/0"] } }), []],
    ["::/0", rule({ source: { nets: ["::/0"] } }), []],
    ["a bare IPv4 address", rule({ source: { nets: ["10.0.0.1"] } }), [`invalid-cidr ${S}.nets[0]`]],
    ["a bare IPv6 address", rule({ source: { nets: ["fd00::1"] } }), [`invalid-cidr ${S}.nets[0]`]],
    ["IPv4 host bits set", rule({ source: { nets: ["10.0.0.1/8"] } }), [`invalid-cidr ${S}.nets[0]`]],
    ["IPv6 host bits set", rule({ source: { nets: ["fd00::1/64"] } }), [`invalid-cidr ${S}.nets[0]`]],
    ["prefix 33", rule({ source: { nets: ["10.0.0.0/33"] } }), [`invalid-cidr ${S}.nets[0]`]],
    ["octet 300", rule({ source: { nets: ["300.1.1.1/32"] } }), [`invalid-cidr ${S}.nets[0]`]],
    [
      "a bare address in notNets",
      rule({ destination: { notNets: ["10.0.0.1"] } }),
      [`invalid-cidr ${D}.notNets[0]`],
    ],
  ]);

  it.each([
    ["10.0.0.1", "write 10.0.0.1/32"],
    ["10.0.0.1/8", "write 10.0.0.0/8 (or 10.0.0.1/32 for the one address)"],
  ])("suggests a CIDR for %s", (net, fix) => {
    const [issue] = loadValues([changed(base, rule({ source: { nets: [net] } }))]).issues;
    expect(issue?.fix).toBe(fix);
  });
});

describe("selectors in rules", () => {
  const S = `${R1}.source`;
  check([
    ["a rule selector", rule({ source: { selector: "app in {'a', 'b'}" } }), []],
    ["all() as namespaceSelector", rule({ source: { namespaceSelector: "all()" } }), []],
    [
      "a selector that does not parse",
      rule({ source: { selector: "app = 'a'" } }),
      [`invalid-selector ${S}.selector`],
    ],
    [
      "an unquoted value",
      rule({ source: { notSelector: "app == a" } }),
      [`invalid-selector ${S}.notSelector`],
    ],
    ["global() alone in namespaceSelector", rule({ source: { namespaceSelector: "global()" } }), []],
    [
      "global() in a rule selector",
      rule({ source: { selector: "global()" } }),
      [`invalid-selector ${S}.selector`],
    ],
    [
      "global() combined in namespaceSelector",
      rule({ source: { namespaceSelector: 'global() && a == "b"' } }),
      [`invalid-selector ${S}.namespaceSelector`],
    ],
    [
      "serviceAccounts by name and selector",
      rule({ source: { serviceAccounts: { names: ["a"], selector: "x == 'y'" } } }),
      [],
    ],
    [
      "a bad serviceAccounts selector",
      rule({ source: { serviceAccounts: { selector: "x ==" } } }),
      [`invalid-selector ${S}.serviceAccounts.selector`],
    ],
    ["global() in the policy selector", { "spec.selector": "global()" }, ["invalid-selector spec.selector"]],
    [
      "global() in the policy serviceAccountSelector",
      { "spec.serviceAccountSelector": "global()" },
      ["invalid-selector spec.serviceAccountSelector"],
    ],
    ["an empty policy selector (all endpoints)", { "spec.selector": "" }, []],
  ]);
});

describe("rule metadata", () => {
  check([
    ["annotations", { [`${R}.metadata`]: { annotations: { "example.com/why": "because" } } }, []],
    [
      "an annotation key with two slashes",
      { [`${R}.metadata`]: { annotations: { "a/b/c": "x" } } },
      [`invalid-value ${R}.metadata.annotations["a/b/c"]`],
    ],
    [
      "an unknown metadata field",
      { [`${R}.metadata`]: { labels: {} } },
      [`unknown-field ${R}.metadata.labels`],
    ],
  ]);
});
