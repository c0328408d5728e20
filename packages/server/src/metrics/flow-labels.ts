// Label values the metrics take from an attributed flow: deciding hits, the policy strings and the ends' names.
import type { AttributedFlow, FlowVerdict, Hit, SideVerdict } from "@netward/core";

/** A side of a flow's verdict with its direction. */
export interface DirectedSide {
  direction: "ingress" | "egress";
  side: SideVerdict;
}

/** The sides of a verdict in the order a packet meets them: the source's egress, then the destination's ingress. */
export function sidesOf(v: FlowVerdict): DirectedSide[] {
  return [
    { direction: "egress", side: v.egress },
    { direction: "ingress", side: v.ingress },
  ];
}

/** The side that denied the flow (the first on the packet's path), if one did. */
export function denyingSide(v: FlowVerdict): DirectedSide | undefined {
  return sidesOf(v).find((s) => s.side.verdict === "deny");
}

/** The side whose verdict the source reported, for drift: the reported side, or for a whole-flow report the deciding one. */
export function driftSide(v: FlowVerdict, reported: "egress" | "ingress" | "verdict"): DirectedSide {
  if (reported === "egress") return { direction: "egress", side: v.egress };
  if (reported === "ingress") return { direction: "ingress", side: v.ingress };
  return (
    denyingSide(v) ??
    (v.ingress.hits.length > 0
      ? { direction: "ingress", side: v.ingress }
      : { direction: "egress", side: v.egress })
  );
}

/** A policy as `namespace/name`, or the name of a global policy or profile. */
export const qualifiedName = (hit: { namespace?: string; name: string }): string =>
  hit.namespace !== undefined ? `${hit.namespace}/${hit.name}` : hit.name;

/** The `policy` label of `calico_denied_*`: `<tier>|[<namespace>/]<name>|<ruleIndex>|deny` of the denying hit. */
export const deniedPolicyLabel = (hit: Hit): string =>
  `${hit.tier}|${qualifiedName(hit)}|${hit.ruleIndex}|deny`;

/** An end of a flow as `netward_denied_flows` names it: a pod, workload or host endpoint by name, else its address. */
export function endLabel(a: AttributedFlow, which: "src" | "dst"): string {
  const end = a[which];
  if (
    (end.kind === "pod" || end.kind === "workload" || end.kind === "hostendpoint") &&
    end.name !== undefined
  )
    return end.name;
  return a.flow[which].ip ?? end.name ?? "-";
}
