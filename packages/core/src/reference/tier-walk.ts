// The tier walk for one endpoint and one direction (SEMANTICS §2), written out as plainly as possible.
import type { CalicoRule, Direction, Tier } from "../model/calico.js";
import type { Snapshot } from "../model/snapshot.js";
import { matchSelector } from "../selector/index.js";
import { tierNamed } from "./all-policies.js";
import { refRule, type RefPolicy } from "./policy.js";
import { ruleMatches, type MatchContext } from "./rule-match.js";
import type { RefEndpoint } from "./world.js";

/** Go's string `<` (UTF-8 byte order, which is code point order). */
export function compareBytes(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** Orders ascending with a missing order last, then by name bytewise. */
function byOrderThenName(a: { order?: number; name: string }, b: { order?: number; name: string }): number {
  const oa = a.order ?? Number.POSITIVE_INFINITY;
  const ob = b.order ?? Number.POSITIVE_INFINITY;
  if (oa !== ob) return oa < ob ? -1 : 1;
  return compareBytes(a.name, b.name);
}

/** The tiers the policies use, sorted. */
function sortedTiers(s: Snapshot, policies: readonly RefPolicy[]): Tier[] {
  const names = new Set([...s.tiers.map((t) => t.name), ...policies.map((p) => p.tier)]);
  return [...names].map((n) => tierNamed(s, n)).sort(byOrderThenName);
}

/** The profile walk: the first matching Allow allows; a matching Deny or Pass denies (dataplanes differ); else deny. */
function profileVerdict(endpoint: RefEndpoint, direction: Direction, ctx: MatchContext): "allow" | "deny" {
  for (const profile of endpoint.profiles) {
    const rules: CalicoRule[] = direction === "Ingress" ? profile.ingress : profile.egress;
    for (const rule of rules) {
      const r = refRule(rule, undefined);
      if (r.action === "Log" || !ruleMatches(r, ctx)) continue;
      return r.action === "Allow" ? "allow" : "deny";
    }
  }
  return "deny";
}

/** What one tier decides: allow, deny, or pass to the next tier (also when none of its policies apply). */
function tierVerdict(
  tier: Tier,
  pols: readonly RefPolicy[],
  direction: Direction,
  ctx: MatchContext,
): "allow" | "deny" | "pass" {
  if (pols.length === 0) return "pass";
  for (const p of pols) {
    for (const r of direction === "Ingress" ? p.ingress : p.egress) {
      if (r.action === "Log" || !ruleMatches(r, ctx)) continue;
      if (r.action === "Pass") return "pass";
      return r.action === "Allow" ? "allow" : "deny";
    }
  }
  return tier.defaultAction === "Pass" ? "pass" : "deny";
}

/** The verdict of one endpoint for one direction: tiers in order, then the endpoint's profiles. */
export function sideVerdict(
  endpoint: RefEndpoint,
  direction: Direction,
  policies: readonly RefPolicy[],
  ctx: MatchContext,
  pending: boolean,
): "allow" | "deny" {
  const s = ctx.world.snapshot;
  for (const tier of sortedTiers(s, policies)) {
    const pols = policies
      .filter((p) => p.tier === tier.name && p.types.includes(direction))
      .filter((p) => !p.hostOnly && (pending || !p.staged))
      .filter((p) => matchSelector(p.selector, endpoint.labels))
      .sort((a, b) => byOrderThenName({ ...a, name: a.key }, { ...b, name: b.key }));
    const verdict = tierVerdict(tier, pols, direction, ctx);
    if (verdict !== "pass") return verdict;
  }
  return profileVerdict(endpoint, direction, ctx);
}
