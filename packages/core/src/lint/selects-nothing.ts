// `selects-nothing` and `rule-selects-nothing`: policy and rule selectors that match nothing in the loaded cluster.
import type { Direction, EntityRule } from "../model/calico.js";
import type { Issue } from "../model/issue.js";
import type { Endpoint } from "../policy/endpoints.js";
import { compileSelectorText } from "../policy/compile-rule.js";
import type { CompiledEntity, CompiledSelector } from "../policy/ir.js";
import { entitySelectorText, NAMESPACE_LABEL } from "../policy/selector-text.js";
import { formatPath, type FieldPath } from "../schema/path.js";
import type { Labels } from "../selector/index.js";
import { finding, nameList, type LintContext, type LintPolicy } from "./context.js";
import { sidePath, type RuleOrigin } from "./origins.js";

/** Tells whether a label-key-case finding already explains a selector under this path of the policy. */
export type Explained = (p: LintPolicy, path: FieldPath) => boolean;

const emptyEntity = (): EntityRule => ({ nets: [], notNets: [], ports: [], notPorts: [] });

function inNamespace(e: Endpoint, namespace: string): boolean {
  return e.ref.kind === "workload" && e.ref.namespace === namespace;
}

/** The field to point at for a policy's selection: its selector, else whatever narrows it. */
function policySelectorPath(p: LintPolicy): FieldPath {
  const o = p.origin;
  if (o.family === "k8s") return ["spec", "podSelector"];
  if (o.family === "admin") return ["spec", "subject"];
  if (o.policy.selector !== "") return ["spec", "selector"];
  if (o.policy.serviceAccountSelector) return ["spec", "serviceAccountSelector"];
  if (o.policy.namespaceSelector) return ["spec", "namespaceSelector"];
  return o.policy.namespace !== undefined ? ["metadata", "namespace"] : [];
}

function policyFinding(ctx: LintContext, p: LintPolicy): Issue {
  const namespace = p.compiled.ref.namespace;
  const scope = ctx.endpoints.filter((e) => namespace === undefined || inNamespace(e, namespace));
  const path = policySelectorPath(p);
  const selector = p.compiled.selector.text;
  if (scope.length === 0) {
    const where = namespace !== undefined ? `namespace ${namespace} has` : "the loaded manifests have";
    return finding(ctx, p, path, {
      code: "selects-nothing",
      severity: "info",
      message: `${p.label}: selects no endpoint, but ${where} no workloads, so netward cannot check it (selector ${selector})`,
    });
  }
  const hostNet = ctx.hostNetworked.filter((e) => p.compiled.selector.matches(e.labels));
  const note =
    hostNet.length > 0
      ? `; it matches only host-networked pods (${nameList(hostNet.map((e) => e.description))}), which Calico policy does not apply to`
      : "";
  return finding(ctx, p, path, {
    code: "selects-nothing",
    severity: "warning",
    message: `${p.label}: selects no endpoint of the loaded cluster (selector ${selector})${note}`,
    fix: "compare the selector with the labels of the pods it should select, or remove the policy",
  });
}

/** Label holders a rule selector can match: policed endpoints with addresses or templates, and network sets. */
function ruleCandidates(ctx: LintContext): Labels[] {
  return [
    ...ctx.endpoints.filter((e) => e.kind === "workload" || e.ips.length > 0).map((e) => e.labels),
    ...ctx.networkSets.map((s) => s.labels),
  ];
}

/** The namespace part of a rule side's selector: its namespaceSelector, else the policy's own namespace. */
function scopeOf(written: EntityRule, namespace: string | undefined): CompiledSelector | undefined {
  if (written.namespaceSelector) {
    const text = entitySelectorText(
      { ...emptyEntity(), namespaceSelector: written.namespaceSelector },
      undefined,
    );
    return compileSelectorText(text);
  }
  return namespace !== undefined ? compileSelectorText(`${NAMESPACE_LABEL} == '${namespace}'`) : undefined;
}

/** The written field to point at: the namespace part when it alone matches nothing, else the selector. */
function rulePathOf(
  p: LintPolicy,
  direction: Direction,
  at: RuleOrigin,
  side: "src" | "dst",
  scopeEmpty: boolean,
): FieldPath {
  const base = sidePath(p.origin, direction, at, side);
  const o = p.origin;
  if (o.family === "calico") {
    const r = o.policy[direction === "Ingress" ? "ingress" : "egress"][at.rule]!;
    const e = side === "src" ? r.source : r.destination;
    const field =
      scopeEmpty && e.namespaceSelector
        ? "namespaceSelector"
        : e.selector
          ? "selector"
          : e.serviceAccounts
            ? "serviceAccounts"
            : e.namespaceSelector
              ? "namespaceSelector"
              : "notSelector";
    return [...base, field];
  }
  if (at.peer === undefined) return base;
  if (o.family === "k8s") {
    const peer = (direction === "Ingress" ? o.policy.ingress : o.policy.egress)[at.rule]?.peers[at.peer];
    const ns = peer?.namespaceSelector !== undefined && (scopeEmpty || peer.podSelector === undefined);
    return [...base, ns ? "namespaceSelector" : "podSelector"];
  }
  const peer = (direction === "Ingress" ? o.policy.ingress : o.policy.egress)[at.rule]?.peers[at.peer];
  if (peer !== undefined && "pods" in peer)
    return [...base, "pods", scopeEmpty ? "namespaceSelector" : "podSelector"];
  return [...base, "namespaces"];
}

function ruleFindings(ctx: LintContext, p: LintPolicy, explained: Explained, candidates: Labels[]): Issue[] {
  const out = new Map<string, Issue>();
  for (const direction of ["Ingress", "Egress"] as const) {
    if (!p.compiled.types.has(direction)) continue;
    const rules = direction === "Ingress" ? p.compiled.ingress : p.compiled.egress;
    rules.forEach((r, i) => {
      const at = p.rules[direction][i]!;
      for (const side of ["src", "dst"] as const) {
        const entity: CompiledEntity = r[side];
        const selector = entity.selector;
        if (selector === undefined || candidates.some((l) => selector.matches(l))) continue;
        if (explained(p, sidePath(p.origin, direction, at, side))) continue;
        const written = side === "src" ? r.rule.source : r.rule.destination;
        const scope = scopeOf(written, p.compiled.ref.namespace);
        const scopeEmpty = scope !== undefined && !candidates.some((l) => scope.matches(l));
        const path = rulePathOf(p, direction, at, side, scopeEmpty);
        const key = formatPath(path);
        if (out.has(key)) continue;
        out.set(
          key,
          finding(ctx, p, path, {
            code: "rule-selects-nothing",
            severity: scopeEmpty ? "info" : "warning",
            message: scopeEmpty
              ? `${p.label}: ${key} can only match where the loaded manifests define no endpoint or network set (${scope.text}), so netward cannot check it`
              : `${p.label}: ${key} matches no endpoint and no network set of the loaded cluster (${selector.text}), so the rule never matches`,
            ...(scopeEmpty
              ? {}
              : { fix: "compare the selector with the labels of the peers it should match" }),
          }),
        );
      }
    });
  }
  return [...out.values()];
}

/** The fields that choose a policy's endpoints, in every policy family. */
const policyFields = ["selector", "namespaceSelector", "serviceAccountSelector", "podSelector", "subject"];

/** Policies that select no endpoint, and rule selectors that match no endpoint or network set. */
export function selectsNothing(ctx: LintContext, explained: Explained): Issue[] {
  const candidates = ruleCandidates(ctx);
  return ctx.policies.flatMap((p) => [
    ...(p.selected.size === 0 && !policyFields.some((f) => explained(p, ["spec", f]))
      ? [policyFinding(ctx, p)]
      : []),
    ...ruleFindings(ctx, p, explained, candidates),
  ]);
}
