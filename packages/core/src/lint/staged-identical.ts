// `staged-identical`: a staged policy whose spec, after defaults, equals the enforced policy it would replace.
import type { CalicoPolicy, CalicoRule, EntityRule, StagedK8sPolicy } from "../model/calico.js";
import type { Issue } from "../model/issue.js";
import type { K8sNetworkPolicy } from "../model/k8s.js";
import type { SourceRef } from "../model/source.js";
import { protocolNumber } from "../load/kinds/calico-values.js";
import { k8sPolicyInput } from "../policy/k8s-to-calico.js";
import { parseSelector, printSelector } from "../selector/index.js";
import { finding, where, type LintContext } from "./context.js";

/** A selector in canonical form, so spacing, quoting and set order do not count as differences. */
function canonical(text: string | undefined): string | undefined {
  if (text === undefined || text === "") return text;
  const parsed = parseSelector(text);
  return parsed.ok ? printSelector(parsed.selector) : text;
}

function entity(e: EntityRule): unknown {
  return {
    ...e,
    selector: canonical(e.selector),
    notSelector: canonical(e.notSelector),
    namespaceSelector: canonical(e.namespaceSelector),
    serviceAccounts: e.serviceAccounts && {
      ...e.serviceAccounts,
      selector: canonical(e.serviceAccounts.selector),
    },
  };
}

function rule(r: CalicoRule): unknown {
  const protocol = (p: number | string | undefined) => (p === undefined ? p : (protocolNumber(p) ?? p));
  return {
    ...r,
    protocol: protocol(r.protocol),
    notProtocol: protocol(r.notProtocol),
    source: entity(r.source),
    destination: entity(r.destination),
  };
}

/** JSON with keys sorted and undefined members dropped: equal for equal specs whatever the key order. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function calicoSpec(p: CalicoPolicy): string {
  return stable({
    tier: p.tier,
    order: p.order,
    selector: canonical(p.selector) ?? "",
    namespaceSelector: canonical(p.namespaceSelector),
    serviceAccountSelector: canonical(p.serviceAccountSelector),
    types: [...p.types].sort(),
    ingress: p.ingress.map(rule),
    egress: p.egress.map(rule),
    doNotTrack: p.doNotTrack,
    preDNAT: p.preDNAT,
    applyOnForward: p.applyOnForward,
  });
}

/** A Kubernetes policy as Calico converts it: selectors printed canonically, ports grouped, defaults applied. */
function k8sSpec(p: K8sNetworkPolicy | StagedK8sPolicy): string {
  const { spec } = k8sPolicyInput(p, false);
  return stable({ ...spec, types: [...spec.types].sort() });
}

function report(
  ctx: LintContext,
  staged: { source: SourceRef },
  label: string,
  twin: string,
  at: string,
): Issue {
  return finding(ctx, staged, ["metadata", "name"], {
    code: "staged-identical",
    severity: "info",
    message: `${label}: identical to the enforced ${twin} (${at}), so staging it previews no change`,
    fix: "delete the staged policy: what it proposes is already enforced",
  });
}

/** Staged policies (stagedAction Set) identical to their enforced twin of the same name, namespace and tier. */
export function stagedIdentical(ctx: LintContext): Issue[] {
  const s = ctx.snapshot;
  const out: Issue[] = [];
  for (const p of s.calicoPolicies) {
    if (!p.kind.startsWith("Staged") || p.stagedAction !== "Set") continue;
    const kind = p.kind.replace("Staged", "");
    const twin = s.calicoPolicies.find(
      (q) => q.kind === kind && q.name === p.name && q.namespace === p.namespace && q.tier === p.tier,
    );
    if (twin === undefined || calicoSpec(twin) !== calicoSpec(p)) continue;
    const name = `${p.namespace !== undefined ? `${p.namespace}/` : ""}${p.name}`;
    out.push(report(ctx, p, `${p.kind} ${name}`, `${kind} ${name}`, where(ctx, twin, ["metadata", "name"])));
  }
  for (const p of s.stagedK8sPolicies) {
    if (p.stagedAction !== "Set") continue;
    const twin = s.k8sPolicies.find((q) => q.name === p.name && q.namespace === p.namespace);
    if (twin === undefined || k8sSpec(twin) !== k8sSpec(p)) continue;
    const name = `${p.namespace}/${p.name}`;
    const label = `StagedKubernetesNetworkPolicy ${name}`;
    out.push(report(ctx, p, label, `NetworkPolicy ${name}`, where(ctx, twin, ["metadata", "name"])));
  }
  return out;
}
