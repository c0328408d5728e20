// Tests the staged Calico policy kinds: stagedAction values, staged Delete, name prefixes and StagedKubernetesNetworkPolicy.
import { describe, expect, it } from "vitest";
import { REMOVE, changed, issuesAfter, loadOutcome, type Change } from "./testkit.js";

const snp = {
  apiVersion: "projectcalico.org/v3",
  kind: "StagedNetworkPolicy",
  metadata: { name: "web", namespace: "shop" },
  spec: { stagedAction: "Set", selector: "app == 'web'", ingress: [{ action: "Allow" }] },
};

const sgnp = {
  apiVersion: "projectcalico.org/v3",
  kind: "StagedGlobalNetworkPolicy",
  metadata: { name: "security.hosts" },
  spec: { stagedAction: "Set", tier: "security", selector: "role == 'node'", ingress: [{ action: "Deny" }] },
};

const sknp = {
  apiVersion: "projectcalico.org/v3",
  kind: "StagedKubernetesNetworkPolicy",
  metadata: { name: "web", namespace: "shop" },
  spec: {
    stagedAction: "Set",
    podSelector: { matchLabels: { app: "web" } },
    policyTypes: ["Ingress"],
    ingress: [{ from: [{ podSelector: {} }], ports: [{ protocol: "TCP", port: 80 }] }],
  },
};

type Row = [string, Change, string[]];

function check(base: unknown, rows: Row[]) {
  it.each(rows)("%s", (_name, change, expected) => {
    expect(issuesAfter(base, change)).toEqual(expected);
  });
}

it.each([
  ["StagedNetworkPolicy", snp],
  ["StagedGlobalNetworkPolicy", sgnp],
  ["StagedKubernetesNetworkPolicy", sknp],
])("the base %s is valid", (_kind, base) => {
  expect(issuesAfter(base, {})).toEqual([]);
});

describe("stagedAction", () => {
  check(snp, [
    ["absent (Set)", { "spec.stagedAction": REMOVE }, []],
    ["Set", { "spec.stagedAction": "Set" }, []],
    ["set in lower case", { "spec.stagedAction": "set" }, ["invalid-value spec.stagedAction"]],
    ["Apply", { "spec.stagedAction": "Apply" }, ["invalid-value spec.stagedAction"]],
    ["Learn (a warning)", { "spec.stagedAction": "Learn" }, ["uncertain-semantics spec.stagedAction"]],
    ["Ignore (a warning)", { "spec.stagedAction": "Ignore" }, ["uncertain-semantics spec.stagedAction"]],
  ]);

  it.each(["Learn", "Ignore"])("stagedAction %s is a warning: the policy still loads", (action) => {
    expect(loadOutcome(changed(snp, { "spec.stagedAction": action }))).toEqual({
      loaded: true,
      severities: ["warning"],
    });
  });
});

describe("StagedNetworkPolicy", () => {
  const del = (spec: Record<string, unknown>): Change => ({ spec: { stagedAction: "Delete", ...spec } });
  check(snp, [
    ["Delete with nothing else", del({}), []],
    ["Delete with its tier", del({ tier: "default" }), []],
    ["Delete with types (the client clears them)", del({ types: ["Ingress"] }), []],
    ["Delete with an empty selector (a zero value)", del({ selector: "" }), []],
    ["Delete with a selector", del({ selector: "app == 'web'" }), ["conflicting-fields spec.selector"]],
    ["Delete with rules", del({ ingress: [{ action: "Allow" }] }), ["conflicting-fields spec.ingress"]],
    ["Delete with an empty rule list", del({ egress: [] }), ["conflicting-fields spec.egress"]],
    ["Delete with order 0", del({ order: 0 }), ["conflicting-fields spec.order"]],
    [
      "Delete with a selector and rules",
      del({ selector: "all()", ingress: [{ action: "Allow" }] }),
      ["conflicting-fields spec.selector", "conflicting-fields spec.ingress"],
    ],
    ["repeated types", { "spec.types": ["Ingress", "Ingress"] }, ["invalid-value spec.types[1]"]],
    ["a rule error", { "spec.ingress[0].action": "allow" }, ["invalid-value spec.ingress[0].action"]],
    ["global() in the selector", { "spec.selector": "global()" }, ["invalid-selector spec.selector"]],
    ["a GNP-only field", { "spec.doNotTrack": true }, ["unknown-field spec.doNotTrack"]],
    ["the knp.default. name prefix", { "metadata.name": "knp.default.web" }, ["invalid-name metadata.name"]],
    ["a name with two dots", { "metadata.name": "default.web.v2" }, ["invalid-name metadata.name"]],
  ]);
});

describe("StagedGlobalNetworkPolicy", () => {
  const flags = (f: Record<string, unknown>): Change =>
    Object.fromEntries(Object.entries(f).map(([k, v]) => [`spec.${k}`, v]));
  check(sgnp, [
    ["Delete with its tier only", { spec: { stagedAction: "Delete", tier: "security" } }, []],
    [
      "Delete with false flags (zero values)",
      { spec: { stagedAction: "Delete", tier: "security", doNotTrack: false, preDNAT: false } },
      [],
    ],
    [
      "Delete with a namespaceSelector",
      { spec: { stagedAction: "Delete", tier: "security", namespaceSelector: "all()" } },
      ["conflicting-fields spec.namespaceSelector"],
    ],
    ["preDNAT with applyOnForward", flags({ preDNAT: true, applyOnForward: true }), []],
    ["preDNAT without applyOnForward", flags({ preDNAT: true }), ["conflicting-fields spec.preDNAT"]],
    [
      "preDNAT with egress rules",
      flags({ preDNAT: true, applyOnForward: true, egress: [{ action: "Allow" }] }),
      ["conflicting-fields spec.egress"],
    ],
    [
      "global() in namespaceSelector",
      flags({ namespaceSelector: "global()" }),
      ["invalid-selector spec.namespaceSelector"],
    ],
  ]);
});

describe("StagedKubernetesNetworkPolicy", () => {
  const P = "spec.ingress[0].ports[0]";
  check(sknp, [
    ["stagedAction absent", { "spec.stagedAction": REMOVE }, []],
    ["podSelector absent (every pod)", { "spec.podSelector": REMOVE }, []],
    ["egress with an ipBlock", { "spec.egress": [{ to: [{ ipBlock: { cidr: "10.0.0.0/8" } }] }] }, []],
    ["protocol tcp", { [`${P}.protocol`]: "tcp" }, [`invalid-protocol ${P}.protocol`]],
    ["port 0", { [`${P}.port`]: 0 }, [`invalid-port ${P}.port`]],
    ["endPort below port", { [`${P}.endPort`]: 79 }, [`invalid-port ${P}.endPort`]],
    ["a peer with nothing", { "spec.ingress[0].from[0]": {} }, ["missing-field spec.ingress[0].from[0]"]],
    [
      "repeated policyTypes (Calico checks the converted policy)",
      { "spec.policyTypes": ["Ingress", "Ingress"] },
      ["invalid-value spec.policyTypes[1]"],
    ],
    ["policyTypes in lower case", { "spec.policyTypes": ["egress"] }, ["invalid-value spec.policyTypes[0]"]],
    ["a Calico-only field", { "spec.tier": "default" }, ["unknown-field spec.tier"]],
    [
      "Calico rules instead of Kubernetes ones",
      { "spec.ingress[0]": { action: "Allow" } },
      ["unknown-field spec.ingress[0].action"],
    ],
    [
      "stagedAction Learn (a warning)",
      { "spec.stagedAction": "Learn" },
      ["uncertain-semantics spec.stagedAction"],
    ],
    ["Delete with nothing else", { spec: { stagedAction: "Delete" } }, []],
    ["Delete with an empty podSelector", { spec: { stagedAction: "Delete", podSelector: {} } }, []],
    [
      "Delete with a podSelector that selects",
      { spec: { stagedAction: "Delete", podSelector: { matchLabels: { app: "web" } } } },
      ["conflicting-fields spec.podSelector"],
    ],
    [
      "Delete with policyTypes",
      { spec: { stagedAction: "Delete", policyTypes: ["Ingress"] } },
      ["conflicting-fields spec.policyTypes"],
    ],
    [
      "Delete with rules",
      { spec: { stagedAction: "Delete", ingress: [{}] } },
      ["conflicting-fields spec.ingress"],
    ],
    ["an upper-case name", { "metadata.name": "Web" }, ["invalid-name metadata.name"]],
    ["a name with several dots", { "metadata.name": "a.b.c" }, []],
  ]);
});
