// Renders a verdict for people: one line per step of each side, in plain words.
import type { CompiledRule } from "../policy/ir.js";
import { describeRule } from "./describe-rule.js";
import type { Engine } from "./engine.js";
import { formatEndpointRef } from "./flow-spec-parse.js";
import type { FlowSpec, FlowVerdict, Hit, PolicyRef, SideVerdict } from "./types.js";

const kindWords: Readonly<Record<string, string>> = {
  NetworkPolicy: "Calico policy",
  GlobalNetworkPolicy: "global policy",
  StagedNetworkPolicy: "staged Calico policy",
  StagedGlobalNetworkPolicy: "staged global policy",
  KubernetesNetworkPolicy: "Kubernetes policy",
  StagedKubernetesNetworkPolicy: "staged Kubernetes policy",
  AdminNetworkPolicy: "admin policy",
  BaselineAdminNetworkPolicy: "baseline admin policy",
  Profile: "profile",
};

/** A policy as people name it: `shop/allow-web` or `security.block-dev`. */
export function policyName(ref: PolicyRef): string {
  return ref.namespace !== undefined ? `${ref.namespace}/${ref.name}` : ref.name;
}

/** The compiled rule a hit points at, if the engine still has it. */
function ruleOf(engine: Engine, hit: Hit, direction: "Ingress" | "Egress"): CompiledRule | undefined {
  const policy = engine.tiers
    .find((t) => t.tier.name === hit.tier)
    ?.policies.find(
      (p) => p.ref.kind === hit.kind && p.ref.name === hit.name && p.ref.namespace === hit.namespace,
    );
  return (direction === "Ingress" ? policy?.ingress : policy?.egress)?.[hit.ruleIndex];
}

/** One hit in plain words: the tier, policy, rule and action, or the end of tier with the policies that selected the endpoint. */
export function describeHit(engine: Engine, hit: Hit, direction: "Ingress" | "Egress"): string {
  const action = hit.action === "log" ? "Log" : hit.action[0]!.toUpperCase() + hit.action.slice(1);
  if (hit.tier === "__PROFILE__") {
    return hit.ruleIndex < 0
      ? `no profile rule matched -> Deny`
      : `profile ${hit.name} rule ${hit.ruleIndex} ${action} matched`;
  }
  if (hit.ruleIndex < 0) {
    const by = (hit.selectedBy ?? [])
      .map((p) => `${kindWords[p.kind] ?? p.kind} ${policyName(p)}`)
      .join(", ");
    return `tier ${hit.tier}: no rule matched -> ${action} (end of tier; policies that selected it: ${by})`;
  }
  const rule = ruleOf(engine, hit, direction);
  const what = rule ? ` (${describeRule(rule.rule)})` : "";
  return `tier ${hit.tier}, ${kindWords[hit.kind] ?? hit.kind} ${policyName(hit)} rule ${hit.ruleIndex} ${action} matched${what}`;
}

function sideLines(
  engine: Engine,
  label: string,
  side: SideVerdict,
  direction: "Ingress" | "Egress",
): string[] {
  const head = `  ${label}: ${side.verdict.toUpperCase()}`;
  const steps = side.hits.map((h) => `    ${describeHit(engine, h, direction)}`);
  if (side.reason && (side.hits.length === 0 || side.hits.at(-1)?.tier !== "__PROFILE__"))
    steps.push(`    ${side.reason}`);
  if (side.hits.length > 0 && side.hits.at(-1)?.action === "pass")
    steps.push("    no tier decided; the profiles apply");
  return [head, ...steps];
}

/** The whole explanation: the flow and verdict, then each side's steps. */
export function explainVerdict(
  engine: Engine,
  flow: FlowSpec,
  verdict: FlowVerdict,
  portText: string,
): string {
  const src = formatEndpointRef(flow.src);
  const dst = formatEndpointRef(flow.dst);
  const lines = [
    `${src} -> ${dst} ${portText}: ${verdict.verdict.toUpperCase()}`,
    ...sideLines(engine, `egress from ${src}`, verdict.egress, "Egress"),
    ...sideLines(engine, `ingress to ${dst}`, verdict.ingress, "Ingress"),
  ];
  if (verdict.forward) {
    const f = verdict.forward;
    lines.push(
      ...sideLines(
        engine,
        `forwarded (${f.direction}) through ${f.hostEndpoint}`,
        f,
        f.direction === "ingress" ? "Ingress" : "Egress",
      ),
    );
  }
  for (const u of verdict.uncertain ?? []) lines.push(`  uncertain: ${u}`);
  return lines.join("\n") + "\n";
}
