// Whether one compiled rule matches a flow, criterion by criterion as Felix renders it.
import { cidrContains, familyBits, type IPFamily } from "../net/ip.js";
import type {
  CompiledEntity,
  CompiledRule,
  CompiledSelector,
  ICMPConstraint,
  NetsByFamily,
  PortMatch,
} from "../policy/ir.js";
import type { FlowContext, FlowSide } from "./flow-context.js";

/** True when a selector matches a side: its endpoint's labels, or any label holder behind its IP. */
export function selectorMatchesSide(sel: CompiledSelector, side: FlowSide): boolean {
  if (side.endpoint && sel.matches(side.endpoint.labels)) return true;
  return side.holders.some((h) => sel.matches(h.labels));
}

/** True when the side's address is in one of the nets of the flow's family. */
export function inNets(nets: NetsByFamily, family: IPFamily, side: FlowSide): boolean {
  const ip = side.ip;
  if (ip === undefined || ip.family !== family) return false;
  const host = { family, network: ip.value, prefix: familyBits(family), hostBitsSet: false };
  return nets[family].some((n) => cidrContains(n, host));
}

/** A named port matches when an endpoint on this side that the positive selector picks declares it. */
function namedPortMatches(name: string, entity: CompiledEntity, protocol: number, side: FlowSide): boolean {
  const port = side.port;
  if (port === undefined) return false;
  const endpoints = [side.endpoint, ...side.holders.map((h) => h.endpoint)].filter((e) => e !== undefined);
  return endpoints.some(
    (e) =>
      (entity.selector === undefined || entity.selector.matches(e.labels)) &&
      e.ports.some((p) => p.name === name && p.protocol === protocol && p.port === port),
  );
}

function portMatches(ports: PortMatch, entity: CompiledEntity, protocol: number, side: FlowSide): boolean {
  const port = side.port;
  if (port !== undefined && ports.ranges.some((r) => port >= r.min && port <= r.max)) return true;
  return ports.names.some((n) => namedPortMatches(n, entity, protocol, side));
}

function entityMatches(entity: CompiledEntity, ctx: FlowContext, side: FlowSide): boolean {
  if (entity.nets && (entity.nets[ctx.family].length === 0 || !inNets(entity.nets, ctx.family, side)))
    return false;
  if (entity.notNets && (entity.notNets[ctx.family].length === 0 || inNets(entity.notNets, ctx.family, side)))
    return false;
  if (entity.selector && !selectorMatchesSide(entity.selector, side)) return false;
  if (entity.notSelector && selectorMatchesSide(entity.notSelector, side)) return false;
  if (entity.ports && !portMatches(entity.ports, entity, ctx.protocol, side)) return false;
  if (entity.notPorts && portMatches(entity.notPorts, entity, ctx.protocol, side)) return false;
  return true;
}

function icmpMatches(c: ICMPConstraint, ctx: FlowContext): boolean {
  if (c.type !== undefined && ctx.icmpType !== c.type) return false;
  if (c.code !== undefined && ctx.icmpCode !== c.code) return false;
  return true;
}

/** True when every criterion of the rule matches the flow. */
export function ruleMatches(rule: CompiledRule, ctx: FlowContext): boolean {
  if (rule.ipVersion !== undefined && rule.ipVersion !== ctx.family) return false;
  if (rule.protocol !== undefined && rule.protocol !== ctx.protocol) return false;
  if (rule.notProtocol !== undefined && rule.notProtocol === ctx.protocol) return false;
  if (rule.icmp && !icmpMatches(rule.icmp, ctx)) return false;
  if (rule.notICMP && rule.notICMP.type !== undefined && icmpMatches(rule.notICMP, ctx)) return false;
  return entityMatches(rule.src, ctx, ctx.src) && entityMatches(rule.dst, ctx, ctx.dst);
}
