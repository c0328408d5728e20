// Whether one compiled rule matches every flow another matches: sound (never claims a containment that does not
// hold), not complete (criteria it cannot compare exactly make it answer no).
import { cidrContains, type CIDR, type IPFamily } from "../net/ip.js";
import type {
  CompiledEntity,
  CompiledRule,
  ICMPConstraint,
  NetsByFamily,
  PortMatch,
  PortRange,
} from "../policy/ir.js";

const families: readonly IPFamily[] = [4, 6];

function entityVoid(e: CompiledEntity, f: IPFamily): boolean {
  return (
    (e.nets !== undefined && e.nets[f].length === 0) || (e.notNets !== undefined && e.notNets[f].length === 0)
  );
}

/** True when the rule can never match a flow of this family (ipVersion, or nets emptied for the family). */
function voidFor(r: CompiledRule, f: IPFamily): boolean {
  return (r.ipVersion !== undefined && r.ipVersion !== f) || entityVoid(r.src, f) || entityVoid(r.dst, f);
}

const disjoint = (a: CIDR, b: CIDR) => !cidrContains(a, b) && !cidrContains(b, a);

/** Every inner range lies inside the union of the outer ranges. */
function rangesCovered(inner: readonly PortRange[], outer: readonly PortRange[]): boolean {
  const merged: PortRange[] = [];
  for (const r of [...outer].sort((a, b) => a.min - b.min)) {
    const last = merged[merged.length - 1];
    if (last && r.min <= last.max + 1) last.max = Math.max(last.max, r.max);
    else merged.push({ ...r });
  }
  return inner.every((r) => merged.some((m) => m.min <= r.min && r.max <= m.max));
}

function rangesDisjoint(a: readonly PortRange[], b: readonly PortRange[]): boolean {
  return a.every((x) => b.every((y) => x.max < y.min || y.max < x.min));
}

function netsContain(outer: NetsByFamily | undefined, inner: NetsByFamily | undefined, f: IPFamily): boolean {
  if (outer === undefined) return true;
  return inner !== undefined && inner[f].every((c) => outer[f].some((o) => cidrContains(o, c)));
}

function notNetsContain(outer: CompiledEntity, inner: CompiledEntity, f: IPFamily): boolean {
  const excluded = outer.notNets?.[f];
  if (excluded === undefined) return true;
  if (inner.notNets && excluded.every((o) => inner.notNets![f].some((i) => cidrContains(i, o)))) return true;
  return inner.nets !== undefined && inner.nets[f].every((c) => excluded.every((o) => disjoint(o, c)));
}

function portsContain(outer: PortMatch | undefined, inner: PortMatch | undefined): boolean {
  if (outer === undefined) return true;
  return (
    inner !== undefined &&
    rangesCovered(inner.ranges, outer.ranges) &&
    inner.names.every((n) => outer.names.includes(n))
  );
}

function notPortsContain(outer: CompiledEntity, inner: CompiledEntity): boolean {
  const excluded = outer.notPorts;
  if (excluded === undefined) return true;
  // Named ports resolve through the side's selector, so names compare only under the same selector.
  const sameSelector = outer.selector?.text === inner.selector?.text;
  if (
    inner.notPorts &&
    rangesCovered(excluded.ranges, inner.notPorts.ranges) &&
    (excluded.names.length === 0 ||
      (sameSelector && excluded.names.every((n) => inner.notPorts!.names.includes(n))))
  )
    return true;
  return (
    inner.ports !== undefined &&
    inner.ports.names.length === 0 &&
    excluded.names.length === 0 &&
    rangesDisjoint(inner.ports.ranges, excluded.ranges)
  );
}

function entityContains(outer: CompiledEntity, inner: CompiledEntity, live: readonly IPFamily[]): boolean {
  if (outer.selector && outer.selector.text !== inner.selector?.text) return false;
  if (outer.notSelector && outer.notSelector.text !== inner.notSelector?.text) return false;
  for (const f of live) {
    if (!netsContain(outer.nets, inner.nets, f) || !notNetsContain(outer, inner, f)) return false;
  }
  return portsContain(outer.ports, inner.ports) && notPortsContain(outer, inner);
}

function icmpContains(outer: ICMPConstraint | undefined, inner: ICMPConstraint | undefined): boolean {
  if (outer === undefined) return true;
  if (outer.type !== undefined && inner?.type !== outer.type) return false;
  return outer.code === undefined || inner?.code === outer.code;
}

function notICMPContains(outer: ICMPConstraint | undefined, inner: CompiledRule): boolean {
  if (outer?.type === undefined) return true;
  const same = inner.notICMP?.type === outer.type && inner.notICMP.code === outer.code;
  return same || (inner.icmp?.type !== undefined && inner.icmp.type !== outer.type);
}

function protocolContains(outer: CompiledRule, inner: CompiledRule): boolean {
  if (outer.protocol !== undefined && inner.protocol !== outer.protocol) return false;
  if (
    outer.notProtocol !== undefined &&
    inner.notProtocol !== outer.notProtocol &&
    (inner.protocol === undefined || inner.protocol === outer.notProtocol)
  )
    return false;
  return icmpContains(outer.icmp, inner.icmp) && notICMPContains(outer.notICMP, inner);
}

/**
 * True when every flow `inner` matches is matched by `outer`. An outer rule with an application-layer match
 * (http, services) is never taken to contain anything, since it matches less than L3/L4 analysis shows.
 */
export function ruleContains(outer: CompiledRule, inner: CompiledRule): boolean {
  if (outer.uncertain !== undefined) return false;
  const live = families.filter((f) => !voidFor(inner, f));
  if (live.some((f) => voidFor(outer, f))) return false;
  return (
    protocolContains(outer, inner) &&
    entityContains(outer.src, inner.src, live) &&
    entityContains(outer.dst, inner.dst, live)
  );
}
