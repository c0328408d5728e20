// Host endpoint sides (SEMANTICS §6): failsafe ports, untracked and pre-DNAT policy, then normal host policy.
import type { Direction } from "../model/calico.js";
import type { Endpoint } from "../policy/endpoints.js";
import type { FlowContext } from "./flow-context.js";
import type { CompiledPolicy } from "../policy/ir.js";
import { selectingPolicies, walkProfiles, walkTiers, type TierPolicies } from "./tier-walk.js";
import type { Hit, SideVerdict } from "./types.js";

const TCP = 6;
const UDP = 17;

/** Felix's default failsafe ports, by direction: protocol and destination port. */
export const failsafePorts: Readonly<Record<Direction, readonly [number, number][]>> = {
  Ingress: [
    [TCP, 22],
    [UDP, 68],
    [TCP, 179],
    [TCP, 2379],
    [TCP, 2380],
    [TCP, 5473],
    [TCP, 6443],
    [TCP, 6666],
    [TCP, 6667],
  ],
  Egress: [
    [UDP, 53],
    [UDP, 67],
    [TCP, 179],
    [TCP, 2379],
    [TCP, 2380],
    [TCP, 5473],
    [TCP, 6443],
    [TCP, 6666],
    [TCP, 6667],
  ],
};

function isFailsafe(direction: Direction, ctx: FlowContext): boolean {
  const port = ctx.dst.port;
  return failsafePorts[direction].some(([protocol, p]) => protocol === ctx.protocol && p === port);
}

/** A walk over one class of policy; an Allow or Deny in it decides the side, otherwise the next stage runs. */
type Stage = { filter: (p: CompiledPolicy) => boolean; forcePass?: boolean };

/**
 * The stages every host endpoint side starts with: untracked policy (not on `*` endpoints, where Calico does
 * not support it), then pre-DNAT policy for traffic entering.
 */
function firstStages(endpoint: Endpoint, direction: Direction): Stage[] {
  return [
    ...(endpoint.interfaceName !== "*"
      ? [{ filter: (p: CompiledPolicy) => p.doNotTrack, forcePass: true }]
      : []),
    ...(direction === "Ingress" ? [{ filter: (p: CompiledPolicy) => p.preDNAT, forcePass: true }] : []),
  ];
}

/** Runs stages in order, collecting hits; the first stage that decides gives the side's verdict. */
function runStages(
  stages: readonly Stage[],
  tiers: readonly TierPolicies[],
  endpoint: Endpoint,
  direction: Direction,
  ctx: FlowContext,
  pending: boolean,
  hits: Hit[],
  uncertain: string[],
): SideVerdict | undefined {
  for (const stage of stages) {
    const outcome = walkTiers(tiers, endpoint, direction, ctx, { pending, ...stage });
    hits.push(...outcome.hits);
    uncertain.push(...outcome.uncertain);
    if (outcome.decided) return { verdict: outcome.verdict, hits };
  }
  return undefined;
}

/**
 * Traffic to or from a host process through a host endpoint: failsafes first, then untracked policy (an Allow
 * skips the rest), then pre-DNAT policy (ingress only), then normal policy with the endpoint's profiles.
 */
export function hostEndpointSide(
  tiers: readonly TierPolicies[],
  endpoint: Endpoint,
  direction: Direction,
  ctx: FlowContext,
  pending: boolean,
  uncertain: string[],
): SideVerdict {
  if (isFailsafe(direction, ctx)) {
    const port = ctx.dst.port ?? 0;
    return {
      verdict: "allow",
      hits: [],
      reason: `failsafe port ${ctx.protocol === TCP ? "tcp" : "udp"}/${port} (${direction.toLowerCase()})`,
    };
  }
  const hits: Hit[] = [];
  const stages = [
    ...firstStages(endpoint, direction),
    { filter: (p: CompiledPolicy) => !p.doNotTrack && !p.preDNAT },
  ];
  const decided = runStages(stages, tiers, endpoint, direction, ctx, pending, hits, uncertain);
  return decided ?? walkProfiles(endpoint.profiles, direction, ctx, hits, uncertain);
}

/**
 * Forwarded traffic through a host endpoint: untracked policy, then pre-DNAT (entering only), then the
 * applyOnForward policies; when none of those selects the endpoint in this direction, forwarding is allowed.
 */
export function forwardedSide(
  tiers: readonly TierPolicies[],
  endpoint: Endpoint,
  direction: Direction,
  ctx: FlowContext,
  pending: boolean,
  uncertain: string[],
): SideVerdict {
  const hits: Hit[] = [];
  const early = runStages(
    firstStages(endpoint, direction),
    tiers,
    endpoint,
    direction,
    ctx,
    pending,
    hits,
    uncertain,
  );
  if (early) return early;
  const forward = (p: CompiledPolicy) => p.applyOnForward && !p.doNotTrack && !p.preDNAT;
  const selected = tiers.some(
    (t) => selectingPolicies(t, endpoint, direction, { pending, filter: forward }).length > 0,
  );
  if (!selected) {
    return {
      verdict: "allow",
      hits,
      reason: "no applyOnForward policy selects this host endpoint: forwarded traffic is allowed",
    };
  }
  const decided = runStages([{ filter: forward }], tiers, endpoint, direction, ctx, pending, hits, uncertain);
  if (decided) return decided;
  uncertain.push(
    `${endpoint.description}: forwarded traffic passed every tier; netward denies it (forwarded traffic has no profiles)`,
  );
  return { verdict: "deny", hits, reason: "forwarded traffic passed every tier without a decision" };
}
