// What changed between two reachabilities: per pair of ends, the connections added and removed, and the verdicts behind them.
import type { FlowVerdict } from "../eval/types.js";
import { ConnSets, type ConnSet } from "../sets/conn-set.js";
import { subtractIntervals, type Intervals } from "../sets/intervals.js";
import { formatRange, type IPRange } from "../sets/ip-ranges.js";
import { matchEnds, type DiffEnds, type EndpointEnd, type ExternalSegment } from "./diff-ends.js";
import { examplesOf, exampleVerdict, type FlowEnd, type PortExample } from "./diff-explain.js";
import type { Peer, ReachPeer } from "./peers.js";
import { matchesScope, type ReachFilter, type Reachability } from "./reachability.js";

/** Verdicts kept per side for ends alike; past this the cache starts over, so memory stays bounded. */
const MAX_CACHED_VERDICTS = 20_000;

/** One side of a diff: a computed reachability, and whether it evaluated staged policies as enforced. */
export interface DiffSide {
  reach: Reachability;
  pending: boolean;
}

/** Which pairs to compare: a reach filter without `show` (a diff looks at every pair). */
export type DiffFilter = Omit<ReachFilter, "show">;

/** A representative connection of a changed part and its verdict on each side. */
export interface ChangeExample {
  example: PortExample;
  /** The verdict before the change; absent when an end did not exist then. */
  before?: FlowVerdict;
  /** The verdict after the change; absent when an end no longer exists. */
  after?: FlowVerdict;
}

/** One changed part of a pair (what was added, or what was removed) and why: its representatives' verdicts. */
export interface ChangePart {
  conns: ConnSet;
  /** One connection per protocol and port interval of the part (at most 16), with the verdicts behind it. */
  examples: ChangeExample[];
}

/** A pair whose allowed connections differ: added (nothing before), removed (nothing after) or changed. */
export interface ReachChange {
  src: Peer;
  dst: Peer;
  change: "added" | "removed" | "changed";
  before: ConnSet;
  after: ConnSet;
  added?: ChangePart;
  removed?: ChangePart;
  /** Features on the path, on either side, that L3/L4 analysis cannot decide. */
  uncertain?: string[];
}

/** Where an end is on one side: its index, how to evaluate a flow from or to it, and a key shared by ends alike. */
interface SideEnd {
  index: number;
  flow: FlowEnd;
  /** Ends with equal keys get equal verdicts: an endpoint's class, or an external address. */
  key: string;
}

/** One end of a compared pair: the peer, and where it is on each side where it exists. */
interface PairEnd {
  peer: Peer;
  before?: SideEnd;
  after?: SideEnd;
}

/** A pair's sets on both sides (in the diff's interner) and what either side was unsure of. */
interface PairSets {
  before: ConnSet;
  after: ConnSet;
  uncertain: string[];
}

/** Consecutive external segments that compare alike against one endpoint. */
interface Run extends PairSets {
  range: IPRange;
  segment: { before: number; after: number };
}

/** The difference between two reachabilities, pair by pair; ends are matched by identity, external space re-cut. */
export class ReachDiff {
  /** The interner of every set a change holds. */
  readonly sets = new ConnSets();
  readonly ends: DiffEnds;
  /** Workloads, pods and host endpoints only the after side has (within the filter's scope). */
  readonly endsAdded: Peer[];
  /** Workloads, pods and host endpoints only the before side has (within the filter's scope). */
  readonly endsRemoved: Peer[];
  readonly #adopted = [new Map<number, ConnSet>(), new Map<number, ConnSet>()];
  readonly #pairEnds = new Map<EndpointEnd, PairEnd>();
  readonly #segmentEnds = new Map<ExternalSegment, PairEnd>();
  readonly #verdicts = [new Map<string, FlowVerdict>(), new Map<string, FlowVerdict>()];

  constructor(
    readonly before: DiffSide,
    readonly after: DiffSide,
    readonly filter: DiffFilter = {},
  ) {
    this.ends = matchEnds(before.reach, after.reach);
    const scoped = (e: EndpointEnd) => !this.#scoped || this.#inScope(e.peer);
    this.endsAdded = this.ends.endpoints
      .filter((e) => e.before === undefined && scoped(e))
      .map((e) => e.peer.peer);
    this.endsRemoved = this.ends.endpoints
      .filter((e) => e.after === undefined && scoped(e))
      .map((e) => e.peer.peer);
  }

  get #scoped(): boolean {
    return this.filter.namespace !== undefined || this.filter.workload !== undefined;
  }

  #inScope(p: ReachPeer): boolean {
    return matchesScope(p, this.filter);
  }

  /** Every changed pair: endpoint sources in order (their external destinations after them), then external sources. */
  *changes(): Generator<ReachChange> {
    const { direction } = this.filter;
    const scoped = this.#scoped;
    const all = this.ends.endpoints;
    const inScope = (e: EndpointEnd) => this.#inScope(e.peer);
    const srcs = scoped && direction === "egress" ? all.filter(inScope) : all;
    const dsts = scoped && direction === "ingress" ? all.filter(inScope) : all;
    for (const src of srcs) {
      const srcIn = !scoped || direction !== undefined || inScope(src);
      for (const dst of dsts) {
        if (src === dst || (!srcIn && !inScope(dst))) continue;
        const change = this.#compare(this.#endpoint(src), this.#endpoint(dst));
        if (change) yield change;
      }
      if (!srcIn || (scoped && direction === "ingress")) continue;
      for (const { change } of this.#externalRuns(src, "dst")) yield change;
    }
    if (scoped && direction === "egress") return;
    const fromOutside: { change: ReachChange; range: IPRange }[] = [];
    for (const dst of dsts) {
      if (scoped && direction === undefined && !inScope(dst)) continue;
      fromOutside.push(...this.#externalRuns(dst, "src"));
    }
    fromOutside.sort(
      (a, b) =>
        a.range.family - b.range.family ||
        (a.range.from < b.range.from ? -1 : a.range.from > b.range.from ? 1 : 0),
    );
    for (const { change } of fromOutside) yield change;
  }

  #endpoint(e: EndpointEnd): PairEnd {
    let out = this.#pairEnds.get(e);
    if (out === undefined) {
      out = { peer: e.peer.peer };
      const at = (side: DiffSide, index: number): SideEnd => ({
        index,
        flow: { endpoint: side.reach.peers[index]!.entry!.get() },
        key: `c${side.reach.classOf(index).id}`,
      });
      if (e.before !== undefined) out.before = at(this.before, e.before);
      if (e.after !== undefined) out.after = at(this.after, e.after);
      this.#pairEnds.set(e, out);
    }
    return out;
  }

  /** Walks the external segments against one endpoint, merging neighbours that compare alike, and yields the changed runs. */
  *#externalRuns(end: EndpointEnd, role: "src" | "dst"): Generator<{ change: ReachChange; range: IPRange }> {
    const endpoint = this.#endpoint(end);
    let run: Run | undefined;
    const flush = (r: Run | undefined) => {
      if (!r || r.before === r.after) return undefined;
      const outside = this.#external(r.range, r.segment);
      const change =
        role === "src" ? this.#compare(outside, endpoint, r) : this.#compare(endpoint, outside, r);
      return change && { change, range: r.range };
    };
    for (const seg of this.ends.externals) {
      const outside = this.#segment(seg);
      const sets = role === "src" ? this.#pairSets(outside, endpoint) : this.#pairSets(endpoint, outside);
      const key = sets.uncertain.join("\n");
      if (
        run &&
        run.range.family === seg.range.family &&
        run.range.to + 1n === seg.range.from &&
        run.before === sets.before &&
        run.after === sets.after &&
        run.uncertain.join("\n") === key
      ) {
        run.range = { ...run.range, to: seg.range.to };
        continue;
      }
      const done = flush(run);
      if (done) yield done;
      run = { ...sets, range: seg.range, segment: seg };
    }
    const done = flush(run);
    if (done) yield done;
  }

  #segment(seg: ExternalSegment): PairEnd {
    let out = this.#segmentEnds.get(seg);
    if (out === undefined) this.#segmentEnds.set(seg, (out = this.#external(seg.range, seg)));
    return out;
  }

  /** An external end over a range (a segment, or a run of segments), evaluated at the range's first address. */
  #external(range: IPRange, seg: { before: number; after: number }): PairEnd {
    const flow = { ip: { family: range.family, value: range.from } };
    const key = `x${range.family}:${range.from}`;
    return {
      peer: { kind: "external", range: formatRange(range) },
      before: { index: seg.before, flow, key },
      after: { index: seg.after, flow, key },
    };
  }

  /** A set of one side's interner, rebuilt in the diff's and cut to the filter's port. */
  #adopt(side: 0 | 1, set: ConnSet): ConnSet {
    const cache = this.#adopted[side]!;
    let out = cache.get(set.id);
    if (out === undefined) {
      out = this.sets.make(set.protocols, set.others);
      const port = this.filter.port;
      if (port)
        out = this.sets.restrict(
          out,
          port.protocol,
          port.port === undefined ? [[0, 65535]] : [[port.port, port.port]],
        );
      cache.set(set.id, out);
    }
    return out;
  }

  #pairSets(src: PairEnd, dst: PairEnd): PairSets {
    const uncertain = new Set<string>();
    const side = (which: 0 | 1): ConnSet => {
      const s = which === 0 ? src.before : src.after;
      const d = which === 0 ? dst.before : dst.after;
      if (!s || !d) return this.sets.none;
      const answer = (which === 0 ? this.before : this.after).reach.conns(s.index, d.index);
      for (const u of answer.uncertain ?? []) uncertain.add(u);
      return this.#adopt(which, answer.set);
    };
    return { before: side(0), after: side(1), uncertain: [...uncertain] };
  }

  /** The change of one pair, or undefined when both sides allow the same. */
  #compare(src: PairEnd, dst: PairEnd, known?: PairSets): ReachChange | undefined {
    const sets = known ?? this.#pairSets(src, dst);
    if (sets.before === sets.after) return undefined;
    const none = this.sets.none;
    const change: ReachChange = {
      src: src.peer,
      dst: dst.peer,
      change: sets.before === none ? "added" : sets.after === none ? "removed" : "changed",
      before: sets.before,
      after: sets.after,
    };
    const added = this.#part(src, dst, this.#subtract(sets.after, sets.before));
    const removed = this.#part(src, dst, this.#subtract(sets.before, sets.after));
    if (added) change.added = added;
    if (removed) change.removed = removed;
    if (sets.uncertain.length > 0) change.uncertain = sets.uncertain;
    return change;
  }

  #subtract(a: ConnSet, b: ConnSet): ConnSet {
    const protocols = new Map<number, Intervals>();
    for (const p of new Set([...a.protocols.keys(), ...b.protocols.keys()]))
      protocols.set(p, subtractIntervals(this.sets.ports(a, p), this.sets.ports(b, p)));
    return this.sets.make(protocols, a.others && !b.others);
  }

  #part(src: PairEnd, dst: PairEnd, conns: ConnSet): ChangePart | undefined {
    if (conns === this.sets.none) return undefined;
    const examples = examplesOf(this.sets, conns).map((example) => {
      const out: ChangeExample = { example };
      const before = this.#verdict(0, src.before, dst.before, example);
      const after = this.#verdict(1, src.after, dst.after, example);
      if (before) out.before = before;
      if (after) out.after = after;
      return out;
    });
    return { conns, examples };
  }

  /** The verdict of an example on one side (shared between ends alike), or undefined when an end is absent there. */
  #verdict(
    which: 0 | 1,
    s: SideEnd | undefined,
    d: SideEnd | undefined,
    e: PortExample,
  ): FlowVerdict | undefined {
    if (!s || !d) return undefined;
    const cache = this.#verdicts[which]!;
    const key = `${s.key} ${d.key} ${e.protocol}/${e.port ?? ""}`;
    let verdict = cache.get(key);
    if (verdict === undefined) {
      if (cache.size >= MAX_CACHED_VERDICTS) cache.clear();
      const side = which === 0 ? this.before : this.after;
      verdict = exampleVerdict(side.reach.index.engine, s.flow, d.flow, e, side.pending);
      cache.set(key, verdict);
    }
    return verdict;
  }
}
