// The naive reference evaluator: re-derives every endpoint, policy and selector on each call, no caches.
import type { EvalOptions, FlowSpec } from "../eval/types.js";
import type { Snapshot } from "../model/snapshot.js";
import { allPolicies } from "./all-policies.js";
import { flowPeers } from "./peers.js";
import { hasPorts } from "./protocols.js";
import type { MatchContext } from "./rule-match.js";
import { sideVerdict } from "./tier-walk.js";
import { buildWorld } from "./world.js";

/** The source port assumed when a flow with ports gives none: the first port of Linux's ephemeral range. */
export const DEFAULT_SOURCE_PORT = 32768;

/** The reference verdict of a flow and of each side. */
export interface ReferenceVerdict {
  verdict: "allow" | "deny";
  egress: "allow" | "deny";
  ingress: "allow" | "deny";
}

/**
 * Evaluates a flow as Calico v3.31 enforces it: source egress (when the source is a workload endpoint) and
 * destination ingress (when the destination is one); any other end (external, unknown, host) allows.
 */
export function referenceVerdict(
  snapshot: Snapshot,
  flow: FlowSpec,
  options: EvalOptions = {},
): ReferenceVerdict {
  const world = buildWorld(snapshot);
  const policies = allPolicies(snapshot);
  const { src, dst, family } = flowPeers(world, flow);
  const ctx: MatchContext = {
    world,
    flow,
    src,
    dst,
    family,
    srcPort: flow.srcPort ?? (hasPorts(flow.protocol) ? DEFAULT_SOURCE_PORT : undefined),
  };
  const pending = options.pending === true;
  const egress =
    src.endpoint?.kind === "workload" ? sideVerdict(src.endpoint, "Egress", policies, ctx, pending) : "allow";
  const ingress =
    dst.endpoint?.kind === "workload"
      ? sideVerdict(dst.endpoint, "Ingress", policies, ctx, pending)
      : "allow";
  return { verdict: egress === "allow" && ingress === "allow" ? "allow" : "deny", egress, ingress };
}
