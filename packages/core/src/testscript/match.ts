// Decides whether a verdict satisfies an assertion, including what its `by` clause names.
import type { FlowVerdict, Hit, PolicyRef, SideVerdict } from "../eval/types.js";
import type { AssertStep, ByClause } from "./types.js";

/** What decided one side: a policy or profile hit, a failsafe rule, or no policy at all. */
export type SideCause = { kind: "hit"; hit: Hit } | { kind: "failsafe" } | { kind: "no-policy" };

/**
 * The cause of a side's verdict: failsafe when its reason says so, else its last hit with the side's action,
 * else its last hit when that is a profile's (profiles come last; a profile Pass counts as deny).
 */
export function sideCause(side: SideVerdict): SideCause {
  if (side.reason !== undefined && /failsafe/i.test(side.reason)) return { kind: "failsafe" };
  const last = side.hits.at(-1);
  const hit =
    [...side.hits].reverse().find((h) => h.action === side.verdict) ??
    (last?.kind === "Profile" ? last : undefined);
  return hit === undefined ? { kind: "no-policy" } : { kind: "hit", hit };
}

const isStaged = (ref: PolicyRef): boolean => ref.kind.startsWith("Staged");

function names(by: Extract<ByClause, { kind: "policy" }>, ref: PolicyRef): boolean {
  return (
    ref.kind !== "Profile" &&
    ref.tier === by.tier &&
    isStaged(ref) === by.staged &&
    ref.namespace === by.namespace &&
    ref.name === by.name
  );
}

/** True when a side's cause is what `by` names (an end of tier counts for every policy that selected the endpoint). */
export function causeMatches(by: ByClause, cause: SideCause): boolean {
  if (by.kind !== "policy")
    return by.kind === "profile"
      ? cause.kind === "hit" && cause.hit.kind === "Profile"
      : cause.kind === by.kind;
  if (cause.kind !== "hit") return false;
  const { hit } = cause;
  if (by.ruleIndex !== undefined && hit.ruleIndex !== by.ruleIndex) return false;
  if (names(by, hit)) return true;
  return hit.ruleIndex === -1 && hit.tier === by.tier && (hit.selectedBy ?? []).some((ref) => names(by, ref));
}

/** The sides of a verdict in packet order: source egress, the forwarding host endpoint if any, destination ingress. */
export function verdictSides(v: FlowVerdict): SideVerdict[] {
  return v.forward ? [v.egress, v.forward, v.ingress] : [v.egress, v.ingress];
}

/** True when the verdict is the expected one and, with `by`, decided by it: for deny the first denying side, for allow any side. */
export function assertionHolds(a: Pick<AssertStep, "expect" | "by">, v: FlowVerdict): boolean {
  if (v.verdict !== a.expect) return false;
  const { by } = a;
  if (by === undefined) return true;
  const sides = verdictSides(v);
  if (a.expect === "deny") {
    const side = sides.find((s) => s.verdict === "deny");
    return side !== undefined && causeMatches(by, sideCause(side));
  }
  return sides.some((side) => causeMatches(by, sideCause(side)));
}
