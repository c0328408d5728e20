// `label-key-case`: a selector label key that no object uses, while a key differing only in case is used.
import type { Issue } from "../model/issue.js";
import type { Snapshot } from "../model/snapshot.js";
import { formatPath, type FieldPath } from "../schema/path.js";
import {
  NAMESPACE_LABEL,
  NAMESPACE_PREFIX,
  ORCHESTRATOR_LABEL,
  SERVICE_ACCOUNT_LABEL,
  SERVICE_ACCOUNT_PREFIX,
} from "../policy/selector-text.js";
import { finding, type LintContext, type LintPolicy } from "./context.js";
import { selectorFields, type KeySpace } from "./selector-fields.js";

/** The name label Calico adds to every namespace and service account (`pcns.`/`pcsa.` prefixed on endpoints). */
const NAME_LABEL = "projectcalico.org/name";

/** Every label key the cluster's objects carry, by whose labels they are. */
export function clusterLabelKeys(s: Snapshot): Record<KeySpace, ReadonlySet<string>> {
  const namespace = new Set([NAME_LABEL, ...s.namespaces.flatMap((n) => Object.keys(n.labels))]);
  const serviceaccount = new Set([NAME_LABEL, ...s.serviceAccounts.flatMap((a) => Object.keys(a.labels))]);
  const endpoint = new Set([
    NAMESPACE_LABEL,
    ORCHESTRATOR_LABEL,
    SERVICE_ACCOUNT_LABEL,
    ...[...namespace].map((k) => NAMESPACE_PREFIX + k),
    ...[...serviceaccount].map((k) => SERVICE_ACCOUNT_PREFIX + k),
    ...[...s.workloads, ...s.workloadEndpoints, ...s.hostEndpoints, ...s.networkSets].flatMap((o) =>
      Object.keys(o.labels),
    ),
    ...s.profiles.flatMap((p) => Object.keys(p.labelsToApply)),
  ]);
  return { endpoint, namespace, serviceaccount };
}

const owners: Record<KeySpace, string> = {
  endpoint: "endpoint or network set",
  namespace: "namespace",
  serviceaccount: "service account",
};

/** A label-key-case finding with the policy and selector field it is about. */
export interface CaseFinding {
  policy: LintPolicy;
  field: FieldPath;
  issue: Issue;
}

/** Selector keys that differ only in case from keys the cluster uses, while nothing uses the key as written. */
export function labelKeyCase(ctx: LintContext): CaseFinding[] {
  const known = clusterLabelKeys(ctx.snapshot);
  const byLower: Record<KeySpace, Map<string, string[]>> = {
    endpoint: new Map(),
    namespace: new Map(),
    serviceaccount: new Map(),
  };
  for (const space of ["endpoint", "namespace", "serviceaccount"] as const) {
    for (const k of [...known[space]].sort()) {
      const list = byLower[space].get(k.toLowerCase()) ?? [];
      byLower[space].set(k.toLowerCase(), [...list, k]);
    }
  }
  const out: CaseFinding[] = [];
  for (const p of ctx.policies) {
    const seen = new Set<string>();
    for (const field of selectorFields(p.origin)) {
      for (const { key, path } of field.keys) {
        const id = `${formatPath(path)} ${key}`;
        if (known[field.space].has(key) || seen.has(id)) continue;
        const close = byLower[field.space].get(key.toLowerCase());
        if (close === undefined) continue;
        seen.add(id);
        const used = close.join(" or ");
        out.push({
          policy: p,
          field: field.path,
          issue: finding(ctx, p, path, {
            code: "label-key-case",
            severity: "warning",
            message: `${p.label}: no ${owners[field.space]} has label key ${key} (${formatPath(field.path)}); label keys are case-sensitive and the cluster uses ${used}`,
            fix: `did you mean ${close[0]!}?`,
          }),
        });
      }
    }
  }
  return out;
}
