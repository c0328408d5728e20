// The ends two reachabilities share: endpoints matched by identity, external ranges re-cut at both sides' boundaries.
import { parseIP } from "../net/ip.js";
import type { IPRange } from "../sets/ip-ranges.js";
import type { Peer, ReachPeer } from "./peers.js";
import type { Reachability } from "./reachability.js";

/** An endpoint end: the reported peer and its index on each side where it exists. */
export interface EndpointEnd {
  peer: ReachPeer;
  before?: number;
  after?: number;
}

/** A piece of external address space that is one external range on each side (so both sides are constant on it). */
export interface ExternalSegment {
  range: IPRange;
  before: number;
  after: number;
}

/** The ends of a diff: endpoints of either side, and the external segments both sides report. */
export interface DiffEnds {
  endpoints: EndpointEnd[];
  externals: ExternalSegment[];
}

/** What makes two reported endpoints the same end: kind, namespace (or node) and name (and workload kind). */
export function peerKey(peer: Peer): string {
  switch (peer.kind) {
    case "workload":
      return `w|${peer.namespace}|${peer.workloadKind}|${peer.name}`;
    case "pod":
      return `p|${peer.namespace}|${peer.name}`;
    case "hostendpoint":
      return `h|${peer.node}|${peer.name}`;
    case "external":
      return `x|${peer.range}`;
    case "hypothetical":
      return `y|${peer.description}`;
  }
}

/** The address range an external peer stands for. */
function parseRange(text: string): IPRange {
  const [from, to] = text.split("-").map((t) => parseIP(t));
  if (!from || !to) throw new Error(`bad external range ${text}`);
  return { family: from.family, from: from.value, to: to.value };
}

const byStart = (a: { range: IPRange }, b: { range: IPRange }) =>
  a.range.family - b.range.family || (a.range.from < b.range.from ? -1 : a.range.from > b.range.from ? 1 : 0);

function externalRanges(reach: Reachability): { range: IPRange; index: number }[] {
  const out: { range: IPRange; index: number }[] = [];
  reach.peers.forEach((p, index) => {
    if (p.peer.kind === "external") out.push({ range: parseRange(p.peer.range), index });
  });
  return out.sort(byStart);
}

/**
 * Cuts the external space at the boundaries of both sides' ranges. A segment exists where both sides report an
 * external range; an address external on one side only is an endpoint's on the other, and that endpoint is an end.
 */
function externalSegments(before: Reachability, after: Reachability): ExternalSegment[] {
  const a = externalRanges(before);
  const b = externalRanges(after);
  const out: ExternalSegment[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x.range.family !== y.range.family) {
      if (x.range.family < y.range.family) i++;
      else j++;
      continue;
    }
    const from = x.range.from > y.range.from ? x.range.from : y.range.from;
    const to = x.range.to < y.range.to ? x.range.to : y.range.to;
    if (from <= to)
      out.push({ range: { family: x.range.family, from, to }, before: x.index, after: y.index });
    if (x.range.to <= y.range.to) i++;
    if (y.range.to <= x.range.to) j++;
  }
  return out;
}

/** Matches the ends of two reachabilities: the after side's endpoints in order, then those only the before side has. */
export function matchEnds(before: Reachability, after: Reachability): DiffEnds {
  const endpoints: EndpointEnd[] = [];
  const byKey = new Map<string, EndpointEnd>();
  after.peers.forEach((peer, index) => {
    if (peer.peer.kind === "external") return;
    const end: EndpointEnd = { peer, after: index };
    byKey.set(peerKey(peer.peer), end);
    endpoints.push(end);
  });
  before.peers.forEach((peer, index) => {
    if (peer.peer.kind === "external") return;
    const known = byKey.get(peerKey(peer.peer));
    if (known && known.before === undefined) known.before = index;
    else if (!known) endpoints.push({ peer, before: index });
  });
  return { endpoints, externals: externalSegments(before, after) };
}
