// The policy engine: compile a snapshot once, then evaluate flows with a full trace.
import type { Snapshot } from "../model/snapshot.js";
import { cidrContains, familyBits, parseIP, type IPAddress, type IPFamily } from "../net/ip.js";
import {
  buildEndpoints,
  buildNetworkSets,
  type Endpoint,
  type EndpointEntry,
  type LabelHolder,
} from "../policy/endpoints.js";
import { compilePolicies } from "../policy/compile-policy.js";
import type { CalicoVersion } from "../schema/schema.js";
import { suggest } from "../schema/suggest.js";
import type { FlowContext, FlowSide } from "./flow-context.js";
import { carriesPorts, formatEndpointRef } from "./flow-spec-parse.js";
import { forwardedSide, hostEndpointSide } from "./host-endpoint.js";
import { walkProfiles, walkTiers, type TierPolicies } from "./tier-walk.js";
import type {
  EndpointRef,
  EvalOptions,
  FlowSpec,
  FlowVerdict,
  ForwardVerdict,
  SideVerdict,
} from "./types.js";

/** The source port assumed when a flow names none: the first port of Linux's ephemeral range. */
export const EPHEMERAL_SOURCE_PORT = 32768;

/** A compiled snapshot, ready to answer many flows. */
export interface Engine {
  calicoVersion: CalicoVersion;
  tiers: TierPolicies[];
  /** Every endpoint in manifest order: workloads, pods, standalone workload endpoints, host endpoints. */
  endpoints: EndpointEntry[];
  byName: Map<string, EndpointEntry>;
  byIP: Map<string, EndpointEntry[]>;
  networkSets: LabelHolder[];
}

const ipKey = (ip: IPAddress) => `${ip.family}:${ip.value}`;

/** Compiles a snapshot: endpoints with effective labels, every policy in Calico's model, tiers in order. */
export function compileSnapshot(snapshot: Snapshot, options: { calicoVersion?: CalicoVersion } = {}): Engine {
  const calicoVersion = options.calicoVersion ?? "v3.31";
  const byTier = compilePolicies(snapshot, calicoVersion);
  const tiers = [...snapshot.tiers]
    .sort((a, b) => {
      const ao = a.order ?? Infinity;
      const bo = b.order ?? Infinity;
      return ao !== bo ? (ao < bo ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    })
    .map((tier) => ({ tier, policies: byTier.get(tier.name) ?? [] }));
  const byName = new Map<string, EndpointEntry>();
  const byIP = new Map<string, EndpointEntry[]>();
  const endpoints = buildEndpoints(snapshot);
  for (const e of endpoints) {
    const existing = byName.get(e.name);
    if (existing === undefined || (existing.pod && !e.pod)) byName.set(e.name, e);
    for (const ip of e.ips) {
      const list = byIP.get(ipKey(ip));
      if (list) list.push(e);
      else byIP.set(ipKey(ip), [e]);
    }
  }
  return { calicoVersion, tiers, endpoints, byName, byIP, networkSets: buildNetworkSets(snapshot) };
}

/** The endpoint a reference names, if the snapshot has it (no suggestions: this is the hot path). */
function lookupEndpoint(engine: Engine, ref: EndpointRef): Endpoint | undefined {
  if (ref.kind === "ip") {
    const ip = parseIP(ref.ip);
    return ip === undefined ? undefined : engine.byIP.get(ipKey(ip))?.[0]?.get();
  }
  return engine.byName.get(formatEndpointRef(ref))?.get();
}

/** Checks that an endpoint reference names something in the snapshot, suggesting the closest name if not. */
export function resolveEndpoint(
  engine: Engine,
  ref: EndpointRef,
): { ok: true; endpoint?: Endpoint } | { ok: false; error: string } {
  if (ref.kind === "ip" && parseIP(ref.ip) === undefined)
    return { ok: false, error: `${ref.ip} is not an IP address` };
  const endpoint = lookupEndpoint(engine, ref);
  if (endpoint || ref.kind === "ip") return endpoint ? { ok: true, endpoint } : { ok: true };
  const name = formatEndpointRef(ref);
  const close = suggest(name, engine.byName.keys());
  const what = ref.kind === "hostendpoint" ? "host endpoint" : "pod or workload";
  return {
    ok: false,
    error: `no ${what} ${name} in the loaded manifests${close ? `; did you mean ${close}?` : ""}`,
  };
}

function holdersFor(engine: Engine, ip: IPAddress | undefined, self: Endpoint | undefined): LabelHolder[] {
  if (ip === undefined) return [];
  const host = { family: ip.family, network: ip.value, prefix: familyBits(ip.family), hostBitsSet: false };
  const endpoints = (engine.byIP.get(ipKey(ip)) ?? [])
    .map((e) => e.get())
    .filter((e) => e !== self)
    .map((e) => ({ labels: e.labels, nets: [], endpoint: e }));
  const sets = engine.networkSets.filter((s) => s.nets.some((n) => cidrContains(n, host)));
  return [...endpoints, ...sets];
}

/** One side of a flow: the endpoint (if any), the address, and everything whose labels that address carries. */
export function flowSide(
  engine: Engine,
  endpoint: Endpoint | undefined,
  ip: IPAddress | undefined,
  port?: number,
): FlowSide {
  const out: FlowSide = { holders: holdersFor(engine, ip, endpoint) };
  if (endpoint) out.endpoint = endpoint;
  if (ip) out.ip = ip;
  if (port !== undefined) out.port = port;
  return out;
}

function side(engine: Engine, ref: EndpointRef, family: IPFamily, port: number | undefined): FlowSide {
  const endpoint = lookupEndpoint(engine, ref);
  const ip = ref.kind === "ip" ? parseIP(ref.ip) : endpoint?.ips.find((i) => i.family === family);
  return flowSide(engine, endpoint, ip, port);
}

/** The flow's IP family: from an IP given explicitly, else from the endpoints' addresses, else IPv4. */
function familyOf(engine: Engine, flow: FlowSpec): IPFamily {
  for (const ref of [flow.src, flow.dst]) {
    const ip = ref.kind === "ip" ? parseIP(ref.ip) : undefined;
    if (ip) return ip.family;
  }
  for (const ref of [flow.src, flow.dst]) {
    const ip = lookupEndpoint(engine, ref)?.ips[0];
    if (ip) return ip.family;
  }
  return 4;
}

function context(engine: Engine, flow: FlowSpec): FlowContext {
  const family = familyOf(engine, flow);
  const ctx: FlowContext = {
    family,
    protocol: flow.protocol,
    src: side(
      engine,
      flow.src,
      family,
      flow.srcPort ?? (carriesPorts(flow.protocol) ? EPHEMERAL_SOURCE_PORT : undefined),
    ),
    dst: side(engine, flow.dst, family, flow.dstPort),
  };
  if (flow.icmpType !== undefined) ctx.icmpType = flow.icmpType;
  if (flow.icmpCode !== undefined) ctx.icmpCode = flow.icmpCode;
  return ctx;
}

/** The verdict of one side: the endpoint's egress (as source) or ingress (as destination) for a prepared flow. */
export function evaluateSide(
  engine: Engine,
  endpoint: Endpoint | undefined,
  direction: "Ingress" | "Egress",
  ctx: FlowContext,
  pending: boolean,
  uncertain: string[],
): SideVerdict {
  if (endpoint === undefined)
    return { verdict: "allow", hits: [], reason: "not a Calico endpoint: no policy applies" };
  if (endpoint.hostNetwork)
    return {
      verdict: "allow",
      hits: [],
      reason: `${endpoint.description} uses the host network: no workload policy applies`,
    };
  if (endpoint.kind === "hostendpoint")
    return hostEndpointSide(engine.tiers, endpoint, direction, ctx, pending, uncertain);
  const outcome = walkTiers(engine.tiers, endpoint, direction, ctx, { pending });
  uncertain.push(...outcome.uncertain);
  if (outcome.decided) return { verdict: outcome.verdict, hits: outcome.hits };
  return walkProfiles(endpoint.profiles, direction, ctx, outcome.hits, uncertain);
}

/** The forwarding host endpoint's verdict, when the flow names one. */
function forwardVerdict(
  engine: Engine,
  flow: FlowSpec,
  ctx: FlowContext,
  pending: boolean,
  uncertain: string[],
): ForwardVerdict | undefined {
  if (flow.via === undefined) return undefined;
  const hep = lookupEndpoint(engine, flow.via);
  const hostEndpoint = formatEndpointRef(flow.via);
  const leaving = ctx.src.endpoint?.kind === "workload" && !ctx.src.endpoint.hostNetwork;
  const direction = leaving ? "egress" : "ingress";
  if (hep?.kind !== "hostendpoint") {
    return {
      direction,
      hostEndpoint,
      verdict: "allow",
      hits: [],
      reason: "not a host endpoint: no host policy applies",
    };
  }
  return {
    direction,
    hostEndpoint,
    ...forwardedSide(engine.tiers, hep, leaving ? "Egress" : "Ingress", ctx, pending, uncertain),
  };
}

/** Evaluates one connection opener: source egress, destination ingress and any forwarding host endpoint must allow. */
export function evaluateFlow(engine: Engine, flow: FlowSpec, options: EvalOptions = {}): FlowVerdict {
  const ctx = context(engine, flow);
  const pending = options.pending ?? false;
  const uncertain: string[] = [];
  const egress = evaluateSide(engine, ctx.src.endpoint, "Egress", ctx, pending, uncertain);
  const ingress = evaluateSide(engine, ctx.dst.endpoint, "Ingress", ctx, pending, uncertain);
  const forward = forwardVerdict(engine, flow, ctx, pending, uncertain);
  const allowed =
    egress.verdict === "allow" && ingress.verdict === "allow" && (forward?.verdict ?? "allow") === "allow";
  const verdict: FlowVerdict = { verdict: allowed ? "allow" : "deny", egress, ingress };
  if (forward) verdict.forward = forward;
  if (uncertain.length > 0) verdict.uncertain = [...new Set(uncertain)];
  return verdict;
}
