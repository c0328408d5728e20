// `shadowed-rule`: rules that never decide, because an earlier rule of the same tier matches all their flows.
import type { Direction } from "../model/calico.js";
import type { Issue } from "../model/issue.js";
import type { CompiledRule } from "../policy/ir.js";
import { formatPath, type FieldPath } from "../schema/path.js";
import { finding, nameList, where, type LintContext, type LintPolicy, type LintTier } from "./context.js";
import { rulePath, type RuleOrigin } from "./origins.js";
import { ruleContains } from "./rule-contains.js";

/** The earlier rule that decides every flow a rule matches. */
interface Shadow {
  policy: LintPolicy;
  index: number;
  rule: CompiledRule;
}

/** True when `staged` is the staged version of `enforced` (same kind family, namespace, name and tier). */
function twins(staged: LintPolicy, enforced: LintPolicy): boolean {
  const s = staged.compiled.ref;
  const e = enforced.compiled.ref;
  return (
    s.kind === `Staged${e.kind}` && s.name === e.name && s.namespace === e.namespace && s.tier === e.tier
  );
}

/**
 * True when `earlier` runs before `later` in the same walk for every endpoint `later` selects in the direction.
 * A staged policy is not compared with its enforced twin: it proposes to replace it, not to follow it.
 */
function covers(earlier: LintPolicy, later: LintPolicy, direction: Direction): boolean {
  const e = earlier.compiled;
  const l = later.compiled;
  if (!e.types.has(direction) || (e.staged && !l.staged) || twins(later, earlier)) return false;
  if (e.doNotTrack !== l.doNotTrack || e.preDNAT !== l.preDNAT || (l.applyOnForward && !e.applyOnForward))
    return false;
  return [...later.selected].every((i) => earlier.selected.has(i));
}

function shadowOf(
  rule: CompiledRule,
  own: readonly CompiledRule[],
  p: LintPolicy,
  before: readonly LintPolicy[],
  d: Direction,
): Shadow | undefined {
  const deciding = (r: CompiledRule) => r.action !== "Log" && ruleContains(r, rule);
  const mine = own.slice(0, rule.index).find(deciding);
  if (mine) return { policy: p, index: mine.index, rule: mine };
  for (const q of before) {
    if (!covers(q, p, d)) continue;
    const theirs = (d === "Ingress" ? q.compiled.ingress : q.compiled.egress).find(deciding);
    if (theirs) return { policy: q, index: theirs.index, rule: theirs };
  }
  return undefined;
}

/** A written rule (or one peer of it) whose compiled rules are all shadowed. */
interface Group {
  at: RuleOrigin;
  indices: number[];
}

/** Written rules all of whose compiled rules are shadowed; failing that, their peers that are. */
function groups(origins: readonly RuleOrigin[], shadows: readonly (Shadow | undefined)[]): Group[] {
  const shadowed = (i: number) => shadows[i] !== undefined;
  const byRule = new Map<number, number[]>();
  origins.forEach((at, i) => byRule.set(at.rule, [...(byRule.get(at.rule) ?? []), i]));
  const found: Group[] = [];
  for (const [rule, indices] of byRule) {
    if (indices.every(shadowed)) {
      found.push({ at: { rule }, indices });
      continue;
    }
    const byPeer = new Map<number, number[]>();
    for (const i of indices) {
      const peer = origins[i]!.peer;
      if (peer !== undefined) byPeer.set(peer, [...(byPeer.get(peer) ?? []), i]);
    }
    for (const [peer, list] of byPeer)
      if (list.every(shadowed)) found.push({ at: { rule, peer }, indices: list });
  }
  return found;
}

const verbs = { Allow: "allows", Deny: "denies", Pass: "passes to the next tier", Log: "logs" } as const;

function describe(ctx: LintContext, s: Shadow, self: LintPolicy, d: Direction): string {
  const path = rulePath(d, s.policy.rules[d][s.index]!);
  if (s.policy === self) return `${formatPath(path)} of this policy`;
  return `${formatPath(path)} of ${s.policy.label} (${where(ctx, s.policy, path)})`;
}

function groupFinding(
  ctx: LintContext,
  p: LintPolicy,
  d: Direction,
  g: Group,
  shadows: readonly Shadow[],
): Issue {
  const own = d === "Ingress" ? p.compiled.ingress : p.compiled.egress;
  const rule = rulePath(d, g.at);
  const path: FieldPath =
    g.at.peer !== undefined ? [...rule, d === "Ingress" ? "from" : "to", g.at.peer] : rule;
  const found = g.indices.map((i) => shadows[i]!);
  const actions = new Set(found.map((s) => s.rule.action));
  const verb = actions.size === 1 ? verbs[[...actions][0]!] : "decides";
  const by = [...new Set(found.map((s) => describe(ctx, s, p, d)))];
  const same = g.indices.every((i) => shadows[i]!.rule.action === own[i]!.action);
  const elsewhere = found.find((s) => s.policy !== p);
  const fix = same
    ? "remove the redundant rule"
    : elsewhere
      ? `order this policy before ${elsewhere.policy.label}, or narrow the rule that shadows it`
      : "move it before the rule that shadows it, or narrow that rule";
  return finding(ctx, p, path, {
    code: "shadowed-rule",
    severity: "warning",
    message: `${p.label}: ${formatPath(path)} never applies: ${nameList(by)} matches every flow it matches and ${verb} first`,
    fix,
  });
}

function policyFindings(ctx: LintContext, tier: LintTier, pi: number): Issue[] {
  const p = tier.policies[pi]!;
  const before = tier.policies.slice(0, pi);
  return (["Ingress", "Egress"] as const).flatMap((d) => {
    if (!p.compiled.types.has(d) || p.selected.size === 0) return [];
    const own = d === "Ingress" ? p.compiled.ingress : p.compiled.egress;
    const shadows = own.map((r) => shadowOf(r, own, p, before, d));
    return groups(p.rules[d], shadows).map((g) => groupFinding(ctx, p, d, g, shadows as Shadow[]));
  });
}

/** Rules shadowed by an earlier rule of the same policy or of an earlier policy of the tier that covers it. */
export function shadowedRules(ctx: LintContext): Issue[] {
  return ctx.tiers.flatMap((t) => t.policies.flatMap((_, i) => policyFindings(ctx, t, i)));
}
