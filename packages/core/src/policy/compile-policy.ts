// Compiles every policy of a snapshot into Calico's model, with the names Calico sorts by.
import type { CalicoPolicy } from "../model/calico.js";
import type { Snapshot } from "../model/snapshot.js";
import type { CalicoVersion } from "../schema/schema.js";
import { adminPolicyInput } from "./admin-to-calico.js";
import { compileRule, compileSelectorText } from "./compile-rule.js";
import { policyKindCodes } from "../eval/kind-codes.js";
import type { CompiledPolicy } from "./ir.js";
import { k8sPolicyInput } from "./k8s-to-calico.js";
import type { PolicyInput } from "./policy-input.js";
import { policySelectorText } from "./selector-text.js";

/** `<tier>.<name>` unless the name already carries its tier (v3.31 requires that outside the default tier). */
function tieredName(p: CalicoPolicy): string {
  return p.name.startsWith(`${p.tier}.`) ? p.name : `${p.tier}.${p.name}`;
}

/** A Calico policy of any of the four tiered kinds. */
function calicoPolicyInput(p: CalicoPolicy): PolicyInput {
  const staged = p.kind.startsWith("Staged");
  const name = `${staged ? "staged:" : ""}${tieredName(p)}`;
  const ref = {
    tier: p.tier,
    kind: p.kind,
    name: p.name,
    ...(p.namespace !== undefined ? { namespace: p.namespace } : {}),
  };
  return { ref, sortName: p.namespace !== undefined ? `${p.namespace}/${name}` : name, staged, spec: p };
}

/** The tie-break key: v3.31 sorts by internal name, v3.32 by `name/namespace/kind`. */
function sortKey(input: PolicyInput, version: CalicoVersion): string {
  if (version === "v3.31") return input.sortName;
  return `${input.ref.name}/${input.ref.namespace ?? ""}/${policyKindCodes[input.ref.kind] ?? input.ref.kind}`;
}

function compile(input: PolicyInput, version: CalicoVersion): CompiledPolicy {
  const { spec } = input;
  const selectorText = policySelectorText(spec);
  const compiled: CompiledPolicy = {
    ref: input.ref,
    sortName: sortKey(input, version),
    staged: input.staged,
    selector: compileSelectorText(selectorText) ?? { text: "all()", matches: () => true },
    types: new Set(spec.types),
    ingress: spec.ingress.map((r, i) => compileRule(r, i, spec.namespace)),
    egress: spec.egress.map((r, i) => compileRule(r, i, spec.namespace)),
    doNotTrack: spec.doNotTrack,
    preDNAT: spec.preDNAT,
    applyOnForward: spec.applyOnForward,
  };
  if (spec.order !== undefined) compiled.order = spec.order;
  if (spec.namespace !== undefined) compiled.namespace = spec.namespace;
  return compiled;
}

/** Orders policies within a tier: `order` ascending (missing last), then the tie-break key bytewise. */
function comparePolicies(a: CompiledPolicy, b: CompiledPolicy): number {
  const ao = a.order ?? Infinity;
  const bo = b.order ?? Infinity;
  if (ao !== bo) return ao < bo ? -1 : 1;
  return a.sortName < b.sortName ? -1 : a.sortName > b.sortName ? 1 : 0;
}

/** Every policy of the snapshot, compiled and grouped by tier in evaluation order. Staged Deletes are dropped. */
export function compilePolicies(snapshot: Snapshot, version: CalicoVersion): Map<string, CompiledPolicy[]> {
  const inputs: PolicyInput[] = [
    ...snapshot.calicoPolicies.filter((p) => p.stagedAction !== "Delete").map(calicoPolicyInput),
    ...snapshot.k8sPolicies.map((p) => k8sPolicyInput(p, false)),
    ...snapshot.stagedK8sPolicies
      .filter((p) => p.stagedAction !== "Delete")
      .map((p) => k8sPolicyInput(p, true)),
    ...snapshot.adminPolicies.map((p) => adminPolicyInput(p, version)),
  ];
  const byTier = new Map<string, CompiledPolicy[]>();
  for (const input of inputs) {
    const list = byTier.get(input.ref.tier) ?? [];
    list.push(compile(input, version));
    byTier.set(input.ref.tier, list);
  }
  for (const list of byTier.values()) list.sort(comparePolicies);
  return byTier;
}
