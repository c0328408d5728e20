// What every lint check reads: the compiled cluster, its endpoints, and each policy with where it was written.
import type { Engine } from "../eval/engine.js";
import { policyName } from "../eval/explain.js";
import type { Direction, Tier } from "../model/calico.js";
import type { Issue, Position, Severity } from "../model/issue.js";
import type { Snapshot } from "../model/snapshot.js";
import type { SourceRef } from "../model/source.js";
import type { Endpoint, LabelHolder } from "../policy/endpoints.js";
import type { CompiledPolicy } from "../policy/ir.js";
import type { CalicoVersion } from "../schema/schema.js";
import { formatPath, type FieldPath } from "../schema/path.js";
import { policyOrigins, ruleOrigins, type PolicyOrigin, type RuleOrigin } from "./origins.js";

/** Finds where a field of a loaded object sits, from the object's own SourceRef and a path inside the object. */
export type FieldLocator = (object: SourceRef, path: FieldPath) => Position | undefined;

/** A compiled policy together with the object it was written as. */
export interface LintPolicy {
  compiled: CompiledPolicy;
  origin: PolicyOrigin;
  /** How messages name it, e.g. `GlobalNetworkPolicy security.block`. */
  label: string;
  source: SourceRef;
  /** Where each compiled rule comes from, per direction. */
  rules: Readonly<Record<Direction, readonly RuleOrigin[]>>;
  /** Indexes into `LintContext.endpoints` of the endpoints its selector selects. */
  selected: ReadonlySet<number>;
}

/** A tier and its policies in evaluation order. */
export interface LintTier {
  tier: Tier;
  policies: LintPolicy[];
}

/** The cluster as the checks see it. */
export interface LintContext {
  snapshot: Snapshot;
  engine: Engine;
  calicoVersion: CalicoVersion;
  /** Endpoints Calico polices: workload endpoints (host-networked pods excluded) and host endpoints. */
  endpoints: Endpoint[];
  /** Host-networked pods: they have labels, but no Calico policy applies to them. */
  hostNetworked: Endpoint[];
  networkSets: LabelHolder[];
  tiers: LintTier[];
  /** Every policy, tier by tier in evaluation order. */
  policies: LintPolicy[];
  locate?: FieldLocator;
}

function lintPolicy(
  compiled: CompiledPolicy,
  origin: PolicyOrigin,
  endpoints: readonly Endpoint[],
): LintPolicy {
  const selected = new Set<number>();
  endpoints.forEach((e, i) => {
    if (compiled.selector.matches(e.labels)) selected.add(i);
  });
  return {
    compiled,
    origin,
    label: `${compiled.ref.kind} ${policyName(compiled.ref)}`,
    source: origin.policy.source,
    rules: { Ingress: ruleOrigins(origin, "Ingress"), Egress: ruleOrigins(origin, "Egress") },
    selected,
  };
}

/** Builds the context the checks share from a snapshot and its compiled engine. */
export function lintContext(
  snapshot: Snapshot,
  engine: Engine,
  calicoVersion: CalicoVersion,
  locate?: FieldLocator,
): LintContext {
  const all = [...new Set(engine.byName.values())].map((e) => e.get());
  const endpoints = all.filter((e) => !e.hostNetwork);
  const origins = policyOrigins(snapshot);
  const tiers = engine.tiers.map((t) => ({
    tier: t.tier,
    policies: t.policies.flatMap((p) => {
      const origin = origins.get(p.ref);
      return origin ? [lintPolicy(p, origin, endpoints)] : [];
    }),
  }));
  const ctx: LintContext = {
    snapshot,
    engine,
    calicoVersion,
    endpoints,
    hostNetworked: all.filter((e) => e.hostNetwork),
    networkSets: engine.networkSets,
    tiers,
    policies: tiers.flatMap((t) => t.policies),
  };
  if (locate) ctx.locate = locate;
  return ctx;
}

/** The first of the paths the locator finds, else the nearest ancestor of the first it finds, else none. */
function locateAny(ctx: LintContext, source: SourceRef, paths: readonly FieldPath[]) {
  for (const path of paths) {
    const at = ctx.locate?.(source, path);
    if (at) return { path, at };
  }
  const first = paths[0] ?? [];
  for (let n = first.length - 1; n > 0; n--) {
    const at = ctx.locate?.(source, first.slice(0, n));
    if (at) return { path: first, at };
  }
  return { path: first, at: undefined };
}

/**
 * A finding about a field of a loaded object, located through the context's locator at the first of the given
 * paths it finds (else at the object).
 */
export function finding(
  ctx: LintContext,
  object: { source: SourceRef },
  paths: FieldPath | readonly FieldPath[],
  f: { code: string; severity: Severity; message: string; fix?: string },
): Issue {
  const list = paths.length > 0 && Array.isArray(paths[0]) ? (paths as FieldPath[]) : [paths as FieldPath];
  const { path, at } = locateAny(ctx, object.source, list);
  const pos = at ?? object.source;
  const issue: Issue = {
    code: f.code,
    severity: f.severity,
    message: f.message,
    file: object.source.file,
    line: pos.line,
    column: pos.column,
  };
  if (f.fix !== undefined) issue.fix = f.fix;
  if (path.length > 0) issue.path = formatPath(path);
  return issue;
}

/** Lists names for a message: all of them when few, else the first ones and how many more. */
export function nameList(names: readonly string[], max = 3): string {
  if (names.length <= max) return names.join(", ");
  return `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}

/** Where a field of a loaded object is, as `file:line`, for messages that point at another object. */
export function where(ctx: LintContext, object: { source: SourceRef }, path: FieldPath): string {
  const at = locateAny(ctx, object.source, [path]).at ?? object.source;
  return `${object.source.file}:${at.line}`;
}
