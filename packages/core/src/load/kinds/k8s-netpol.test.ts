// Tests that networking.k8s.io/v1 NetworkPolicy manifests are accepted and rejected as kube-apiserver does.
import { describe, expect, it } from "vitest";
import { REMOVE, changed, issuesAfter, loadOutcome, type Change } from "./testkit.js";

const base = {
  apiVersion: "networking.k8s.io/v1",
  kind: "NetworkPolicy",
  metadata: { name: "web", namespace: "shop" },
  spec: {
    podSelector: { matchLabels: { app: "web" } },
    policyTypes: ["Ingress", "Egress"],
    ingress: [
      {
        from: [{ podSelector: { matchLabels: { app: "client" } } }],
        ports: [{ protocol: "TCP", port: 80 }],
      },
    ],
    egress: [
      {
        to: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } }],
        ports: [{ protocol: "UDP", port: 53 }],
      },
    ],
  },
};

type Row = [string, Change, string[]];

const P = "spec.ingress[0].ports[0]";
const PEER = "spec.ingress[0].from[0]";
const TO = "spec.egress[0].to[0]";
const IB = `${TO}.ipBlock`;
const EXPR = "spec.podSelector.matchExpressions[0]";

function check(rows: Row[]) {
  it.each(rows)("%s", (_name, change, expected) => {
    expect(issuesAfter(base, change)).toEqual(expected);
  });
}

it("the base policy is valid", () => {
  expect(issuesAfter(base, {})).toEqual([]);
});

describe("policyTypes", () => {
  check([
    ["Ingress alone", { "spec.policyTypes": ["Ingress"] }, []],
    ["Egress alone", { "spec.policyTypes": ["Egress"] }, []],
    ["an empty list (defaulted)", { "spec.policyTypes": [] }, []],
    ["absent (defaulted)", { "spec.policyTypes": REMOVE }, []],
    ["a repeat within two entries is accepted", { "spec.policyTypes": ["Ingress", "Ingress"] }, []],
    ["lower case", { "spec.policyTypes": ["ingress"] }, ["invalid-value spec.policyTypes[0]"]],
    ["an unknown type", { "spec.policyTypes": ["Egress", "Inbound"] }, ["invalid-value spec.policyTypes[1]"]],
    [
      "more than two entries",
      { "spec.policyTypes": ["Ingress", "Egress", "Ingress"] },
      ["invalid-value spec.policyTypes"],
    ],
    ["a string, not a list", { "spec.policyTypes": "Ingress" }, ["wrong-type spec.policyTypes"]],
  ]);
});

describe("port protocol", () => {
  check([
    ["UDP", { [`${P}.protocol`]: "UDP" }, []],
    ["SCTP", { [`${P}.protocol`]: "SCTP" }, []],
    ["absent (defaults to TCP)", { [`${P}.protocol`]: REMOVE }, []],
    ["tcp in lower case", { [`${P}.protocol`]: "tcp" }, [`invalid-protocol ${P}.protocol`]],
    ["ICMP", { [`${P}.protocol`]: "ICMP" }, [`invalid-protocol ${P}.protocol`]],
    ["HTTP", { [`${P}.protocol`]: "HTTP" }, [`invalid-protocol ${P}.protocol`]],
    ["a number", { [`${P}.protocol`]: 6 }, [`wrong-type ${P}.protocol`]],
  ]);
});

describe("port numbers and names", () => {
  check([
    ["port 1", { [`${P}.port`]: 1 }, []],
    ["port 65535", { [`${P}.port`]: 65535 }, []],
    ["no port (all ports)", { [`${P}.port`]: REMOVE }, []],
    ["an empty port entry", { [P]: {} }, []],
    ["port 0", { [`${P}.port`]: 0 }, [`invalid-port ${P}.port`]],
    ["port 65536", { [`${P}.port`]: 65536 }, [`invalid-port ${P}.port`]],
    ["port -1", { [`${P}.port`]: -1 }, [`invalid-port ${P}.port`]],
    ["a fractional port", { [`${P}.port`]: 80.5 }, [`wrong-type ${P}.port`]],
    ["named port", { [`${P}.port`]: "http" }, []],
    ["named port of 15 characters", { [`${P}.port`]: "abcdefghijklmno" }, []],
    ["named port with digits and a hyphen", { [`${P}.port`]: "web-8080" }, []],
    ["named port of 16 characters", { [`${P}.port`]: "abcdefghijklmnop" }, [`invalid-port ${P}.port`]],
    ["named port in upper case", { [`${P}.port`]: "HTTP" }, [`invalid-port ${P}.port`]],
    ["named port with no letter", { [`${P}.port`]: "8080" }, [`invalid-port ${P}.port`]],
    ["named port of digits and hyphens", { [`${P}.port`]: "80-90" }, [`invalid-port ${P}.port`]],
    ["named port with '--'", { [`${P}.port`]: "my--port" }, [`invalid-port ${P}.port`]],
    ["named port with a leading '-'", { [`${P}.port`]: "-http" }, [`invalid-port ${P}.port`]],
    ["named port with a trailing '-'", { [`${P}.port`]: "http-" }, [`invalid-port ${P}.port`]],
    ["named port with '_'", { [`${P}.port`]: "my_port" }, [`invalid-port ${P}.port`]],
    ["an empty named port", { [`${P}.port`]: "" }, [`invalid-port ${P}.port`]],
    ["a list, not a port", { [`${P}.port`]: [80] }, [`wrong-type ${P}.port`]],
  ]);
});

describe("endPort", () => {
  check([
    ["above port", { [`${P}.endPort`]: 90 }, []],
    ["equal to port", { [`${P}.endPort`]: 80 }, []],
    ["65535", { [`${P}.endPort`]: 65535 }, []],
    ["below port", { [`${P}.endPort`]: 70 }, [`invalid-port ${P}.endPort`]],
    ["without port", { [`${P}.port`]: REMOVE, [`${P}.endPort`]: 90 }, [`conflicting-fields ${P}.endPort`]],
    [
      "with a named port",
      { [`${P}.port`]: "http", [`${P}.endPort`]: 90 },
      [`conflicting-fields ${P}.endPort`],
    ],
    ["65536", { [`${P}.endPort`]: 65536 }, [`invalid-port ${P}.endPort`]],
    ["0", { [`${P}.endPort`]: 0 }, [`invalid-port ${P}.endPort`]],
    ["a string", { [`${P}.endPort`]: "90" }, [`wrong-type ${P}.endPort`]],
  ]);
});

describe("peers", () => {
  check([
    ["a namespaceSelector alone", { [PEER]: { namespaceSelector: {} } }, []],
    [
      "podSelector with namespaceSelector (both must match)",
      { [`${PEER}.namespaceSelector`]: { matchLabels: { team: "a" } } },
      [],
    ],
    ["a peer with nothing", { [PEER]: {} }, [`missing-field ${PEER}`]],
    ["a peer whose only field is null", { [PEER]: { podSelector: null } }, [`missing-field ${PEER}`]],
    ["ipBlock with podSelector", { [`${TO}.podSelector`]: {} }, [`conflicting-fields ${TO}.podSelector`]],
    [
      "ipBlock with namespaceSelector",
      { [`${TO}.namespaceSelector`]: {} },
      [`conflicting-fields ${TO}.namespaceSelector`],
    ],
    ["an unknown peer field", { [`${TO}.ipblock`]: { cidr: "10.0.0.0/8" } }, [`unknown-field ${TO}.ipblock`]],
    ["an empty from list (allows nothing)", { "spec.ingress[0].from": [] }, []],
  ]);
});

describe("ipBlock", () => {
  check([
    ["an IPv6 cidr and except", { [IB]: { cidr: "fd00::/8", except: ["fd00:1::/32"] } }, []],
    ["no except", { [`${IB}.except`]: REMOVE }, []],
    ["0.0.0.0/0", { [IB]: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }, []],
    ["cidr missing", { [`${IB}.cidr`]: REMOVE, [`${IB}.except`]: REMOVE }, [`missing-field ${IB}`]],
    ["cidr empty", { [`${IB}.cidr`]: "", [`${IB}.except`]: REMOVE }, [`missing-field ${IB}.cidr`]],
    [
      "a bare IPv4 address",
      { [`${IB}.cidr`]: "10.0.0.1", [`${IB}.except`]: REMOVE },
      [`invalid-cidr ${IB}.cidr`],
    ],
    [
      "a bare IPv6 address",
      { [`${IB}.cidr`]: "fd00::1", [`${IB}.except`]: REMOVE },
      [`invalid-cidr ${IB}.cidr`],
    ],
    ["prefix 33", { [`${IB}.cidr`]: "10.0.0.0/33" }, [`invalid-cidr ${IB}.cidr`]],
    ["octet 300", { [`${IB}.cidr`]: "300.0.0.0/8" }, [`invalid-cidr ${IB}.cidr`]],
    ["a word", { [`${IB}.cidr`]: "internet" }, [`invalid-cidr ${IB}.cidr`]],
    ["host bits set in cidr (a warning)", { [`${IB}.cidr`]: "10.0.0.1/8" }, [`noncanonical-cidr ${IB}.cidr`]],
    [
      "host bits set in except (a warning)",
      { [`${IB}.except`]: ["10.1.2.3/16"] },
      [`noncanonical-cidr ${IB}.except[0]`],
    ],
    ["except equal to cidr", { [`${IB}.except`]: ["10.0.0.0/8"] }, [`invalid-cidr ${IB}.except[0]`]],
    ["except wider than cidr", { [`${IB}.except`]: ["10.0.0.0/7"] }, [`invalid-cidr ${IB}.except[0]`]],
    ["except outside cidr", { [`${IB}.except`]: ["192.168.0.0/16"] }, [`invalid-cidr ${IB}.except[0]`]],
    ["except of the other family", { [`${IB}.except`]: ["fd00::/16"] }, [`invalid-cidr ${IB}.except[0]`]],
    ["except a bare address", { [`${IB}.except`]: ["10.1.0.1"] }, [`invalid-cidr ${IB}.except[0]`]],
    [
      "the second except entry is bad",
      { [`${IB}.except`]: ["10.1.0.0/16", "11.0.0.0/16"] },
      [`invalid-cidr ${IB}.except[1]`],
    ],
  ]);

  it("host bits set is only a warning: the policy still loads", () => {
    const outcome = loadOutcome(changed(base, { [`${IB}.cidr`]: "10.0.0.1/8" }));
    expect(outcome).toEqual({ loaded: true, severities: ["warning"] });
  });
});

describe("label selectors", () => {
  const expr = (e: unknown): Change => ({ "spec.podSelector.matchExpressions": [e] });
  check([
    ["In with values", expr({ key: "tier", operator: "In", values: ["a", "b"] }), []],
    ["NotIn with values", expr({ key: "tier", operator: "NotIn", values: ["a"] }), []],
    ["Exists without values", expr({ key: "tier", operator: "Exists" }), []],
    ["DoesNotExist with an empty list", expr({ key: "tier", operator: "DoesNotExist", values: [] }), []],
    ["In without values", expr({ key: "tier", operator: "In" }), [`missing-field ${EXPR}`]],
    ["In with an empty list", expr({ key: "tier", operator: "In", values: [] }), [`missing-field ${EXPR}`]],
    ["NotIn without values", expr({ key: "tier", operator: "NotIn" }), [`missing-field ${EXPR}`]],
    [
      "Exists with values",
      expr({ key: "tier", operator: "Exists", values: ["a"] }),
      [`conflicting-fields ${EXPR}.values`],
    ],
    [
      "DoesNotExist with values",
      expr({ key: "tier", operator: "DoesNotExist", values: ["a"] }),
      [`conflicting-fields ${EXPR}.values`],
    ],
    ["operator Equals", expr({ key: "tier", operator: "Equals" }), [`invalid-value ${EXPR}.operator`]],
    [
      "operator in lower case",
      expr({ key: "t", operator: "in", values: ["a"] }),
      [`invalid-value ${EXPR}.operator`],
    ],
    ["no key", expr({ operator: "Exists" }), [`missing-field ${EXPR}`]],
    ["no operator", expr({ key: "tier" }), [`missing-field ${EXPR}`]],
    ["a bad key", expr({ key: "-tier", operator: "Exists" }), [`invalid-label ${EXPR}.key`]],
    ["a bad value", expr({ key: "t", operator: "In", values: ["a b"] }), [`invalid-label ${EXPR}.values[0]`]],
    [
      "matchLabels value a number",
      { "spec.podSelector.matchLabels.app": 1 },
      ["wrong-type spec.podSelector.matchLabels.app"],
    ],
    [
      "matchLabels value a boolean",
      { "spec.podSelector.matchLabels.app": true },
      ["wrong-type spec.podSelector.matchLabels.app"],
    ],
    [
      "matchLabels value a list",
      { "spec.podSelector.matchLabels.app": ["web"] },
      ["wrong-type spec.podSelector.matchLabels.app"],
    ],
    ["matchLabels value empty", { "spec.podSelector.matchLabels.app": "" }, []],
    [
      "matchLabels value with a space",
      { "spec.podSelector.matchLabels.app": "web app" },
      ["invalid-label spec.podSelector.matchLabels.app"],
    ],
    [
      "matchLabels key with a space",
      { "spec.podSelector.matchLabels": { "my app": "web" } },
      ['invalid-label spec.podSelector.matchLabels["my app"]'],
    ],
    [
      "matchLabels a list",
      { "spec.podSelector.matchLabels": ["a", "b"] },
      ["wrong-type spec.podSelector.matchLabels"],
    ],
    [
      "a misspelt matchLabels",
      { "spec.podSelector": { matchlabels: {} } },
      ["unknown-field spec.podSelector.matchlabels"],
    ],
  ]);
});

describe("null and empty fields", () => {
  check([
    ["empty podSelector (every pod)", { "spec.podSelector": {} }, []],
    ["podSelector absent (every pod)", { "spec.podSelector": REMOVE }, []],
    ["ingress: null is absent", { "spec.ingress": null }, []],
    ["egress: null is absent", { "spec.egress": null }, []],
    ["policyTypes: null is absent", { "spec.policyTypes": null }, []],
    ["an empty ingress rule (allow all)", { "spec.ingress": [{}] }, []],
    ["from: null (every source)", { "spec.ingress[0].from": null }, []],
    ["ports: null (every port)", { "spec.ingress[0].ports": null }, []],
    ["namespace: null (defaulted)", { "metadata.namespace": null }, []],
  ]);
});

describe("metadata and top level", () => {
  check([
    ["no metadata", { metadata: REMOVE }, ["missing-field"]],
    ["no name", { "metadata.name": REMOVE }, ["missing-field metadata"]],
    ["a generateName instead of a name", { "metadata.name": REMOVE, "metadata.generateName": "web-" }, []],
    ["a dotted name (a subdomain)", { "metadata.name": "web.v2" }, []],
    ["an upper-case name", { "metadata.name": "Web_Frontend" }, ["invalid-name metadata.name"]],
    ["a dotted namespace", { "metadata.namespace": "shop.eu" }, ["invalid-name metadata.namespace"]],
    ["a misspelt spec field", { "spec.ingres": [] }, ["unknown-field spec.ingres"]],
    ["an unknown top-level field", { extra: 1 }, ["unknown-field extra"]],
    ["a status is allowed", { status: {} }, []],
    ["a bad label value", { "metadata.labels": { app: "-web" } }, ["invalid-label metadata.labels.app"]],
    ["an annotation key in mixed case", { "metadata.annotations": { "Example.com/Owner": "me" } }, []],
    [
      "an annotation key with two slashes",
      { "metadata.annotations": { "a/b/c": "x" } },
      ['invalid-value metadata.annotations["a/b/c"]'],
    ],
  ]);
});
