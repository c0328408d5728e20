// Reachability between every pair of reported ends: endpoints and external address ranges, streamed pair by pair.
import type { Engine } from "../eval/engine.js";
import { formatIP, type IPAddress, type IPFamily } from "../net/ip.js";
import type { Endpoint } from "../policy/endpoints.js";
import type { ConnSet } from "../sets/conn-set.js";
import { formatRange, type IPRange } from "../sets/ip-ranges.js";
import { pairFamily, type EndpointClass } from "./classes.js";
import { endpointPeers, type Peer, type ReachMode, type ReachPeer } from "./peers.js";
import { ReachIndex, type ReachIndexOptions } from "./reach-index.js";
import type { SideConns } from "./side-conns.js";

/** How to compute reachability. */
export interface ReachOptions extends Omit<ReachIndexOptions, "previous"> {
  /** One representative per workload (default) or every pod. */
  mode?: ReachMode;
  /** Report external address ranges too (default true). */
  external?: boolean;
}

/** One reported pair and what may flow from the first to the second. */
export interface ReachConnection {
  src: ReachPeer;
  dst: ReachPeer;
  conns: ConnSet;
  /** Features on the path L3/L4 analysis cannot decide (http or services matches), when any. */
  uncertain?: string[];
}

/** Which pairs to report. */
export interface ReachFilter {
  /** Only pairs with an end in this namespace (the destination for ingress, the source for egress). */
  namespace?: string;
  /** Only pairs with an end that is this workload or pod (`namespace/name`), or one of its pods. */
  workload?: string;
  direction?: "ingress" | "egress";
  /** Only this protocol and destination port (port ignored for protocols without ports). */
  port?: { protocol: number; port?: number };
  /** Pairs with something allowed (default), with nothing allowed, or every pair. */
  show?: "allowed" | "denied" | "all";
}

/** The computed reachability of a snapshot: the reported ends, and the connections between any two. */
export class Reachability {
  readonly index: ReachIndex;
  readonly peers: ReachPeer[];
  readonly #classes: EndpointClass[];
  /** Side rows by class id: egress and ingress for IPv4, then for IPv6. */
  readonly #rows: (Uint32Array | undefined)[][] = [[], [], [], []];

  /** Side rows taken over from the reachability this one updates (see `update`). */
  reusedRows = 0;

  /**
   * The reachability of a cluster after a policy change, reusing `previous` for every endpoint whose own walk is
   * unchanged: same policies by content, same profiles. Where the classes differ (endpoints changed, or a policy
   * brought new CIDR edges), everything is computed afresh. For live mode: recompute after each change.
   */
  static update(previous: Reachability, engine: Engine): Reachability {
    return new Reachability(engine, previous.#options, previous);
  }

  readonly #options: ReachOptions;

  constructor(engine: Engine, options: ReachOptions = {}, previous?: Reachability) {
    this.#options = options;
    this.index = new ReachIndex(engine, previous ? { ...options, previous: previous.index } : options);
    const endpoints = endpointPeers(engine, options.mode ?? "workload");
    const classes = endpoints.map((p) => this.index.classes.ofEndpoint(p.entry!.get()));
    this.peers = endpoints;
    this.#classes = classes;
    if (options.external ?? true) {
      for (const { range, cls } of this.#externalRanges(classes, previous)) {
        this.peers.push({ peer: { kind: "external", range: formatRange(range) } });
        this.#classes.push(cls);
      }
    } else {
      this.index.freeze();
      if (previous) this.#reuse(previous);
    }
  }

  /** External ranges of each family in use, cut at every CIDR edge, merged where neighbours behave alike. */
  #externalRanges(
    endpointClasses: readonly EndpointClass[],
    previous: Reachability | undefined,
  ): { range: IPRange; cls: EndpointClass }[] {
    const engine = this.index.engine;
    const holes: Record<IPFamily, bigint[]> = { 4: [], 6: [] };
    for (const list of engine.byIP.values()) for (const ip of list[0]!.ips) holes[ip.family].push(ip.value);
    const families: IPFamily[] = [4];
    if (this.index.classes.cuts[6].cuts.length > 0 || holes[6].length > 0) families.push(6);
    const ranges = families.flatMap((family) =>
      this.index.classes.cuts[family].ranges(holes[family]).map((range) => ({
        range,
        cls: this.index.classes.ofAddress({ family, value: range.from }),
      })),
    );
    this.index.freeze();
    if (previous) this.#reuse(previous);
    const distinct = [...new Set(endpointClasses)];
    const signatures = new Map<EndpointClass, string>();
    const signature = (x: EndpointClass) => {
      let sig = signatures.get(x);
      if (sig === undefined) {
        const part = (a: SideConns) => `${a.set.id}${a.uncertain ? "?" : ""}`;
        sig = distinct.map((c) => `${part(this.#pair(x, c))}/${part(this.#pair(c, x))}`).join(",");
        signatures.set(x, sig);
      }
      return sig;
    };
    const out: { range: IPRange; cls: EndpointClass; sig: string }[] = [];
    for (const { range, cls } of ranges) {
      const sig = signature(cls);
      const last = out[out.length - 1];
      if (last && last.range.family === range.family && last.range.to + 1n === range.from && last.sig === sig)
        last.range = { ...last.range, to: range.to };
      else out.push({ range, cls, sig });
    }
    return out;
  }

  /** Takes over the side rows of `previous` for classes whose walk did not change (same classes required). */
  #reuse(previous: Reachability): void {
    const [now, before] = [this.index.classes, previous.index.classes];
    if (now.keys.length !== before.keys.length || now.keys.some((k, i) => k !== before.keys[i])) return;
    for (let slot = 0; slot < 4; slot++) {
      const direction = slot % 2 === 0 ? "Egress" : "Ingress";
      previous.#rows[slot]!.forEach((row, id) => {
        if (row === undefined) return;
        const c = now.classes[id]!;
        if (this.index.groupKey(c, direction) !== previous.index.groupKey(before.classes[id]!, direction))
          return;
        this.#rows[slot]![id] = row;
        this.reusedRows++;
      });
    }
  }

  /** What may flow from the i-th to the j-th reported end. */
  conns(i: number, j: number): SideConns {
    return this.#pair(this.#classes[i]!, this.#classes[j]!);
  }

  /** The answer for two classes: from the cached rows of both sides when both are frozen, else computed directly. */
  #pair(a: EndpointClass, b: EndpointClass): SideConns {
    const index = this.index;
    const frozen = index.frozenCount;
    if (a.id >= frozen || b.id >= frozen) return index.pair(a, b);
    const family = pairFamily(a, b);
    const slot = family === 4 ? 0 : 2;
    const egress = (this.#rows[slot]![a.id] ??= index.sideRow(a, "Egress", family));
    const ingress = (this.#rows[slot + 1]![b.id] ??= index.sideRow(b, "Ingress", family));
    return index.answer(index.meet(egress[b.id]!, ingress[a.id]!));
  }

  /**
   * What may flow between one endpoint or address and every reported end: from them to it (`to`) or from it to
   * them (`from`). The endpoint need not be a reported end (a pod folded into its workload, say); it is left out
   * of its own answer, as is an external end when the subject is an address.
   */
  *around(
    subject: Endpoint | IPAddress,
    direction: "to" | "from",
    filter: ReachFilter = {},
  ): Generator<ReachConnection> {
    const isAddress = !("labels" in subject);
    const cls = isAddress ? this.index.classes.ofAddress(subject) : this.index.classes.ofEndpoint(subject);
    const self: ReachPeer = isAddress
      ? {
          peer: {
            kind: "external",
            range: `${formatIP(subject.family, subject.value)}-${formatIP(subject.family, subject.value)}`,
          },
        }
      : { peer: peerOf(subject) };
    for (let i = 0; i < this.peers.length; i++) {
      const other = this.peers[i]!;
      if (other.entry?.get() === subject || (isAddress && other.peer.kind === "external")) continue;
      const answer =
        direction === "to" ? this.#pair(this.#classes[i]!, cls) : this.#pair(cls, this.#classes[i]!);
      const set = this.#shown(answer.set, filter);
      if (set === undefined) continue;
      const out: ReachConnection =
        direction === "to" ? { src: other, dst: self, conns: set } : { src: self, dst: other, conns: set };
      if (answer.uncertain) out.uncertain = answer.uncertain;
      yield out;
    }
  }

  /** A pair's connections narrowed to the filter's port, or undefined when the filter does not show the pair. */
  #shown(conns: ConnSet, filter: ReachFilter): ConnSet | undefined {
    const sets = this.index.sets;
    const p = filter.port;
    const set = p
      ? sets.restrict(conns, p.protocol, p.port === undefined ? [[0, 65535]] : [[p.port, p.port]])
      : conns;
    const empty = set === sets.none;
    const show = filter.show ?? "allowed";
    return (show === "allowed" && empty) || (show === "denied" && !empty) ? undefined : set;
  }

  /** The class of a reported end (for callers that add ends of their own, such as queries). */
  classOf(i: number): EndpointClass {
    return this.#classes[i]!;
  }

  /** Reported pairs in order (source, then destination), one at a time: never the whole matrix at once. */
  *connections(filter: ReachFilter = {}): Generator<ReachConnection> {
    const all = this.peers.map((_, i) => i);
    const scoped = filter.namespace !== undefined || filter.workload !== undefined;
    const inScope = (i: number) => matchesScope(this.peers[i]!, filter);
    const srcs = scoped && filter.direction === "egress" ? all.filter(inScope) : all;
    const dsts = scoped && filter.direction === "ingress" ? all.filter(inScope) : all;
    for (const i of srcs) {
      const src = this.peers[i]!;
      const srcIn = !scoped || filter.direction !== undefined || inScope(i);
      for (const j of dsts) {
        if (i === j) continue;
        const dst = this.peers[j]!;
        if (src.peer.kind === "external" && dst.peer.kind === "external") continue;
        if (!srcIn && !inScope(j)) continue;
        const answer = this.#pair(this.#classes[i]!, this.#classes[j]!);
        const set = this.#shown(answer.set, filter);
        if (set === undefined) continue;
        const out: ReachConnection = { src, dst, conns: set };
        if (answer.uncertain) out.uncertain = answer.uncertain;
        yield out;
      }
    }
  }
}

/** The reported form of an endpoint named directly (a query's subject). */
function peerOf(e: Endpoint): Peer {
  const ref = e.ref;
  if (ref.kind === "hostendpoint") return { kind: "hostendpoint", node: ref.node, name: ref.name };
  if (ref.kind === "workload") {
    const kind = e.description.split(" ")[0] ?? "Pod";
    return kind === "Pod" || kind === "WorkloadEndpoint"
      ? { kind: "pod", namespace: ref.namespace, name: ref.name }
      : { kind: "workload", namespace: ref.namespace, name: ref.name, workloadKind: kind };
  }
  return { kind: "external", range: `${ref.ip}-${ref.ip}` };
}

/** True when a reported end is inside a filter's focus (its namespace, or its workload or one of its pods). */
export function matchesScope(p: ReachPeer, filter: ReachFilter): boolean {
  const peer = p.peer;
  if (peer.kind !== "workload" && peer.kind !== "pod") return false;
  if (filter.namespace !== undefined && peer.namespace !== filter.namespace) return false;
  if (filter.workload !== undefined && `${peer.namespace}/${peer.name}` !== filter.workload)
    return p.workload === filter.workload;
  return true;
}
