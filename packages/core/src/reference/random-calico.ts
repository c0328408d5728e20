// Random Calico tiers, rules and policies that the Calico API server would accept.
import fc from "fast-check";
import type {
  CalicoPolicy,
  CalicoPolicyKind,
  CalicoRule,
  Direction,
  EntityRule,
  Tier,
} from "../model/calico.js";
import {
  accountSelectorArbitrary,
  ACCOUNTS,
  endpointSelectorArbitrary,
  NAMESPACES,
  namespaceSelectorArbitrary,
  RANDOM_SOURCE,
} from "./random-vocabulary.js";

/** CIDRs rules use, per family. */
const RULE_NETS = {
  4: ["10.0.0.0/28", "10.0.0.16/29", "10.0.0.12/30", "10.0.0.10/32", "192.168.1.0/24", "0.0.0.0/0"],
  6: ["fd00::/124", "fd00::10/126", "fd00::10/128", "2001:db8::/32", "::/0"],
} as const;

/** Port entries rules use: numbers, ranges, numeric strings and container port names. */
const RULE_PORTS: readonly (number | string)[] = [
  80,
  53,
  9090,
  "443",
  "50:100",
  "8000:9000",
  "http",
  "dns",
  "metrics",
  "diam",
];

const PORT_PROTOCOLS: readonly (number | string)[] = ["TCP", "UDP", "SCTP", 6, 17];
const OTHER_PROTOCOLS: readonly (number | string)[] = ["ICMP", "ICMPv6", 1];

function maybe<T>(arb: fc.Arbitrary<T>, freq = 3): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined, freq });
}

/** An entity rule for one family of nets; ports only when the rule's protocol has them. */
function entityArbitrary(family: 4 | 6, withPorts: boolean): fc.Arbitrary<EntityRule> {
  const nets = fc.subarray([...RULE_NETS[family]], { maxLength: 2 });
  const none = fc.constant<string[]>([]);
  const ports = withPorts
    ? fc.subarray([...RULE_PORTS], { maxLength: 3 })
    : fc.constant<(number | string)[]>([]);
  return fc
    .record({
      selector: maybe(endpointSelectorArbitrary),
      notSelector: maybe(endpointSelectorArbitrary, 6),
      namespaceSelector: maybe(namespaceSelectorArbitrary, 5),
      nets: fc.oneof({ weight: 3, arbitrary: none }, nets),
      notNets: fc.oneof({ weight: 4, arbitrary: none }, nets),
      ports: fc.oneof({ weight: 2, arbitrary: fc.constant<(number | string)[]>([]) }, ports),
      notPorts: fc.oneof({ weight: 4, arbitrary: fc.constant<(number | string)[]>([]) }, ports),
      accounts: maybe(
        fc.record({
          names: fc.subarray([...ACCOUNTS], { maxLength: 2 }),
          selector: maybe(accountSelectorArbitrary, 1),
        }),
        6,
      ),
    })
    .map((r) => {
      const e: EntityRule = { nets: r.nets, notNets: r.notNets, ports: r.ports, notPorts: r.notPorts };
      if (r.selector !== undefined) e.selector = r.selector;
      if (r.notSelector !== undefined) e.notSelector = r.notSelector;
      if (r.namespaceSelector !== undefined) e.namespaceSelector = r.namespaceSelector;
      if (r.accounts !== undefined) {
        e.serviceAccounts = { names: r.accounts.names };
        if (r.accounts.selector !== undefined) e.serviceAccounts.selector = r.accounts.selector;
      }
      return e;
    });
}

/** A rule: action, protocol (ports only for TCP/UDP/SCTP, ICMP matches only for ICMP), both entities. */
const ruleArbitrary: fc.Arbitrary<CalicoRule> = fc
  .record({
    action: fc.constantFrom<CalicoRule["action"]>("Allow", "Allow", "Deny", "Pass", "Log"),
    protocol: fc.oneof(
      { weight: 2, arbitrary: fc.constant(undefined) },
      fc.constantFrom(...PORT_PROTOCOLS),
      fc.constantFrom(...OTHER_PROTOCOLS),
    ),
    notProtocol: maybe(fc.constantFrom<number | string>("UDP", "TCP", 1), 5),
    family: fc.constantFrom<4 | 6>(4, 4, 6),
    ipVersion: fc.boolean(),
    icmp: maybe(fc.constantFrom({ type: 8 }, { type: 8, code: 0 }, { type: 0 }, { type: 128 }), 2),
    notICMP: maybe(fc.constantFrom({ type: 8 }, { type: 3, code: 1 }), 5),
  })
  .chain((r) => {
    const withPorts = r.protocol !== undefined && PORT_PROTOCOLS.includes(r.protocol);
    return fc.tuple(
      fc.constant(r),
      entityArbitrary(r.family, false),
      entityArbitrary(r.family, withPorts),
      maybe(fc.constant<(number | string)[]>([53, "30000:50000", "http"]), 8),
    );
  })
  .map(([r, source, destination, sourcePorts]) => {
    const rule: CalicoRule = { action: r.action, source, destination };
    const isICMP = r.protocol !== undefined && OTHER_PROTOCOLS.includes(r.protocol);
    if (r.protocol !== undefined) rule.protocol = r.protocol;
    if (r.notProtocol !== undefined) rule.notProtocol = r.notProtocol;
    if (isICMP && r.icmp) rule.icmp = r.icmp;
    if (isICMP && r.notICMP) rule.notICMP = r.notICMP;
    if (r.protocol !== undefined && PORT_PROTOCOLS.includes(r.protocol) && sourcePorts)
      source.ports = sourcePorts;
    const noNets = [source, destination].every((e) => e.nets.length === 0 && e.notNets.length === 0);
    if (r.ipVersion && noNets && !isICMP) rule.ipVersion = r.family;
    return rule;
  });

/** One or two custom tiers next to the built-in ones, with orders that sometimes tie. */
export const customTiersArbitrary: fc.Arbitrary<Tier[]> = fc
  .uniqueArray(fc.constantFrom("sec", "ops"), { minLength: 1, maxLength: 2 })
  .chain((names) =>
    fc.tuple(
      ...names.map((name) =>
        fc
          .record({
            order: maybe(fc.constantFrom(50, 100, 100, 2_000_000), 4),
            defaultAction: fc.constantFrom<Tier["defaultAction"]>("Deny", "Pass"),
          })
          .map((t): Tier => {
            const tier: Tier = {
              name,
              defaultAction: t.defaultAction,
              builtIn: false,
              source: RANDOM_SOURCE,
            };
            if (t.order !== undefined) tier.order = t.order;
            return tier;
          }),
      ),
    ),
  );

/** Calico's `types` default: no egress rules -> Ingress; egress only -> Egress; both -> both. */
function defaultTypes(ingress: readonly CalicoRule[], egress: readonly CalicoRule[]): Direction[] {
  if (egress.length === 0) return ["Ingress"];
  return ingress.length === 0 ? ["Egress"] : ["Ingress", "Egress"];
}

/** The `index`th Calico policy of a cluster, in one of `tiers`. */
export function calicoPolicyArbitrary(
  index: number,
  tiers: readonly string[],
  namespaces: readonly string[],
): fc.Arbitrary<CalicoPolicy> {
  return fc
    .record({
      kind: fc.constantFrom<CalicoPolicyKind>(
        "NetworkPolicy",
        "GlobalNetworkPolicy",
        "NetworkPolicy",
        "GlobalNetworkPolicy",
        "StagedNetworkPolicy",
        "StagedGlobalNetworkPolicy",
      ),
      namespace: fc.constantFrom(...(namespaces.length > 0 ? namespaces : NAMESPACES)),
      tier: fc.constantFrom(...tiers),
      order: maybe(fc.constantFrom(100, 500, 1000), 3),
      selector: fc.oneof(fc.constant(""), endpointSelectorArbitrary),
      namespaceSelector: maybe(
        fc.oneof(
          fc.constant("all()"),
          namespaceSelectorArbitrary.filter((s) => s !== "global()"),
        ),
        3,
      ),
      serviceAccountSelector: maybe(accountSelectorArbitrary, 5),
      types: maybe(fc.constantFrom<Direction[]>(["Ingress"], ["Egress"], ["Ingress", "Egress"]), 2),
      ingress: fc.array(ruleArbitrary, { maxLength: 3 }),
      egress: fc.array(ruleArbitrary, { maxLength: 3 }),
      stagedAction: fc.constantFrom<"Set" | "Delete">("Set", "Set", "Set", "Delete"),
    })
    .map((r) => {
      const global = r.kind.endsWith("GlobalNetworkPolicy");
      const p: CalicoPolicy = {
        kind: r.kind,
        name: r.tier === "default" ? `p${index}` : `${r.tier}.p${index}`,
        tier: r.tier,
        selector: r.selector,
        types: r.types ?? defaultTypes(r.ingress, r.egress),
        ingress: r.ingress,
        egress: r.egress,
        doNotTrack: false,
        preDNAT: false,
        applyOnForward: false,
        source: RANDOM_SOURCE,
      };
      if (!global) p.namespace = r.namespace;
      if (global && r.namespaceSelector !== undefined) p.namespaceSelector = r.namespaceSelector;
      if (r.order !== undefined) p.order = r.order;
      if (r.serviceAccountSelector !== undefined) p.serviceAccountSelector = r.serviceAccountSelector;
      if (r.kind.startsWith("Staged")) p.stagedAction = r.stagedAction;
      return p;
    });
}
