// Tests AdminNetworkPolicy and BaselineAdminNetworkPolicy against the policy.networking.k8s.io v1alpha1 CRD rules.
import { describe, expect, it } from "vitest";
import { REMOVE, changed, clone, issuesAfter, loadOutcome, type Change } from "./testkit.js";

const anp = {
  apiVersion: "policy.networking.k8s.io/v1alpha1",
  kind: "AdminNetworkPolicy",
  metadata: { name: "cluster-control" },
  spec: {
    priority: 10,
    subject: { namespaces: { matchLabels: { tenant: "a" } } },
    ingress: [
      {
        name: "allow-monitoring",
        action: "Allow",
        from: [{ namespaces: { matchLabels: { role: "monitoring" } } }],
        ports: [{ portNumber: { protocol: "TCP", port: 9090 } }],
      },
    ],
    egress: [
      {
        name: "deny-internet",
        action: "Deny",
        to: [{ networks: ["0.0.0.0/0"] }],
        ports: [{ portRange: { protocol: "TCP", start: 1, end: 1024 } }],
      },
    ],
  },
};

const banp = {
  apiVersion: "policy.networking.k8s.io/v1alpha1",
  kind: "BaselineAdminNetworkPolicy",
  metadata: { name: "default" },
  spec: {
    subject: { namespaces: {} },
    ingress: [{ action: "Deny", from: [{ namespaces: {} }] }],
    egress: [{ action: "Allow", to: [{ networks: ["10.0.0.0/8"] }] }],
  },
};

type Row = [string, Change, string[]];

const I = "spec.ingress[0]";
const E = "spec.egress[0]";
const pods = { namespaceSelector: {}, podSelector: { matchLabels: { app: "db" } } };

function check(base: unknown, rows: Row[]) {
  it("the base policy is valid", () => {
    expect(issuesAfter(base, {})).toEqual([]);
  });
  it.each(rows)("%s", (_name, change, expected) => {
    expect(issuesAfter(base, change)).toEqual(expected);
  });
}

describe("AdminNetworkPolicy: priority and subject", () => {
  check(anp, [
    ["priority 0", { "spec.priority": 0 }, []],
    ["priority 1000", { "spec.priority": 1000 }, []],
    ["priority 1001", { "spec.priority": 1001 }, ["invalid-value spec.priority"]],
    ["priority -1", { "spec.priority": -1 }, ["invalid-value spec.priority"]],
    ["priority as a string", { "spec.priority": "10" }, ["wrong-type spec.priority"]],
    ["no priority", { "spec.priority": REMOVE }, ["missing-field spec"]],
    ["no subject", { "spec.subject": REMOVE }, ["missing-field spec"]],
    ["an empty subject", { "spec.subject": {} }, ["missing-field spec.subject"]],
    ["subject pods", { "spec.subject": { pods } }, []],
    [
      "subject with namespaces and pods",
      { "spec.subject": { namespaces: {}, pods } },
      ["conflicting-fields spec.subject"],
    ],
    [
      "subject pods without a podSelector",
      { "spec.subject": { pods: { namespaceSelector: {} } } },
      ["missing-field spec.subject.pods"],
    ],
    ["no spec", { spec: REMOVE }, ["missing-field"]],
    ["no rules at all", { "spec.ingress": REMOVE, "spec.egress": REMOVE }, []],
    ["an upper-case name", { "metadata.name": "Cluster" }, ["invalid-name metadata.name"]],
  ]);
});

describe("AdminNetworkPolicy: rules and peers", () => {
  const many = <T>(n: number, item: T): T[] => Array.from({ length: n }, () => clone(item));
  const ingressRule = anp.spec.ingress[0];
  check(anp, [
    ["action Pass", { [`${I}.action`]: "Pass" }, []],
    ["action pass in lower case", { [`${I}.action`]: "pass" }, [`invalid-value ${I}.action`]],
    ["no action", { [`${I}.action`]: REMOVE }, [`missing-field ${I}`]],
    ["no rule name", { [`${I}.name`]: REMOVE }, []],
    ["a rule name of 100 characters", { [`${I}.name`]: "a".repeat(100) }, []],
    ["a rule name of 101 characters", { [`${I}.name`]: "a".repeat(101) }, [`invalid-value ${I}.name`]],
    ["100 ingress rules", { "spec.ingress": many(100, ingressRule) }, []],
    ["101 ingress rules", { "spec.ingress": many(101, ingressRule) }, ["invalid-value spec.ingress"]],
    ["no from", { [`${I}.from`]: REMOVE }, [`missing-field ${I}`]],
    ["an empty from list", { [`${I}.from`]: [] }, [`missing-field ${I}.from`]],
    ["101 peers", { [`${I}.from`]: many(101, { namespaces: {} }) }, [`invalid-value ${I}.from`]],
    ["an ingress pods peer", { [`${I}.from[0]`]: { pods } }, []],
    ["an empty peer", { [`${I}.from[0]`]: {} }, [`missing-field ${I}.from[0]`]],
    ["a peer with two fields", { [`${I}.from[0].pods`]: pods }, [`conflicting-fields ${I}.from[0]`]],
    ["an ingress nodes peer", { [`${I}.from[0]`]: { nodes: {} } }, [`unknown-field ${I}.from[0].nodes`]],
    [
      "an ingress networks peer",
      { [`${I}.from[0]`]: { networks: ["10.0.0.0/8"] } },
      [`unknown-field ${I}.from[0].networks`],
    ],
    ["an egress nodes peer", { [`${E}.to[0]`]: { nodes: { matchLabels: { role: "infra" } } } }, []],
    ["an egress pods peer", { [`${E}.to[0]`]: { pods } }, []],
    ["no to", { [`${E}.to`]: REMOVE }, [`missing-field ${E}`]],
    ["IPv4 and IPv6 networks", { [`${E}.to[0].networks`]: ["10.0.0.0/8", "fd00::/8"] }, []],
    ["a bare IP network", { [`${E}.to[0].networks`]: ["10.0.0.1"] }, [`invalid-cidr ${E}.to[0].networks[0]`]],
    [
      "a network of prefix 33",
      { [`${E}.to[0].networks`]: ["10.0.0.0/33"] },
      [`invalid-cidr ${E}.to[0].networks[0]`],
    ],
    [
      "a network with host bits (a warning)",
      { [`${E}.to[0].networks`]: ["10.0.0.1/8"] },
      [`noncanonical-cidr ${E}.to[0].networks[0]`],
    ],
    ["an empty networks list", { [`${E}.to[0].networks`]: [] }, [`missing-field ${E}.to[0].networks`]],
    [
      "26 networks",
      { [`${E}.to[0].networks`]: Array.from({ length: 26 }, (_, i) => `10.${i}.0.0/16`) },
      [`invalid-value ${E}.to[0].networks`],
    ],
    [
      "a repeated network",
      { [`${E}.to[0].networks`]: ["10.0.0.0/8", "10.0.0.0/8"] },
      [`invalid-value ${E}.to[0].networks[1]`],
    ],
  ]);
});

describe("AdminNetworkPolicy: ports", () => {
  const IP = `${I}.ports[0]`;
  const EP = `${E}.ports[0]`;
  check(anp, [
    ["portNumber without protocol (TCP)", { [`${IP}.portNumber.protocol`]: REMOVE }, []],
    ["portNumber UDP", { [`${IP}.portNumber.protocol`]: "UDP" }, []],
    [
      "portNumber tcp",
      { [`${IP}.portNumber.protocol`]: "tcp" },
      [`invalid-protocol ${IP}.portNumber.protocol`],
    ],
    ["portNumber port 0", { [`${IP}.portNumber.port`]: 0 }, [`invalid-port ${IP}.portNumber.port`]],
    ["portNumber port 65536", { [`${IP}.portNumber.port`]: 65536 }, [`invalid-port ${IP}.portNumber.port`]],
    ["portNumber without port", { [`${IP}.portNumber.port`]: REMOVE }, [`missing-field ${IP}.portNumber`]],
    ["an ingress namedPort", { [IP]: { namedPort: "metrics" } }, []],
    ["an upper-case namedPort", { [IP]: { namedPort: "Metrics" } }, [`invalid-port ${IP}.namedPort`]],
    ["an empty port", { [IP]: {} }, [`missing-field ${IP}`]],
    ["portNumber and namedPort together", { [`${IP}.namedPort`]: "metrics" }, [`conflicting-fields ${IP}`]],
    [
      "portNumber and portRange together",
      { [`${IP}.portRange`]: { start: 1, end: 2 } },
      [`conflicting-fields ${IP}`],
    ],
    ["an empty ports list", { [`${I}.ports`]: [] }, [`missing-field ${I}.ports`]],
    ["no ports (all ports)", { [`${I}.ports`]: REMOVE }, []],
    ["portRange with start equal to end", { [`${EP}.portRange.end`]: 1 }, []],
    [
      "portRange ending before it starts",
      { [`${EP}.portRange`]: { start: 2000, end: 1000 } },
      [`invalid-port ${EP}.portRange.end`],
    ],
    ["portRange starting at 0", { [`${EP}.portRange.start`]: 0 }, [`invalid-port ${EP}.portRange.start`]],
    ["portRange without end", { [`${EP}.portRange.end`]: REMOVE }, [`missing-field ${EP}.portRange`]],
    [
      "a namedPort with a networks peer",
      { [`${E}.ports`]: [{ namedPort: "https" }] },
      [`conflicting-fields ${E}.ports`],
    ],
    [
      "a namedPort with a nodes peer",
      { [`${E}.ports`]: [{ namedPort: "https" }], [`${E}.to`]: [{ nodes: {} }] },
      [`conflicting-fields ${E}.ports`],
    ],
    [
      "a namedPort with a namespaces peer",
      { [`${E}.ports`]: [{ namedPort: "https" }], [`${E}.to`]: [{ namespaces: {} }] },
      [],
    ],
  ]);
});

describe("BaselineAdminNetworkPolicy", () => {
  check(banp, [
    ["action Allow", { "spec.ingress[0].action": "Allow" }, []],
    ["action Pass", { "spec.ingress[0].action": "Pass" }, ["invalid-value spec.ingress[0].action"]],
    ["a name other than default", { "metadata.name": "baseline" }, ["invalid-name metadata.name"]],
    ["a priority field", { "spec.priority": 10 }, ["unknown-field spec.priority"]],
    ["no subject", { "spec.subject": REMOVE }, ["missing-field spec"]],
    ["an egress nodes peer", { "spec.egress[0].to[0]": { nodes: {} } }, []],
    [
      "an ingress networks peer",
      { "spec.ingress[0].from[0]": { networks: ["10.0.0.0/8"] } },
      ["unknown-field spec.ingress[0].from[0].networks"],
    ],
  ]);

  it("host bits in a network are a warning: the policy loads", () => {
    expect(loadOutcome(changed(banp, { "spec.egress[0].to[0].networks": ["10.0.0.1/8"] }))).toEqual({
      loaded: true,
      severities: ["warning"],
    });
  });
});
