// Sets of connections (protocol and destination port), interned so equal sets share one object and one id.
import { carriesPorts } from "../eval/flow-spec-parse.js";
import {
  formatIntervals,
  intersectIntervals,
  normalizeIntervals,
  sameIntervals,
  unionIntervals,
  type Interval,
  type Intervals,
} from "./intervals.js";

/** An interned set of connections: per protocol the allowed destination ports, and a default for every other protocol. */
export interface ConnSet {
  /** Small integer unique among the sets of one interner. */
  readonly id: number;
  /** Protocols whose allowed ports differ from the default, by protocol number, ascending. */
  readonly protocols: ReadonlyMap<number, Intervals>;
  /** Whether every protocol not in `protocols` is allowed on every port. */
  readonly others: boolean;
}

/** Every port of a protocol: 1-65535 for TCP, UDP, SCTP and UDPLite; a single point 0 for protocols without ports. */
export function fullPorts(protocol: number): Intervals {
  return carriesPorts(protocol) ? [[1, 65535]] : [[0, 0]];
}

const none: Intervals = [];

/** Creates interned connection sets and intersects them with memoisation. */
export class ConnSets {
  readonly #byKey = new Map<string, ConnSet>();
  readonly #meets = new Map<number, ConnSet>();
  readonly #list: ConnSet[] = [];
  /** The empty set. */
  readonly none: ConnSet;
  /** Every protocol, every port. */
  readonly all: ConnSet;

  constructor() {
    this.none = this.make(new Map(), false);
    this.all = this.make(new Map(), true);
  }

  /** The interned set with these per-protocol ports (any form) and this default for unlisted protocols. */
  make(protocols: ReadonlyMap<number, readonly Interval[]>, others: boolean): ConnSet {
    const kept = [...protocols]
      .map(([p, ports]) => [p, normalizeIntervals(ports)] as const)
      .filter(([p, ports]) => !sameIntervals(ports, others ? fullPorts(p) : none))
      .sort((a, b) => a[0] - b[0]);
    const key = `${others ? 1 : 0}|${kept.map(([p, ports]) => `${p}:${ports.map(([a, b]) => `${a}-${b}`).join(",")}`).join(";")}`;
    let set = this.#byKey.get(key);
    if (set === undefined) {
      set = { id: this.#list.length, protocols: new Map(kept), others };
      this.#byKey.set(key, set);
      this.#list.push(set);
    }
    return set;
  }

  /** How many distinct sets exist. */
  get size(): number {
    return this.#list.length;
  }

  /** The ports a set allows for one protocol. */
  ports(set: ConnSet, protocol: number): Intervals {
    return set.protocols.get(protocol) ?? (set.others ? fullPorts(protocol) : none);
  }

  /** The connections both sets allow (memoised by id pair). */
  intersect(a: ConnSet, b: ConnSet): ConnSet {
    if (a === b || b === this.all || a === this.none) return a;
    if (a === this.all || b === this.none) return b;
    const memo = a.id < b.id ? a.id * 0x100000 + b.id : b.id * 0x100000 + a.id;
    let out = this.#meets.get(memo);
    if (out === undefined) {
      const protocols = new Map<number, Intervals>();
      for (const p of new Set([...a.protocols.keys(), ...b.protocols.keys()]))
        protocols.set(p, intersectIntervals(this.ports(a, p), this.ports(b, p)));
      out = this.make(protocols, a.others && b.others);
      this.#meets.set(memo, out);
    }
    return out;
  }

  /** The connections either set allows. */
  union(a: ConnSet, b: ConnSet): ConnSet {
    const protocols = new Map<number, Intervals>();
    for (const p of new Set([...a.protocols.keys(), ...b.protocols.keys()]))
      protocols.set(p, unionIntervals(this.ports(a, p), this.ports(b, p)));
    return this.make(protocols, a.others || b.others);
  }

  /** The part of `set` on one protocol and one port range (a `--port` filter). */
  restrict(set: ConnSet, protocol: number, ports: Intervals): ConnSet {
    return this.make(new Map([[protocol, intersectIntervals(this.ports(set, protocol), ports)]]), false);
  }

  /** True when the set allows the protocol on the port (ignored for protocols without ports). */
  allows(set: ConnSet, protocol: number, port: number | undefined): boolean {
    const ports = this.ports(set, protocol);
    if (!carriesPorts(protocol)) return ports.length > 0;
    return port !== undefined && ports.some(([a, b]) => port >= a && port <= b);
  }
}

const protocolNames: Readonly<Record<number, string>> = {
  1: "ICMP",
  6: "TCP",
  17: "UDP",
  58: "ICMPv6",
  132: "SCTP",
  136: "UDPLite",
};

/** A protocol's name as Calico writes it, or its number. */
export function protocolName(protocol: number): string {
  return protocolNames[protocol] ?? String(protocol);
}

/** One entry of a set's JSON form: a protocol and, for protocols with ports, the allowed port intervals. */
export interface ConnEntry {
  /** Protocol name, or `*` for every protocol not listed before it (all ports). */
  protocol: string;
  ports?: [number, number][];
}

/** The JSON form: `"all"`, or the protocols allowed (a denied protocol listed with empty ports when a `*` entry follows). */
export function connEntries(set: ConnSet): "all" | ConnEntry[] {
  if (set.others && set.protocols.size === 0) return "all";
  const out: ConnEntry[] = [];
  for (const [p, ports] of set.protocols) {
    if (!carriesPorts(p)) {
      out.push(ports.length > 0 ? { protocol: protocolName(p) } : { protocol: protocolName(p), ports: [] });
      continue;
    }
    out.push({ protocol: protocolName(p), ports: ports.map(([a, b]) => [a, b]) });
  }
  if (set.others) out.push({ protocol: "*" });
  return out;
}

/** The text form: `all`, `none`, or e.g. `TCP 80, 8000-8080; UDP 53; ICMP; every other protocol`. */
export function formatConnSet(set: ConnSet): string {
  if (set.others && set.protocols.size === 0) return "all";
  if (!set.others && set.protocols.size === 0) return "none";
  const parts: string[] = [];
  for (const [p, ports] of set.protocols) {
    const name = protocolName(p);
    if (ports.length === 0) parts.push(`no ${name}`);
    else if (!carriesPorts(p)) parts.push(name);
    else
      parts.push(
        sameIntervals(ports, fullPorts(p)) ? `${name} all ports` : `${name} ${formatIntervals(ports)}`,
      );
  }
  if (set.others) parts.push("every other protocol");
  return parts.join("; ");
}
