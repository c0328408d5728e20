// The tier walk for one endpoint and one direction, recording every hit (SEMANTICS §2).
import type { Direction, Tier } from "../model/calico.js";
import type { Endpoint } from "../policy/endpoints.js";
import type { CompiledPolicy, CompiledRule } from "../policy/ir.js";
import type { CompiledProfile } from "../policy/profiles.js";
import { NAMESPACE_LABEL } from "../policy/selector-text.js";
import type { FlowContext } from "./flow-context.js";
import { ruleMatches } from "./rule-match.js";
import type { Hit, PolicyRef, SideVerdict } from "./types.js";

/** A tier with its policies in evaluation order. */
export interface TierPolicies {
  tier: Tier;
  policies: CompiledPolicy[];
}

/** Which policies take part in a walk. */
export interface WalkOptions {
  pending: boolean;
  /** Only policies passing this filter count (host endpoints split untracked, pre-DNAT and normal policy). */
  filter?: (p: CompiledPolicy) => boolean;
  /** Untracked policy: every tier ends in Pass and the walk never reaches profiles. */
  forcePass?: boolean;
}

/** The outcome of walking the tiers: decided, or fallen through to the profiles. */
export type WalkOutcome =
  | { decided: true; verdict: "allow" | "deny"; hits: Hit[]; uncertain: string[] }
  | { decided: false; hits: Hit[]; uncertain: string[] };

const actionOf = { Allow: "allow", Deny: "deny", Pass: "pass", Log: "log" } as const;

function hit(ref: PolicyRef, rule: CompiledRule): Hit {
  const action = actionOf[rule.action];
  return ref.namespace === undefined
    ? { tier: ref.tier, kind: ref.kind, name: ref.name, ruleIndex: rule.index, action }
    : {
        tier: ref.tier,
        kind: ref.kind,
        namespace: ref.namespace,
        name: ref.name,
        ruleIndex: rule.index,
        action,
      };
}
const selectionCache = new WeakMap<Endpoint, Map<TierPolicies, (CompiledPolicy[] | undefined)[]>>();
const candidateCache = new WeakMap<TierPolicies, Map<string, CompiledPolicy[]>>();

/** The tier's policies that could select an endpoint of a namespace: the global ones and that namespace's, in order. */
function candidates(entry: TierPolicies, namespace: string | undefined): readonly CompiledPolicy[] {
  let byNamespace = candidateCache.get(entry);
  if (byNamespace === undefined)
    candidateCache.set(entry, (byNamespace = new Map<string, CompiledPolicy[]>()));
  const key = namespace ?? "";
  let list = byNamespace.get(key);
  if (list === undefined) {
    list = entry.policies.filter((p) => p.namespace === undefined || p.namespace === namespace);
    byNamespace.set(key, list);
  }
  return list;
}

/** The policies of a tier that select the endpoint for the direction, in order (cached per endpoint). */
export function selectingPolicies(
  entry: TierPolicies,
  endpoint: Endpoint,
  direction: Direction,
  options: WalkOptions,
): CompiledPolicy[] {
  const compute = () =>
    candidates(entry, endpoint.labels.get(NAMESPACE_LABEL)).filter(
      (p) =>
        (options.pending || !p.staged) &&
        p.types.has(direction) &&
        (options.filter?.(p) ?? true) &&
        p.selector.matches(endpoint.labels),
    );
  if (options.filter) return compute();
  let byTier = selectionCache.get(endpoint);
  if (byTier === undefined)
    selectionCache.set(endpoint, (byTier = new Map<TierPolicies, (CompiledPolicy[] | undefined)[]>()));
  let slots = byTier.get(entry);
  if (slots === undefined) byTier.set(entry, (slots = []));
  const slot = (direction === "Ingress" ? 0 : 1) + (options.pending ? 2 : 0);
  return (slots[slot] ??= compute());
}

/** Walks the tiers for one endpoint and direction. */
export function walkTiers(
  tiers: readonly TierPolicies[],
  endpoint: Endpoint,
  direction: Direction,
  ctx: FlowContext,
  options: WalkOptions,
): WalkOutcome {
  const hits: Hit[] = [];
  const uncertain: string[] = [];
  for (const entry of tiers) {
    const policies = selectingPolicies(entry, endpoint, direction, options);
    if (policies.length === 0) continue;
    let passed = false;
    for (const policy of policies) {
      const rules = direction === "Ingress" ? policy.ingress : policy.egress;
      for (const rule of rules) {
        if (!ruleMatches(rule, ctx)) continue;
        if (rule.uncertain) uncertain.push(`${policy.ref.tier}|${policy.ref.name}: ${rule.uncertain}`);
        hits.push(hit(policy.ref, rule));
        if (rule.action === "Log") continue;
        if (rule.action === "Pass") {
          passed = true;
          break;
        }
        return { decided: true, verdict: rule.action === "Allow" ? "allow" : "deny", hits, uncertain };
      }
      if (passed) break;
    }
    if (passed) continue;
    const last = policies[policies.length - 1]!.ref;
    const selectedBy = policies.map((p) => p.ref);
    if (options.forcePass || entry.tier.defaultAction === "Pass") {
      hits.push({ ...last, ruleIndex: -1, action: "pass", selectedBy });
      continue;
    }
    hits.push({ ...last, ruleIndex: -1, action: "deny", selectedBy });
    return { decided: true, verdict: "deny", hits, uncertain };
  }
  return { decided: false, hits, uncertain };
}

/** Applies the profiles after the tiers: the first matching Allow allows; Deny and Pass deny, with a warning (dataplanes differ). */
export function walkProfiles(
  profiles: readonly CompiledProfile[],
  direction: Direction,
  ctx: FlowContext,
  hits: Hit[],
  uncertain: string[],
): SideVerdict {
  for (const profile of profiles) {
    const ref: PolicyRef = { tier: "__PROFILE__", kind: "Profile", name: profile.name };
    for (const rule of direction === "Ingress" ? profile.ingress : profile.egress) {
      if (!ruleMatches(rule, ctx)) continue;
      hits.push(hit(ref, rule));
      if (rule.action === "Log") continue;
      if (rule.action === "Allow") return { verdict: "allow", hits };
      uncertain.push(
        `profile ${profile.name} rule ${rule.index} ${rule.action}: dataplanes differ on ${rule.action} in profiles; netward treats it as deny`,
      );
      return {
        verdict: "deny",
        hits,
        reason: `profile ${profile.name} rule ${rule.index} ${rule.action} (treated as deny)`,
      };
    }
  }
  const last = profiles[profiles.length - 1];
  hits.push({ tier: "__PROFILE__", kind: "Profile", name: last?.name ?? "", ruleIndex: -1, action: "deny" });
  return {
    verdict: "deny",
    hits,
    reason: profiles.length === 0 ? "no policy and no profile" : "no profile rule allowed it",
  };
}
