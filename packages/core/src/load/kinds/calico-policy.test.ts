// Tests Calico NetworkPolicy and GlobalNetworkPolicy specs: HTTP and service rules, types, hints and host flags.
import { describe, expect, it } from "vitest";
import { issuesAfter, type Change } from "./testkit.js";

const np = {
  apiVersion: "projectcalico.org/v3",
  kind: "NetworkPolicy",
  metadata: { name: "web", namespace: "shop" },
  spec: {
    selector: "app == 'web'",
    ingress: [{ action: "Allow", protocol: "TCP", destination: { ports: [80] } }],
    egress: [{ action: "Allow" }],
  },
};

const gnp = {
  apiVersion: "projectcalico.org/v3",
  kind: "GlobalNetworkPolicy",
  metadata: { name: "hosts" },
  spec: {
    order: 10,
    selector: "role == 'node'",
    types: ["Ingress"],
    ingress: [{ action: "Allow", protocol: "TCP", destination: { ports: [22] } }],
  },
};

type Row = [string, Change, string[]];

const R1 = "spec.ingress[1]";
const E1 = "spec.egress[1]";
const ingressRule = (fields: Record<string, unknown>): Change => ({ [R1]: { action: "Allow", ...fields } });
const egressRule = (fields: Record<string, unknown>): Change => ({ [E1]: { action: "Allow", ...fields } });

function check(base: unknown, rows: Row[]) {
  it.each(rows)("%s", (_name, change, expected) => {
    expect(issuesAfter(base, change)).toEqual(expected);
  });
}

it.each([
  ["NetworkPolicy", np],
  ["GlobalNetworkPolicy", gnp],
])("the base %s is valid", (_kind, base) => {
  expect(issuesAfter(base, {})).toEqual([]);
});

describe("HTTP match", () => {
  const http = { methods: ["GET"], paths: [{ exact: "/api" }, { prefix: "/static/" }] };
  const H = `${R1}.http`;
  check(np, [
    ["an Allow ingress rule without protocol", ingressRule({ http }), []],
    ["with protocol TCP", ingressRule({ protocol: "TCP", http }), []],
    ["any method name", ingressRule({ http: { methods: ["PURGE"] } }), []],
    ["with protocol UDP", ingressRule({ protocol: "UDP", http }), [`conflicting-fields ${R1}.protocol`]],
    ["with protocol number 6", ingressRule({ protocol: 6, http }), [`conflicting-fields ${R1}.protocol`]],
    ["in a Deny rule", ingressRule({ action: "Deny", http }), [`conflicting-fields ${H}`]],
    ["in an egress rule", egressRule({ http }), [`conflicting-fields ${E1}.http`]],
    [
      "a path without a leading /",
      ingressRule({ http: { paths: [{ exact: "api" }] } }),
      [`invalid-value ${H}.paths[0]`],
    ],
    [
      "a path with ?",
      ingressRule({ http: { paths: [{ prefix: "/a?b=1" }] } }),
      [`invalid-value ${H}.paths[0]`],
    ],
    [
      "a path with #",
      ingressRule({ http: { paths: [{ exact: "/a#top" }] } }),
      [`invalid-value ${H}.paths[0]`],
    ],
    [
      "a path with a space",
      ingressRule({ http: { paths: [{ exact: "/a b" }] } }),
      [`invalid-value ${H}.paths[0]`],
    ],
    [
      "a path with both exact and prefix",
      ingressRule({ http: { paths: [{ exact: "/a", prefix: "/b" }] } }),
      [`conflicting-fields ${H}.paths[0]`],
    ],
    ["a path with neither", ingressRule({ http: { paths: [{}] } }), [`conflicting-fields ${H}.paths[0]`]],
    ["an empty exact beside a prefix", ingressRule({ http: { paths: [{ exact: "", prefix: "/b" }] } }), []],
    [
      "a repeated method",
      ingressRule({ http: { methods: ["GET", "POST", "GET"] } }),
      [`invalid-value ${H}.methods[2]`],
    ],
    ["an unknown field", ingressRule({ http: { headers: [] } }), [`unknown-field ${H}.headers`]],
  ]);
});

describe("service matches", () => {
  const svc = { services: { name: "db", namespace: "data" } };
  const S = `${R1}.source`;
  check(np, [
    ["as an ingress source", ingressRule({ source: svc }), []],
    [
      "an ingress source service without namespace (the policy's)",
      ingressRule({ source: { services: { name: "db" } } }),
      [],
    ],
    ["as an egress destination", egressRule({ destination: svc }), []],
    [
      "egress destination service with ports",
      egressRule({ protocol: "TCP", destination: { ...svc, ports: [5432] } }),
      [`conflicting-fields ${E1}.destination.ports`],
    ],
    [
      "egress destination service with notPorts",
      egressRule({ protocol: "TCP", destination: { ...svc, notPorts: [22] } }),
      [`conflicting-fields ${E1}.destination.notPorts`],
    ],
    ["as an egress source", egressRule({ source: svc }), [`conflicting-fields ${E1}.source.services`]],
    [
      "as an ingress destination",
      ingressRule({ destination: svc }),
      [`conflicting-fields ${R1}.destination.services`],
    ],
    [
      "with a selector",
      ingressRule({ source: { ...svc, selector: "a == 'b'" } }),
      [`conflicting-fields ${S}.selector`],
    ],
    [
      "with a notSelector",
      ingressRule({ source: { ...svc, notSelector: "a == 'b'" } }),
      [`conflicting-fields ${S}.notSelector`],
    ],
    [
      "with a namespaceSelector",
      ingressRule({ source: { ...svc, namespaceSelector: "all()" } }),
      [`conflicting-fields ${S}.namespaceSelector`],
    ],
    [
      "with serviceAccounts",
      ingressRule({ source: { ...svc, serviceAccounts: { names: ["a"] } } }),
      [`conflicting-fields ${S}.serviceAccounts`],
    ],
    [
      "with nets",
      ingressRule({ source: { ...svc, nets: ["10.0.0.0/8"] } }),
      [`conflicting-fields ${S}.nets`],
    ],
    [
      "with notNets",
      ingressRule({ source: { ...svc, notNets: ["10.0.0.0/8"] } }),
      [`conflicting-fields ${S}.notNets`],
    ],
    ["with an empty selector (unset)", ingressRule({ source: { ...svc, selector: "" } }), []],
    ["with an empty nets list (unset)", ingressRule({ source: { ...svc, nets: [] } }), []],
    [
      "without a name",
      ingressRule({ source: { services: { namespace: "data" } } }),
      [`missing-field ${S}.services`],
    ],
    [
      "with an empty name",
      ingressRule({ source: { services: { name: "" } } }),
      [`missing-field ${S}.services.name`],
    ],
  ]);

  describe("in a GlobalNetworkPolicy the namespace is required", () => {
    check(gnp, [
      ["ingress source with namespace", ingressRule({ source: svc }), []],
      [
        "ingress source without namespace",
        ingressRule({ source: { services: { name: "db" } } }),
        [`missing-field ${R1}.source.services`],
      ],
      [
        "egress destination with an empty namespace",
        { "spec.egress": [{ action: "Allow", destination: { services: { name: "db", namespace: "" } } }] },
        ["missing-field spec.egress[0].destination.services"],
      ],
      ["egress destination with namespace", { "spec.egress": [{ action: "Allow", destination: svc }] }, []],
    ]);
  });
});

describe("types, performanceHints, order and tier", () => {
  check(np, [
    ["types Ingress", { "spec.types": ["Ingress"] }, []],
    ["types Ingress and Egress", { "spec.types": ["Ingress", "Egress"] }, []],
    ["types Egress alongside ingress rules", { "spec.types": ["Egress"] }, []],
    ["types empty (defaulted)", { "spec.types": [] }, []],
    ["types repeated", { "spec.types": ["Egress", "Egress"] }, ["invalid-value spec.types[1]"]],
    ["types in lower case", { "spec.types": ["ingress"] }, ["invalid-value spec.types[0]"]],
    ["performanceHints", { "spec.performanceHints": ["AssumeNeededOnEveryNode"] }, []],
    [
      "performanceHints repeated",
      { "spec.performanceHints": ["AssumeNeededOnEveryNode", "AssumeNeededOnEveryNode"] },
      ["invalid-value spec.performanceHints[1]"],
    ],
    [
      "an unknown performanceHint",
      { "spec.performanceHints": ["Eager"] },
      ["invalid-value spec.performanceHints[0]"],
    ],
    ["a negative fractional order", { "spec.order": -5.5 }, []],
    ["order as a string", { "spec.order": "high" }, ["wrong-type spec.order"]],
    ["an empty tier (default)", { "spec.tier": "" }, []],
    ["tier default", { "spec.tier": "default" }, []],
    ["an upper-case tier", { "spec.tier": "Security" }, ["invalid-name spec.tier"]],
    ["tier as a number", { "spec.tier": 3 }, ["wrong-type spec.tier"]],
    ["a GNP-only field", { "spec.preDNAT": true }, ["unknown-field spec.preDNAT"]],
    [
      "a namespaceSelector at policy level",
      { "spec.namespaceSelector": "all()" },
      ["unknown-field spec.namespaceSelector"],
    ],
    ["a misspelt field", { "spec.ingres": [] }, ["unknown-field spec.ingres"]],
    ["an empty ingress list", { "spec.ingress": [] }, []],
    ["ingress: null", { "spec.ingress": null }, []],
  ]);
});

describe("GlobalNetworkPolicy host flags", () => {
  const flags = (f: Record<string, unknown>): Change =>
    Object.fromEntries(Object.entries(f).map(([k, v]) => [`spec.${k}`, v]));
  check(gnp, [
    ["preDNAT with applyOnForward", flags({ preDNAT: true, applyOnForward: true }), []],
    ["doNotTrack with applyOnForward", flags({ doNotTrack: true, applyOnForward: true }), []],
    ["applyOnForward alone", flags({ applyOnForward: true }), []],
    ["all flags false", flags({ preDNAT: false, doNotTrack: false, applyOnForward: false }), []],
    ["preDNAT without applyOnForward", flags({ preDNAT: true }), ["conflicting-fields spec.preDNAT"]],
    [
      "doNotTrack without applyOnForward",
      flags({ doNotTrack: true }),
      ["conflicting-fields spec.doNotTrack"],
    ],
    [
      "preDNAT and doNotTrack together",
      flags({ preDNAT: true, doNotTrack: true, applyOnForward: true }),
      ["conflicting-fields spec.preDNAT"],
    ],
    [
      "preDNAT with egress rules",
      flags({ preDNAT: true, applyOnForward: true, egress: [{ action: "Allow" }] }),
      ["conflicting-fields spec.egress"],
    ],
    [
      "preDNAT with types [Egress]",
      flags({ preDNAT: true, applyOnForward: true, types: ["Egress"] }),
      ["conflicting-fields spec.types"],
    ],
    [
      "preDNAT with types [Ingress, Egress]",
      flags({ preDNAT: true, applyOnForward: true, types: ["Ingress", "Egress"] }),
      ["conflicting-fields spec.types"],
    ],
    ["preDNAT as a string", flags({ preDNAT: "true" }), ["wrong-type spec.preDNAT"]],
    ["a namespaceSelector", flags({ namespaceSelector: "kubernetes.io/metadata.name == 'shop'" }), []],
    [
      "global() in namespaceSelector",
      flags({ namespaceSelector: "global()" }),
      ["invalid-selector spec.namespaceSelector"],
    ],
    [
      "global() in selector",
      flags({ selector: "global() || role == 'node'" }),
      ["invalid-selector spec.selector"],
    ],
    ["types repeated", flags({ types: ["Ingress", "Ingress"] }), ["invalid-value spec.types[1]"]],
    ["a dotted name in the default tier", { "metadata.name": "default.hosts" }, []],
    [
      "a namespace on a cluster-scoped policy (the API server clears it)",
      { "metadata.namespace": "shop" },
      [],
    ],
  ]);
});
