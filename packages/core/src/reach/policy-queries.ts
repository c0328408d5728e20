// Which policies apply to an endpoint, in evaluation order, and which endpoints a policy selects.
import type { Engine } from "../eval/engine.js";
import { policyName } from "../eval/explain.js";
import { formatEndpointRef } from "../eval/flow-spec-parse.js";
import { selectingPolicies } from "../eval/tier-walk.js";
import type { EndpointRef, PolicyRef } from "../eval/types.js";
import type { Direction } from "../model/calico.js";
import type { Endpoint } from "../policy/endpoints.js";
import type { CompiledPolicy } from "../policy/ir.js";

/** A policy as listed by a query: its identity, order, and the flags that change where it applies. */
export interface ListedPolicy extends PolicyRef {
  order?: number;
  staged: boolean;
  doNotTrack: boolean;
  preDNAT: boolean;
  applyOnForward: boolean;
}

/** One tier's policies for an endpoint and direction, in evaluation order. */
export interface TierListing {
  tier: string;
  order?: number;
  defaultAction: "Deny" | "Pass";
  policies: ListedPolicy[];
}

/** The answer to `policies-for`: tiers per direction, then the profiles. */
export interface PoliciesFor {
  endpoint: string;
  description: string;
  ingress: TierListing[];
  egress: TierListing[];
  profiles: string[];
}

function listed(p: CompiledPolicy): ListedPolicy {
  const out: ListedPolicy = {
    ...p.ref,
    staged: p.staged,
    doNotTrack: p.doNotTrack,
    preDNAT: p.preDNAT,
    applyOnForward: p.applyOnForward,
  };
  if (p.order !== undefined) out.order = p.order;
  return out;
}

function tiersFor(engine: Engine, endpoint: Endpoint, direction: Direction, pending: boolean): TierListing[] {
  return engine.tiers.flatMap((entry) => {
    const policies = selectingPolicies(entry, endpoint, direction, { pending });
    if (policies.length === 0) return [];
    const listing: TierListing = {
      tier: entry.tier.name,
      defaultAction: entry.tier.defaultAction,
      policies: policies.map(listed),
    };
    if (entry.tier.order !== undefined) listing.order = entry.tier.order;
    return [listing];
  });
}

/** The policies that apply to an endpoint in each direction, in the order Calico evaluates them. */
export function policiesFor(
  engine: Engine,
  endpoint: Endpoint,
  options: { pending?: boolean } = {},
): PoliciesFor {
  const pending = options.pending ?? false;
  return {
    endpoint: formatEndpointRef(endpoint.ref),
    description: endpoint.description,
    ingress: tiersFor(engine, endpoint, "Ingress", pending),
    egress: tiersFor(engine, endpoint, "Egress", pending),
    profiles: endpoint.profiles.map((p) => p.name),
  };
}

/** The compiled policies a name picks: `ns/name` or `name`, optionally `tier|name`; every kind that has it. */
export function findPolicies(engine: Engine, query: string): CompiledPolicy[] {
  const [tier, name] = query.includes("|") ? (query.split("|", 2) as [string, string]) : [undefined, query];
  return engine.tiers
    .filter((t) => tier === undefined || t.tier.name === tier)
    .flatMap((t) => t.policies)
    .filter((p) => policyName(p.ref) === name);
}

/** The endpoints a policy selects (any direction), in name order. */
export function endpointsFor(engine: Engine, policy: CompiledPolicy): EndpointRef[] {
  return [...engine.byName.values()]
    .map((e) => e.get())
    .filter((e) => !e.hostNetwork && policy.selector.matches(e.labels))
    .map((e) => e.ref)
    .sort((a, b) => (formatEndpointRef(a) < formatEndpointRef(b) ? -1 : 1));
}
