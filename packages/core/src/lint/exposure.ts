// `allow-all-from-internet` and `unprotected-namespace`: pods left open to every address, or to everyone.
import type { Issue } from "../model/issue.js";
import type { K8sLabelSelector } from "../model/k8s.js";
import type { CompiledEntity, CompiledRule } from "../policy/ir.js";
import { formatPath, type FieldPath } from "../schema/path.js";
import { parseSelector } from "../selector/index.js";
import { finding, nameList, type LintContext, type LintPolicy } from "./context.js";
import { rulePath, type RuleOrigin } from "./origins.js";

const emptyLabelSelector = (ls: K8sLabelSelector) =>
  Object.keys(ls.matchLabels).length === 0 && ls.matchExpressions.length === 0;

/** True when the policy, as written, selects every pod of each namespace it applies to. */
function selectsWholeNamespaces(p: LintPolicy): boolean {
  const o = p.origin;
  if (o.family === "k8s") return emptyLabelSelector(o.policy.podSelector);
  if (o.family === "admin")
    return "namespaces" in o.policy.subject || emptyLabelSelector(o.policy.subject.pods.podSelector);
  if (o.policy.serviceAccountSelector) return false;
  const parsed = parseSelector(o.policy.selector);
  return parsed.ok && parsed.selector.kind === "all";
}

/** The source of a rule that admits any address: no selector, and no nets or a /0 net. */
function anyAddress(e: CompiledEntity): string | undefined {
  if (e.selector || e.notSelector || e.notNets || e.ports || e.notPorts) return undefined;
  if (e.nets === undefined) return "no source constraint";
  const all = [...e.nets[4], ...e.nets[6]].filter((c) => c.prefix === 0);
  return all.length > 0 ? (all[0]!.family === 4 ? "0.0.0.0/0" : "::/0") : undefined;
}

/** True when the rule admits every protocol and port to every endpoint the policy selects. */
function allTraffic(r: CompiledRule): boolean {
  const d = r.dst;
  return (
    r.protocol === undefined &&
    r.notProtocol === undefined &&
    r.icmp === undefined &&
    r.notICMP === undefined &&
    r.uncertain === undefined &&
    !d.selector &&
    !d.notSelector &&
    !d.nets &&
    !d.notNets &&
    !d.ports &&
    !d.notPorts
  );
}

function openRulePath(at: RuleOrigin): FieldPath {
  const rule = rulePath("Ingress", at);
  return at.peer !== undefined ? [...rule, "from", at.peer] : rule;
}

/** Allow rules that admit every connection from any address to every pod of a namespace. */
export function allowAllFromInternet(ctx: LintContext): Issue[] {
  return ctx.policies.flatMap((p) => {
    if (!p.compiled.types.has("Ingress") || !selectsWholeNamespaces(p)) return [];
    const seen = new Set<string>();
    const scope =
      p.compiled.ref.namespace !== undefined
        ? `every pod of namespace ${p.compiled.ref.namespace}`
        : "every pod of the namespaces it selects";
    return p.compiled.ingress.flatMap((r, i) => {
      const source = anyAddress(r.src);
      if (r.action !== "Allow" || source === undefined || !allTraffic(r)) return [];
      const path = openRulePath(p.rules.Ingress[i]!);
      if (seen.has(formatPath(path))) return [];
      seen.add(formatPath(path));
      return [
        finding(ctx, p, path, {
          code: "allow-all-from-internet",
          severity: "warning",
          message: `${p.label}: ${formatPath(path)} allows every connection from any address (${source}) to ${scope}`,
          fix: "allow only the sources (selectors or address ranges) and ports that need access",
        }),
      ];
    });
  });
}

/** Namespaces with policed workloads that no enforced policy selects for ingress. */
export function unprotectedNamespaces(ctx: LintContext): Issue[] {
  const guarded = new Set<number>();
  for (const p of ctx.policies) {
    if (!p.compiled.staged && p.compiled.types.has("Ingress")) for (const i of p.selected) guarded.add(i);
  }
  return ctx.snapshot.namespaces.flatMap((ns) => {
    const members = ctx.endpoints.flatMap((e, i) =>
      e.ref.kind === "workload" && e.ref.namespace === ns.name ? [{ e, i }] : [],
    );
    if (members.length === 0 || members.some(({ i }) => guarded.has(i))) return [];
    const first = ctx.snapshot.workloads.find((w) => w.namespace === ns.name);
    const object = ns.source ?? first?.source;
    if (object === undefined) return [];
    const names = nameList(members.map(({ e }) => e.description));
    const what =
      members.length === 1 ? `its workload (${names})` : `any of its ${members.length} workloads (${names})`;
    return [
      finding(ctx, { source: object }, ns.source ? ["metadata", "name"] : ["metadata", "namespace"], {
        code: "unprotected-namespace",
        severity: "info",
        message: `Namespace ${ns.name}: no policy selects ${what} for ingress, so the kns.${ns.name} profile admits every connection to ${members.length === 1 ? "it" : "them"}`,
        fix: "add a default-deny ingress policy for the namespace (podSelector: {}, policyTypes: [Ingress]) and allow what is needed",
      }),
    ];
  });
}
