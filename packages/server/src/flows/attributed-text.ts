// Attributed flows as text for people: where and when, the ends as the snapshot knew them, the model's verdict per side, drift.
import {
  policyName,
  protocolName,
  type AttributedFlow,
  type FlowVerdict,
  type Hit,
  type SideVerdict,
} from "@netward/core";

/** A protocol in lower case as flow lines write it (`tcp`, `icmpv6`), or `proto <n>` for one without a name. */
export function protocolText(protocol: number): string {
  const name = protocolName(protocol);
  return /^\d+$/.test(name) ? `proto ${protocol}` : name.toLowerCase();
}

const kindNames: Readonly<Record<string, string>> = {
  KubernetesNetworkPolicy: "knp",
  StagedKubernetesNetworkPolicy: "staged knp",
  NetworkPolicy: "np",
  StagedNetworkPolicy: "staged np",
  GlobalNetworkPolicy: "gnp",
  StagedGlobalNetworkPolicy: "staged gnp",
  AdminNetworkPolicy: "anp",
  BaselineAdminNetworkPolicy: "banp",
};

/** A hit as `tier|kind name|rule n action`, or the end of a tier with the policies that selected the endpoint. */
function hitText(hit: Hit): string {
  if (hit.tier === "__PROFILE__")
    return hit.ruleIndex < 0 ? "no profile rule matched" : `profile ${hit.name} rule ${hit.ruleIndex}`;
  if (hit.ruleIndex < 0) {
    const by = (hit.selectedBy ?? []).map(policyName);
    return `end of tier ${hit.tier}${by.length > 0 ? ` (selected by ${by.join(", ")})` : ""}`;
  }
  return `${hit.tier}|${kindNames[hit.kind] ?? hit.kind} ${policyName(hit)}|rule ${hit.ruleIndex}`;
}

function sideText(side: SideVerdict): string {
  const last = side.hits.at(-1);
  if (last === undefined) return `${side.verdict}${side.reason !== undefined ? ` (${side.reason})` : ""}`;
  return `${side.verdict} by ${hitText(last)}`;
}

function verdictText(v: FlowVerdict): string {
  const forward = v.forward ? `; forward ${v.forward.hostEndpoint} ${sideText(v.forward)}` : "";
  return `${v.verdict} (egress ${sideText(v.egress)}; ingress ${sideText(v.ingress)}${forward})`;
}

function endText(a: AttributedFlow, which: "src" | "dst"): string {
  const end = a[which];
  const reported = a.flow[which];
  const name = end.name ?? reported.ip ?? reported.name ?? "?";
  return `${end.kind} ${name}`;
}

/** One line for an attributed flow; the source's position comes first so a line can be found in its file. */
export function attributedText(a: AttributedFlow): string {
  const f = a.flow;
  const where = `${f.origin.file ?? "-"}:${f.origin.line ?? `@${f.origin.offset ?? "?"}`}`;
  const protocol = protocolText(f.protocol);
  const port =
    f.dst.port !== undefined
      ? `/${f.dst.port}`
      : f.icmpType !== undefined
        ? ` type ${f.icmpType}${f.icmpCode !== undefined ? ` code ${f.icmpCode}` : ""}`
        : "";
  const parts = [
    `${where} ${new Date(f.start).toISOString()} ${endText(a, "src")} -> ${endText(a, "dst")} ${protocol}${port}`,
    f.action !== undefined ? `reported ${f.action}${f.reporter ? ` by ${f.reporter}` : ""}` : "reported -",
  ];
  if (a.enforced === undefined) parts.push(`not attributed: ${a.unattributed ?? "unknown"}`);
  else {
    parts.push(`model ${verdictText(a.enforced)}`);
    if (a.pending && JSON.stringify(a.pending) !== JSON.stringify(a.enforced))
      parts.push(`pending ${verdictText(a.pending)}`);
  }
  if (a.drift) parts.push(`DRIFT: ${a.drift.side} reported ${a.drift.reported}, model says ${a.drift.model}`);
  return parts.join(" | ");
}
