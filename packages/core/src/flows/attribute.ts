// Attribution: the engine's verdict and trace for a flow record, and whether the dataplane's report disagrees (drift).
import { evaluateFlow, type Engine } from "../eval/engine.js";
import type { FlowSpec, FlowVerdict, SideVerdict } from "../eval/types.js";
import { resolveEnd, type ResolvedEnd } from "./enrich.js";
import type { Flow } from "./flow.js";

/** A flow with what its ends are, the model's verdicts, and any disagreement with what the source reported. */
export interface AttributedFlow {
  flow: Flow;
  src: ResolvedEnd;
  dst: ResolvedEnd;
  /** The engine's verdicts; absent when an end cannot be evaluated (no address and no known endpoint). */
  enforced?: FlowVerdict;
  pending?: FlowVerdict;
  /** Why there is no verdict. */
  unattributed?: string;
  /** The source reported one verdict and the model gives the other, for the side that reported. */
  drift?: { reported: "allow" | "deny"; model: "allow" | "deny"; side: "egress" | "ingress" | "verdict" };
}

/** The side whose verdict a source reports: the source's egress, the destination's ingress, or the whole flow. */
function reportedSide(
  flow: Flow,
  verdict: FlowVerdict,
): { side: "egress" | "ingress" | "verdict"; v: SideVerdict | FlowVerdict } {
  if (flow.reporter === "src") return { side: "egress", v: verdict.egress };
  if (flow.reporter === "dst") return { side: "ingress", v: verdict.ingress };
  return { side: "verdict", v: verdict };
}

/** Attributes one flow: resolves its ends, evaluates it enforced and pending, and compares with the report. */
export function attributeFlow(engine: Engine, flow: Flow): AttributedFlow {
  const src = resolveEnd(engine, flow.src);
  const dst = resolveEnd(engine, flow.dst);
  const out: AttributedFlow = { flow, src, dst };
  if (src.ref === undefined || dst.ref === undefined) {
    out.unattributed = `the ${src.ref === undefined ? "source" : "destination"} has no address and no known name`;
    return out;
  }
  const spec: FlowSpec = { src: src.ref, dst: dst.ref, protocol: flow.protocol };
  if (flow.dst.port !== undefined) spec.dstPort = flow.dst.port;
  if (flow.src.port !== undefined) spec.srcPort = flow.src.port;
  if (flow.icmpType !== undefined) spec.icmpType = flow.icmpType;
  if (flow.icmpCode !== undefined) spec.icmpCode = flow.icmpCode;
  out.enforced = evaluateFlow(engine, spec);
  out.pending = evaluateFlow(engine, spec, { pending: true });
  if (flow.action !== undefined) {
    const { side, v } = reportedSide(flow, out.enforced);
    if (v.verdict !== flow.action) out.drift = { reported: flow.action, model: v.verdict, side };
  }
  return out;
}
