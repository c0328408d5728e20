// Calico policies as Felix receives them: effective selectors built exactly as libcalico-go's update processors do.
import type { Action, CalicoPolicy, CalicoRule, Direction, EntityRule, ICMPMatch } from "../model/calico.js";
import type { Selector } from "../selector/index.js";
import { protocolNumber } from "./protocols.js";
import {
  and,
  equals,
  has,
  isSet,
  NAMESPACE_LABEL,
  not,
  parse,
  prefixLabels,
  replaceAllAndGlobal,
  SERVICE_ACCOUNT_LABEL,
} from "./selectors.js";

/** One side of a rule after composition: a positive selector (already ANDed with the negation when Felix does). */
export interface RefEntity {
  selector?: Selector;
  /** Only when there is no positive selector: Felix then keeps the negated selector as its own IP set. */
  notSelector?: Selector;
  nets: string[];
  notNets: string[];
  ports: (number | string)[];
  notPorts: (number | string)[];
}

/** A rule with protocols as numbers and entities composed. */
export interface RefRule {
  action: Action;
  ipVersion?: 4 | 6;
  protocol?: number;
  notProtocol?: number;
  icmp?: ICMPMatch;
  notICMP?: ICMPMatch;
  source: RefEntity;
  destination: RefEntity;
}

/** A policy of any kind, ready for the tier walk. */
export interface RefPolicy {
  tier: string;
  /** Felix's internal name (`<ns>/<tier>.<name>`, `staged:` ...), the tie-break of the policy sort. */
  key: string;
  order?: number;
  staged: boolean;
  /** doNotTrack and preDNAT policies only ever apply to host endpoints. */
  hostOnly: boolean;
  selector: Selector;
  types: Direction[];
  ingress: RefRule[];
  egress: RefRule[];
}

/** The selector of `serviceAccounts`: the pcsa.-prefixed selector AND the service account name set. */
function serviceAccountSelector(sa: NonNullable<EntityRule["serviceAccounts"]>): Selector | undefined {
  const prefixed = isSet(sa.selector) ? prefixLabels(parse(sa.selector), "pcsa.") : undefined;
  if (sa.names.length === 0) return prefixed;
  const names: Selector = { kind: "in", label: SERVICE_ACCOUNT_LABEL, values: [...new Set(sa.names)].sort() };
  return prefixed === undefined ? names : and(prefixed, names);
}

/** GetEntityRuleSelector plus Felix's combineMatchesIfPossible; `namespace` is set for namespaced policies. */
function entity(e: EntityRule, namespace: string | undefined): RefEntity {
  let scope: Selector | undefined;
  if (isSet(e.namespaceSelector)) {
    const prefixed = prefixLabels(parse(e.namespaceSelector), "pcns.");
    scope = replaceAllAndGlobal(prefixed, has(NAMESPACE_LABEL), not(has(NAMESPACE_LABEL)));
  } else if (namespace !== undefined) {
    scope = equals(NAMESPACE_LABEL, namespace);
  }
  const parts = [
    e.serviceAccounts ? serviceAccountSelector(e.serviceAccounts) : undefined,
    isSet(e.selector) ? parse(e.selector) : undefined,
  ].filter((s): s is Selector => s !== undefined);
  let selector = parts.reduce<Selector | undefined>((acc, s) => (acc ? and(acc, s) : s), undefined);
  if (scope && (selector || isSet(e.notSelector) || isSet(e.namespaceSelector))) {
    selector = selector ? and(scope, selector) : scope;
  }
  const negated = isSet(e.notSelector) ? parse(e.notSelector) : undefined;
  const out: RefEntity = { nets: e.nets, notNets: e.notNets, ports: e.ports, notPorts: e.notPorts };
  if (selector && negated) out.selector = and(selector, not(negated));
  else if (selector) out.selector = selector;
  else if (negated) out.notSelector = negated;
  return out;
}

/** RuleAPIV2ToBackend: protocols resolved, selectors composed; `http` and `services` are not L3/L4 and are left out. */
export function refRule(r: CalicoRule, namespace: string | undefined): RefRule {
  const out: RefRule = {
    action: r.action,
    source: entity(r.source, namespace),
    destination: entity(r.destination, namespace),
  };
  if (r.ipVersion !== undefined) out.ipVersion = r.ipVersion;
  if (r.protocol !== undefined) out.protocol = protocolNumber(r.protocol);
  if (r.notProtocol !== undefined) out.notProtocol = protocolNumber(r.notProtocol);
  if (r.icmp !== undefined) out.icmp = r.icmp;
  if (r.notICMP !== undefined) out.notICMP = r.notICMP;
  return out;
}

/** Calico's backend policy name: a name without a dot gets the `default.` tier prefix. */
export function tieredName(name: string): string {
  return name.includes(".") ? name : `default.${name}`;
}

/** The policy selector: NP adds its namespace; GNP adds pcns./pcsa. selectors and rewrites `all()`. */
function policySelector(p: CalicoPolicy, namespace: string | undefined): Selector {
  let sel = isSet(p.selector) ? parse(p.selector) : undefined;
  if (namespace !== undefined) {
    const scope = equals(NAMESPACE_LABEL, namespace);
    sel = sel ? and(sel, scope) : scope;
  } else if (isSet(p.namespaceSelector)) {
    const prefixed = prefixLabels(parse(p.namespaceSelector), "pcns.");
    sel = replaceAllAndGlobal(sel ? and(sel, prefixed) : prefixed, has(NAMESPACE_LABEL), undefined);
  }
  if (isSet(p.serviceAccountSelector)) {
    const prefixed = prefixLabels(parse(p.serviceAccountSelector), "pcsa.");
    sel = sel ? and(sel, prefixed) : prefixed;
    if (namespace === undefined) sel = replaceAllAndGlobal(sel, has(SERVICE_ACCOUNT_LABEL), undefined);
  }
  return sel ?? { kind: "all" };
}

/** Converts a Calico policy (or one converted from Kubernetes) into the reference form, under Felix's name `key`. */
export function refPolicy(p: CalicoPolicy, key: string): RefPolicy {
  const namespaced = p.kind === "NetworkPolicy" || p.kind === "StagedNetworkPolicy";
  const namespace = namespaced ? (p.namespace ?? "") : undefined;
  const out: RefPolicy = {
    tier: p.tier,
    key,
    staged: p.kind.startsWith("Staged"),
    hostOnly: p.doNotTrack || p.preDNAT,
    selector: policySelector(p, namespace),
    types: p.types,
    ingress: p.ingress.map((r) => refRule(r, namespace)),
    egress: p.egress.map((r) => refRule(r, namespace)),
  };
  if (p.order !== undefined) out.order = p.order;
  return out;
}

/** Felix's internal name of a Calico policy of any of the four kinds. */
export function calicoPolicyKey(p: CalicoPolicy): string {
  const staged = p.kind.startsWith("Staged") ? "staged:" : "";
  const name = staged + tieredName(p.name);
  return p.namespace !== undefined && !p.kind.endsWith("GlobalNetworkPolicy")
    ? `${p.namespace}/${name}`
    : name;
}
