// Whether one rule matches one flow, criterion by criterion, as Felix renders it.
import type { FlowSpec } from "../eval/types.js";
import type { ICMPMatch } from "../model/calico.js";
import type { IPFamily } from "../net/ip.js";
import { matchSelector, type Selector } from "../selector/index.js";
import { containsIP, type Peer } from "./peers.js";
import type { RefEntity, RefRule } from "./policy.js";
import { cidrs, type World } from "./world.js";

/** What a rule is matched against: the world, the flow, its resolved ends and family. */
export interface MatchContext {
  world: World;
  flow: FlowSpec;
  src: Peer;
  dst: Peer;
  family: IPFamily;
  /** The flow's source port, defaulted for protocols with ports. */
  srcPort: number | undefined;
}

/**
 * A peer matches a selector when it is an endpoint whose labels match, or when its address lies in a
 * workload/host endpoint or network set whose labels match (Calico's selector IP sets).
 */
export function peerMatches(sel: Selector, peer: Peer, world: World): boolean {
  if (peer.endpoint && matchSelector(sel, peer.endpoint.labels)) return true;
  const ip = peer.ip;
  if (!ip) return false;
  return [...world.endpoints, ...world.networkSets].some(
    (m) => matchSelector(sel, m.labels) && m.nets.some((n) => containsIP(n, ip)),
  );
}

/**
 * A named port matches when an endpoint matching the positive selector (or any, without one) declares it
 * with the flow's port and the rule's named-port protocol, and that endpoint is the peer or holds its address.
 */
function namedPortMatches(
  name: string,
  protocol: number,
  port: number,
  e: RefEntity,
  peer: Peer,
  ctx: MatchContext,
): boolean {
  return ctx.world.endpoints.some(
    (m) =>
      (m === peer.endpoint || (peer.ip !== undefined && m.nets.some((n) => containsIP(n, peer.ip!)))) &&
      (!e.selector || matchSelector(e.selector, m.labels)) &&
      m.ports.some((p) => p.name === name && p.protocol === protocol && p.port === port),
  );
}

/** One entry of `ports`/`notPorts`: a number, `"min:max"`, a numeric string, or a port name. */
function portMatches(
  entry: number | string,
  port: number | undefined,
  e: RefEntity,
  peer: Peer,
  ctx: MatchContext,
  namedProtocol: number,
): boolean {
  if (typeof entry === "number") return port === entry;
  const range = /^(\d+):(\d+)$/.exec(entry);
  if (range) return port !== undefined && port >= Number(range[1]) && port <= Number(range[2]);
  if (/^\d+$/.test(entry)) return port === Number(entry);
  return (
    port !== undefined &&
    ctx.flow.protocol === namedProtocol &&
    namedPortMatches(entry, namedProtocol, port, e, peer, ctx)
  );
}

/** Nets of the flow's family; undefined when the filter empties a field that had entries (the rule then never matches). */
function familyNets(nets: readonly string[], family: IPFamily): string[] | undefined {
  const kept = nets.filter((n) => n.includes(":") === (family === 6));
  return nets.length > 0 && kept.length === 0 ? undefined : kept;
}

function entityMatches(
  e: RefEntity,
  peer: Peer,
  port: number | undefined,
  namedProtocol: number,
  ctx: MatchContext,
): boolean {
  const nets = familyNets(e.nets, ctx.family);
  const notNets = familyNets(e.notNets, ctx.family);
  if (nets === undefined || notNets === undefined) return false;
  const ip = peer.ip;
  if (nets.length > 0 && !(ip && cidrs(nets).some((n) => containsIP(n, ip)))) return false;
  if (ip && cidrs(notNets).some((n) => containsIP(n, ip))) return false;
  if (e.selector && !peerMatches(e.selector, peer, ctx.world)) return false;
  if (e.notSelector && peerMatches(e.notSelector, peer, ctx.world)) return false;
  const matches = (entry: number | string): boolean => portMatches(entry, port, e, peer, ctx, namedProtocol);
  if (e.ports.length > 0 && !e.ports.some(matches)) return false;
  return !e.notPorts.some(matches);
}

/** An ICMP criterion exists only with a type (Felix drops a code without a type); the code narrows it. */
function icmpMatches(m: ICMPMatch, flow: FlowSpec): boolean {
  if (m.type === undefined) return true;
  return m.type === flow.icmpType && (m.code === undefined || m.code === flow.icmpCode);
}

/** Felix resolves named ports for TCP unless the rule's protocol is UDP or SCTP. */
function namedPortProtocol(r: RefRule): number {
  return r.protocol === 17 || r.protocol === 132 ? r.protocol : 6;
}

/** True when every criterion of the rule holds for the flow (`http` and `services` are not L3/L4: ignored). */
export function ruleMatches(r: RefRule, ctx: MatchContext): boolean {
  const { flow } = ctx;
  if (r.ipVersion !== undefined && r.ipVersion !== ctx.family) return false;
  if (r.protocol !== undefined && r.protocol !== flow.protocol) return false;
  if (r.notProtocol !== undefined && r.notProtocol === flow.protocol) return false;
  if (r.icmp && !icmpMatches(r.icmp, flow)) return false;
  if (r.notICMP?.type !== undefined && icmpMatches(r.notICMP, flow)) return false;
  const named = namedPortProtocol(r);
  return (
    entityMatches(r.source, ctx.src, ctx.srcPort, named, ctx) &&
    entityMatches(r.destination, ctx.dst, flow.dstPort, named, ctx)
  );
}
