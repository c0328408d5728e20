// Endpoints and external address ranges grouped into classes that every rule treats alike.
import { flowSide, type Engine } from "../eval/engine.js";
import type { FlowSide } from "../eval/flow-context.js";
import type { CIDR, IPAddress, IPFamily } from "../net/ip.js";
import type { Endpoint } from "../policy/endpoints.js";
import type { CompiledRule, NetsByFamily } from "../policy/ir.js";
import { AddressCuts } from "../sets/ip-ranges.js";

/** A set of endpoints (or of external addresses) that no rule, selector or net can tell apart. */
export interface EndpointClass {
  id: number;
  /** The representative endpoint; absent for external addresses. */
  endpoint?: Endpoint;
  /** The representative address of each family, if it has one. */
  ips: Partial<Record<IPFamily, IPAddress>>;
  /** The family a flow from or to it uses when the other end does not decide: its first address's. */
  family?: IPFamily;
}

function rulesNets(rules: readonly CompiledRule[], into: CIDR[]): void {
  const add = (nets: NetsByFamily | undefined) => nets && into.push(...nets[4], ...nets[6]);
  for (const r of rules) {
    add(r.src.nets);
    add(r.src.notNets);
    add(r.dst.nets);
    add(r.dst.notNets);
  }
}

/** Every CIDR the engine's rules and network sets contain: the edges that split the address space. */
export function engineCIDRs(engine: Engine): CIDR[] {
  const out: CIDR[] = [];
  for (const { policies } of engine.tiers) {
    for (const p of policies) {
      rulesNets(p.ingress, out);
      rulesNets(p.egress, out);
    }
  }
  const profiles = new Set(engine.endpoints.flatMap((e) => e.get().profiles));
  for (const p of profiles) {
    rulesNets(p.ingress, out);
    rulesNets(p.egress, out);
  }
  for (const s of engine.networkSets) out.push(...s.nets);
  return out;
}

const ipKey = (ip: IPAddress) => `${ip.family}:${ip.value}`;

/** Assigns endpoints and external addresses to classes, and prepares each class's flow side per family. */
export class ClassRegistry {
  readonly cuts: Record<IPFamily, AddressCuts>;
  readonly classes: EndpointClass[] = [];
  /** Each class's key, by id: two registries with equal keys number the same classes alike. */
  readonly keys: string[] = [];
  readonly #byKey = new Map<string, EndpointClass>();
  readonly #byEndpoint = new WeakMap<Endpoint, EndpointClass>();
  readonly #sides = new Map<number, FlowSide>();

  constructor(readonly engine: Engine) {
    const cidrs = engineCIDRs(engine);
    this.cuts = { 4: new AddressCuts(4, cidrs), 6: new AddressCuts(6, cidrs) };
  }

  #make(key: string, make: (id: number) => EndpointClass): EndpointClass {
    let c = this.#byKey.get(key);
    if (c === undefined) {
      c = make(this.classes.length);
      this.#byKey.set(key, c);
      this.classes.push(c);
      this.keys.push(key);
    }
    return c;
  }

  /** The class of an endpoint. */
  ofEndpoint(endpoint: Endpoint): EndpointClass {
    const known = this.#byEndpoint.get(endpoint);
    if (known) return known;
    const ips: Partial<Record<IPFamily, IPAddress>> = {};
    for (const ip of endpoint.ips) ips[ip.family] ??= ip;
    const atom = (f: IPFamily) => (ips[f] ? this.cuts[f].atomOf(ips[f].value) : -1);
    const shared = endpoint.ips.some((ip) => (this.engine.byIP.get(ipKey(ip))?.length ?? 0) > 1);
    const key = JSON.stringify([
      endpoint.labelKey,
      endpoint.kind,
      endpoint.hostNetwork,
      endpoint.interfaceName === "*",
      endpoint.ports,
      endpoint.ips[0]?.family ?? 0,
      atom(4),
      atom(6),
      shared ? `${endpoint.kind}:${endpoint.description}` : "",
    ]);
    const c = this.#make(key, (id) => {
      const out: EndpointClass = { id, endpoint, ips };
      if (endpoint.ips[0]) out.family = endpoint.ips[0].family;
      return out;
    });
    this.#byEndpoint.set(endpoint, c);
    return c;
  }

  /** The class of an external address (one that no endpoint has). */
  ofAddress(ip: IPAddress): EndpointClass {
    const key = `x|${ip.family}|${this.cuts[ip.family].atomOf(ip.value)}`;
    return this.#make(key, (id) => ({ id, ips: { [ip.family]: ip }, family: ip.family }));
  }

  /** The flow side of a class's representative for a family (cached). */
  side(c: EndpointClass, family: IPFamily): FlowSide {
    const key = c.id * 2 + (family === 4 ? 0 : 1);
    let side = this.#sides.get(key);
    if (side === undefined) this.#sides.set(key, (side = flowSide(this.engine, c.endpoint, c.ips[family])));
    return side;
  }
}

/** The family of a flow between two classes, as the engine picks it: an external end's, else the source's first address's. */
export function pairFamily(src: EndpointClass, dst: EndpointClass): IPFamily {
  if (!src.endpoint && src.family) return src.family;
  if (!dst.endpoint && dst.family) return dst.family;
  return src.family ?? dst.family ?? 4;
}
