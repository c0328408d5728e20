// Tests Calico's non-policy resources: Tier, HostEndpoint, (Global)NetworkSet, Profile and WorkloadEndpoint.
import { describe, expect, it } from "vitest";
import { loadValues } from "../testkit.js";
import { REMOVE, changed, issuesAfter, loadOutcome, type Change } from "./testkit.js";

type Row = [string, Change, string[]];

function check(base: unknown, rows: Row[]) {
  it("the base object is valid", () => {
    expect(issuesAfter(base, {})).toEqual([]);
  });
  it.each(rows)("%s", (_name, change, expected) => {
    expect(issuesAfter(base, change)).toEqual(expected);
  });
}

const calico = (kind: string, metadata: object, spec?: object) => ({
  apiVersion: "projectcalico.org/v3",
  kind,
  metadata,
  ...(spec === undefined ? {} : { spec }),
});

describe("Tier", () => {
  const tier = calico("Tier", { name: "security" }, { order: 100, defaultAction: "Deny" });
  check(tier, [
    ["defaultAction Pass", { "spec.defaultAction": "Pass" }, []],
    ["no defaultAction (Deny)", { "spec.defaultAction": REMOVE }, []],
    ["no spec", { spec: REMOVE }, []],
    ["defaultAction Allow", { "spec.defaultAction": "Allow" }, ["invalid-value spec.defaultAction"]],
    ["defaultAction deny", { "spec.defaultAction": "deny" }, ["invalid-value spec.defaultAction"]],
    ["a fractional order", { "spec.order": 100.5 }, []],
    ["order as a string", { "spec.order": "100" }, ["wrong-type spec.order"]],
    ["a dotted name", { "metadata.name": "sec.ops" }, ["invalid-name metadata.name"]],
    ["an unknown spec field", { "spec.action": "Deny" }, ["unknown-field spec.action"]],
    ["the default tier at 1,000,000", { "metadata.name": "default", "spec.order": 1_000_000 }, []],
    ["the default tier without order (defaulted)", { "metadata.name": "default", "spec.order": REMOVE }, []],
    ["the default tier at another order", { "metadata.name": "default" }, ["invalid-value spec.order"]],
    [
      "the default tier with Pass (a warning)",
      { "metadata.name": "default", "spec.order": 1_000_000, "spec.defaultAction": "Pass" },
      ["invalid-value spec.defaultAction"],
    ],
    [
      "the adminnetworkpolicy tier at 1000",
      { "metadata.name": "adminnetworkpolicy", "spec.order": 1000 },
      [],
    ],
    [
      "the adminnetworkpolicy tier at 100",
      { "metadata.name": "adminnetworkpolicy" },
      ["invalid-value spec.order"],
    ],
    [
      "the adminnetworkpolicy tier without order (defaulted to 1,000,000)",
      { "metadata.name": "adminnetworkpolicy", "spec.order": REMOVE },
      ["invalid-value spec"],
    ],
    [
      "the baselineadminnetworkpolicy tier at 10,000,000",
      { "metadata.name": "baselineadminnetworkpolicy", "spec.order": 10_000_000 },
      [],
    ],
    [
      "the baselineadminnetworkpolicy tier at 1,000,000",
      { "metadata.name": "baselineadminnetworkpolicy", "spec.order": 1_000_000 },
      ["invalid-value spec.order"],
    ],
  ]);

  it("a default tier with Pass still loads (v3.32 rejects it, v3.31 does not)", () => {
    const value = changed(tier, {
      "metadata.name": "default",
      "spec.order": 1_000_000,
      "spec.defaultAction": "Pass",
    });
    expect(loadOutcome(value)).toEqual({ loaded: true, severities: ["warning"] });
  });
});

describe("HostEndpoint", () => {
  const hep = calico(
    "HostEndpoint",
    { name: "node1-eth0", labels: { role: "node" } },
    { node: "node1.example.com", interfaceName: "eth0", expectedIPs: ["192.0.2.10"] },
  );
  const PORT = "spec.ports[0]";
  check(hep, [
    ["no node", { "spec.node": REMOVE }, ["missing-field spec"]],
    ["an empty node", { "spec.node": "" }, ["missing-field spec"]],
    ["node: null", { "spec.node": null }, ["missing-field spec"]],
    ["an upper-case node", { "spec.node": "Node1" }, ["invalid-name spec.node"]],
    ["interfaceName only", { "spec.expectedIPs": REMOVE }, []],
    ["expectedIPs only", { "spec.interfaceName": REMOVE }, []],
    [
      "neither interfaceName nor expectedIPs",
      { "spec.interfaceName": REMOVE, "spec.expectedIPs": REMOVE },
      ["missing-field spec"],
    ],
    [
      "an empty interfaceName and no IPs",
      { "spec.interfaceName": "", "spec.expectedIPs": [] },
      ["missing-field spec"],
    ],
    ["interfaceName *", { "spec.interfaceName": "*" }, []],
    ["an interfaceName of 15 characters", { "spec.interfaceName": "abcdefghijklmno" }, []],
    [
      "an interfaceName of 16 characters",
      { "spec.interfaceName": "abcdefghijklmnop" },
      ["invalid-value spec.interfaceName"],
    ],
    [
      "an interfaceName with a space",
      { "spec.interfaceName": "eth 0" },
      ["invalid-value spec.interfaceName"],
    ],
    ["an IPv6 expected IP", { "spec.expectedIPs": ["2001:db8::10"] }, []],
    [
      "a CIDR as expected IP",
      { "spec.expectedIPs": ["192.0.2.0/24"] },
      ["invalid-value spec.expectedIPs[0]"],
    ],
    ["a host name as expected IP", { "spec.expectedIPs": ["node1"] }, ["invalid-value spec.expectedIPs[0]"]],
    ["a named port", { "spec.ports": [{ name: "ssh", protocol: "TCP", port: 22 }] }, []],
    ["a port with protocol number 17", { "spec.ports": [{ name: "dns", protocol: 17, port: 53 }] }, []],
    ["a port without a name", { "spec.ports": [{ protocol: "TCP", port: 22 }] }, [`missing-field ${PORT}`]],
    ["a port without a protocol", { "spec.ports": [{ name: "ssh", port: 22 }] }, [`missing-field ${PORT}`]],
    [
      "a port without a number",
      { "spec.ports": [{ name: "ssh", protocol: "TCP" }] },
      [`missing-field ${PORT}`],
    ],
    [
      "a port with protocol ICMP",
      { "spec.ports": [{ name: "ping", protocol: "ICMP", port: 1 }] },
      [`invalid-protocol ${PORT}.protocol`],
    ],
    [
      "a port with protocol udp",
      { "spec.ports": [{ name: "dns", protocol: "udp", port: 53 }] },
      [`invalid-protocol ${PORT}.protocol`],
    ],
    ["port 0", { "spec.ports": [{ name: "ssh", protocol: "TCP", port: 0 }] }, [`invalid-port ${PORT}.port`]],
    [
      "an upper-case port name",
      { "spec.ports": [{ name: "SSH", protocol: "TCP", port: 22 }] },
      [`invalid-port ${PORT}.name`],
    ],
    ["profiles", { "spec.profiles": ["allow-ssh"] }, []],
    ["an invalid profile name", { "spec.profiles": ["Allow_SSH"] }, ["invalid-name spec.profiles[0]"]],
    ["no spec", { spec: REMOVE }, ["missing-field"]],
  ]);
});

describe.each(["NetworkSet", "GlobalNetworkSet"])("%s", (kind) => {
  const metadata = kind === "NetworkSet" ? { name: "partners", namespace: "shop" } : { name: "partners" };
  const set = calico(kind, { ...metadata, labels: { role: "partners" } }, { nets: ["198.51.100.0/24"] });
  check(set, [
    ["a bare IPv4 address", { "spec.nets": ["198.51.100.7"] }, []],
    ["an IPv6 CIDR", { "spec.nets": ["2001:db8::/32"] }, []],
    ["a bare IPv6 address", { "spec.nets": ["2001:db8::7"] }, []],
    ["host bits set (a warning)", { "spec.nets": ["198.51.100.7/24"] }, ["noncanonical-cidr spec.nets[0]"]],
    ["prefix 33", { "spec.nets": ["198.51.100.0/33"] }, ["invalid-cidr spec.nets[0]"]],
    ["a host name", { "spec.nets": ["example.com"] }, ["invalid-cidr spec.nets[0]"]],
    ["no spec", { spec: REMOVE }, []],
    ["no nets", { "spec.nets": REMOVE }, []],
    [
      "the projectcalico.org/namespace label",
      [[["metadata", "labels", "projectcalico.org/namespace"], "shop"]],
      ['invalid-label metadata.labels["projectcalico.org/namespace"]'],
    ],
    ["another projectcalico.org label", [[["metadata", "labels", "projectcalico.org/kind"], "x"]], []],
    ["an unknown spec field", { "spec.cidrs": [] }, ["unknown-field spec.cidrs"]],
  ]);

  it("host bits set is only a warning: the set still loads", () => {
    expect(loadOutcome(changed(set, { "spec.nets": ["198.51.100.7/24"] }))).toEqual({
      loaded: true,
      severities: ["warning"],
    });
  });
});

describe("Profile", () => {
  const profile = calico(
    "Profile",
    { name: "kns.shop" },
    {
      ingress: [{ action: "Allow" }],
      egress: [{ action: "Allow" }],
      labelsToApply: { "pcns.projectcalico.org/name": "shop" },
    },
  );
  check(profile, [
    ["a Pass rule", { "spec.ingress[0].action": "Pass" }, []],
    ["no spec", { spec: REMOVE }, []],
    [
      "an action in lower case",
      { "spec.ingress[0].action": "allow" },
      ["invalid-value spec.ingress[0].action"],
    ],
    [
      "ports without a protocol",
      { "spec.egress[0].destination": { ports: [53] } },
      ["conflicting-fields spec.egress[0].destination.ports"],
    ],
    [
      "a bad label value to apply",
      { "spec.labelsToApply.tier": "a b" },
      ["invalid-label spec.labelsToApply.tier"],
    ],
    [
      "a bad label key to apply",
      { "spec.labelsToApply": { "-tier": "a" } },
      ['invalid-label spec.labelsToApply["-tier"]'],
    ],
    ["an unknown spec field", { "spec.selector": "all()" }, ["unknown-field spec.selector"]],
  ]);
});

describe("WorkloadEndpoint", () => {
  const wep = calico(
    "WorkloadEndpoint",
    { name: "node1-k8s-web--abc-eth0", namespace: "shop", labels: { app: "web" } },
    {
      orchestrator: "k8s",
      node: "node1",
      pod: "web-abc",
      endpoint: "eth0",
      containerID: "3f2a9c",
      interfaceName: "cali12345",
      ipNetworks: ["10.0.0.5/32"],
      profiles: ["kns.shop"],
      ports: [{ name: "http", protocol: "TCP", port: 8080, hostPort: 0, hostIP: "" }],
    },
  );
  const PORT = "spec.ports[0]";
  check(wep, [
    ["a hostIP", { [`${PORT}.hostIP`]: "192.0.2.1" }, []],
    ["a hostIP network", { [`${PORT}.hostIP`]: "192.0.2.0/24" }, []],
    ["a hostIP with host bits set", { [`${PORT}.hostIP`]: "192.0.2.1/24" }, [`invalid-cidr ${PORT}.hostIP`]],
    ["a port without a name or hostPort", { [`${PORT}.name`]: REMOVE }, [`missing-field ${PORT}`]],
    ["a port with an empty name and no hostPort", { [`${PORT}.name`]: "" }, [`missing-field ${PORT}`]],
    [
      "a port without a name but with a hostPort",
      { [`${PORT}.name`]: REMOVE, [`${PORT}.hostPort`]: 8080 },
      [],
    ],
    ["a port with protocol ICMP", { [`${PORT}.protocol`]: "ICMP" }, [`invalid-protocol ${PORT}.protocol`]],
    ["port 0", { [`${PORT}.port`]: 0 }, [`invalid-port ${PORT}.port`]],
    ["no interfaceName", { "spec.interfaceName": REMOVE }, ["missing-field spec"]],
    [
      "an interfaceName of 16 characters",
      { "spec.interfaceName": "cali0123456789ab" },
      ["invalid-value spec.interfaceName"],
    ],
    ["a bare IP network", { "spec.ipNetworks": ["10.0.0.5"] }, []],
    ["an IPv6 /128", { "spec.ipNetworks": ["10.0.0.5/32", "fd00::5/128"] }, []],
    ["a /24 network", { "spec.ipNetworks": ["10.0.0.0/24"] }, ["invalid-cidr spec.ipNetworks[0]"]],
    [
      "gateways of the right families",
      { "spec.ipv4Gateway": "169.254.1.1", "spec.ipv6Gateway": "fe80::1" },
      [],
    ],
    ["an IPv6 ipv4Gateway", { "spec.ipv4Gateway": "fe80::1" }, ["invalid-value spec.ipv4Gateway"]],
    [
      "a NAT of an endpoint address",
      { "spec.ipNATs": [{ internalIP: "10.0.0.5", externalIP: "203.0.113.5" }] },
      [],
    ],
    [
      "a NAT of another address",
      { "spec.ipNATs": [{ internalIP: "10.0.0.6", externalIP: "203.0.113.5" }] },
      ["invalid-value spec.ipNATs[0].internalIP"],
    ],
    [
      "a NAT across IP families",
      { "spec.ipNATs": [{ internalIP: "10.0.0.5", externalIP: "2001:db8::5" }] },
      ["invalid-value spec.ipNATs[0].externalIP"],
    ],
    ["a containerID with '_'", { "spec.containerID": "abc_123" }, ["invalid-value spec.containerID"]],
    ["an upper-case node", { "spec.node": "Node1" }, ["invalid-name spec.node"]],
  ]);

  it("an expected IP given as a CIDR gets a fix that drops the prefix", () => {
    const hep = calico("HostEndpoint", { name: "h" }, { node: "n", expectedIPs: ["192.0.2.10/32"] });
    expect(loadValues([hep]).issues.map((i) => i.fix)).toEqual([
      "write the address without a prefix: 192.0.2.10",
    ]);
  });
});
