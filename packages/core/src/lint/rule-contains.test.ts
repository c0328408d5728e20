// Tests for rule containment: every "yes" must be certain; unsure comparisons answer "no".
import { describe, expect, it } from "vitest";
import type { CalicoRule, EntityRule } from "../model/calico.js";
import { compileRule } from "../policy/compile-rule.js";
import { ruleContains } from "./rule-contains.js";

type RuleSpec = Partial<Omit<CalicoRule, "source" | "destination">> & {
  source?: Partial<EntityRule>;
  destination?: Partial<EntityRule>;
};

const entity = (e: Partial<EntityRule> = {}): EntityRule => ({
  nets: [],
  notNets: [],
  ports: [],
  notPorts: [],
  ...e,
});
const compiled = (r: RuleSpec) =>
  compileRule(
    { action: "Allow", ...r, source: entity(r.source), destination: entity(r.destination) },
    0,
    "shop",
  );

const tcp = (ports: (number | string)[], extra: RuleSpec = {}): RuleSpec => ({
  protocol: "TCP",
  ...extra,
  destination: { ports, ...extra.destination },
});

describe("ruleContains", () => {
  it.each<[string, RuleSpec, RuleSpec, boolean]>([
    ["an empty rule contains any rule", {}, tcp([80], { source: { selector: 'app == "a"' } }), true],
    ["identical rules", tcp([80]), tcp([80]), true],
    ["a wider port range", tcp(["1:1024"]), tcp([80, "443:444"]), true],
    ["ranges that cover only together", tcp(["1:100", "101:200"]), tcp(["50:150"]), true],
    ["a narrower port range", tcp([80]), tcp(["80:81"]), false],
    ["ports against no ports", tcp([80]), { protocol: "TCP" }, false],
    ["no protocol against TCP", { destination: { ports: [] } }, tcp([80]), true],
    ["TCP against no protocol", { protocol: "TCP" }, {}, false],
    ["TCP against UDP", { protocol: "TCP" }, { protocol: "UDP" }, false],
    ["protocol by name and by number", { protocol: "TCP" }, { protocol: 6 }, true],
    ["notProtocol against a different protocol", { notProtocol: "UDP" }, { protocol: "TCP" }, true],
    ["notProtocol against no protocol", { notProtocol: "UDP" }, {}, false],
    [
      "equal selectors",
      { source: { selector: 'app == "a"' } },
      { source: { selector: 'app == "a"' }, protocol: "TCP" },
      true,
    ],
    [
      "different selectors (not compared by meaning)",
      { source: { selector: "has(app)" } },
      { source: { selector: 'app == "a"' } },
      false,
    ],
    ["a selector against none", { source: { selector: 'app == "a"' } }, {}, false],
    [
      "nets containing nets",
      { source: { nets: ["10.0.0.0/8"] } },
      { source: { nets: ["10.1.0.0/16", "10.2.3.4/32"] } },
      true,
    ],
    [
      "nets not containing nets",
      { source: { nets: ["10.0.0.0/16"] } },
      { source: { nets: ["10.0.0.0/8"] } },
      false,
    ],
    ["IPv4 nets against no nets (IPv6 flows too)", { source: { nets: ["0.0.0.0/0"] } }, {}, false],
    [
      "0.0.0.0/0 against an IPv4 rule without nets (unsure: workload templates have no address)",
      { source: { nets: ["0.0.0.0/0"] } },
      { ipVersion: 4 },
      false,
    ],
    [
      "both families",
      { source: { nets: ["0.0.0.0/0", "::/0"] } },
      { source: { nets: ["10.0.0.0/8"] } },
      true,
    ],
    [
      "notNets inside the inner notNets",
      { source: { notNets: ["10.0.0.0/16"] } },
      { source: { notNets: ["10.0.0.0/8", "::1/128"] } },
      false,
    ],
    [
      "notNets against disjoint inner nets",
      { source: { notNets: ["10.0.0.0/8"] } },
      { source: { nets: ["192.168.0.0/16"] } },
      true,
    ],
    [
      "notNets against overlapping inner nets",
      { source: { notNets: ["10.0.0.0/8"] } },
      { source: { nets: ["10.1.0.0/16"] } },
      false,
    ],
    ["notPorts against disjoint ports", tcp([], { destination: { notPorts: [22] } }), tcp([80]), true],
    [
      "notPorts against overlapping ports",
      tcp([], { destination: { notPorts: ["20:30"] } }),
      tcp([22]),
      false,
    ],
    [
      "notPorts against wider inner notPorts",
      tcp([], { destination: { notPorts: [22] } }),
      tcp([], { destination: { notPorts: ["20:30"] } }),
      true,
    ],
    ["a named port against the same name", tcp(["http"]), tcp(["http"]), true],
    ["a named port against a number", tcp(["http"]), tcp([8080]), false],
    ["ipVersion 4 against no ipVersion", { ipVersion: 4 }, {}, false],
    [
      "ICMP type against the same type and code",
      { protocol: "ICMP", icmp: { type: 8 } },
      { protocol: "ICMP", icmp: { type: 8, code: 0 } },
      true,
    ],
    [
      "ICMP type and code against the type alone",
      { protocol: "ICMP", icmp: { type: 8, code: 0 } },
      { protocol: "ICMP", icmp: { type: 8 } },
      false,
    ],
    ["an outer HTTP match is never certain", { http: { methods: ["GET"], paths: [] } }, tcp([80]), false],
    [
      "an inner HTTP match narrows the inner rule",
      tcp([80]),
      tcp([80], { http: { methods: ["GET"], paths: [] } }),
      true,
    ],
    [
      "source ports",
      { protocol: "TCP", source: { ports: ["1:65535"] } },
      { protocol: "TCP", source: { ports: [5000] } },
      true,
    ],
  ])("%s", (_name, outer, inner, expected) => {
    expect(ruleContains(compiled(outer), compiled(inner))).toBe(expected);
  });
});
