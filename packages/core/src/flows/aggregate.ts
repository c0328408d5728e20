// Aggregation of attributed flows into time buckets at Calico's levels 0-3; allowed and denied flows never merge.
import { cidrContains, parseCIDR } from "../net/ip.js";
import type { AttributedFlow } from "./attribute.js";
import { resolveEnd, type ResolvedEnd } from "./enrich.js";
import type { Engine } from "../eval/engine.js";
import type { FlowVerdict } from "../eval/types.js";

/** How much detail a record keeps: 0 none dropped, 1 source port, 2 also names by controller, 3 also destination port. */
export type AggregationLevel = 0 | 1 | 2 | 3;

/** Aggregation settings; Calico's defaults are level 2 for allowed flows and 1 for denied ones. */
export interface AggregationOptions {
  allowedLevel?: AggregationLevel;
  deniedLevel?: AggregationLevel;
  /** Bucket width in milliseconds (Goldmane uses 15 s). */
  bucketMs?: number;
  /** Below level 2, also keep the workload each address resolved to (`srcWorkload`, `dstWorkload`); off by default. */
  workloadNames?: boolean;
}

/** One aggregated record: what the flows had in common at the level, their bucket and their totals. */
export interface AggregatedFlow {
  bucket: number;
  verdict: "allow" | "deny" | "unknown";
  level: AggregationLevel;
  src: string;
  srcPort?: number;
  dst: string;
  dstPort?: number;
  protocol: number;
  /** The policy that decided it: the last hit of the deciding side, as `tier|name|ruleIndex|action`. */
  policy?: string;
  /**
   * Below level 2, where `src`/`dst` are addresses: the end's name as level 2 gives it (`ns/api-7d9f8b-*`, a
   * workload, host endpoint or set) when the address resolved to one and the aggregation was asked to keep it
   * (alert rules do; the store keeps none).
   */
  srcWorkload?: string;
  dstWorkload?: string;
  count: number;
  packets: number;
  bytes: number;
  drift: number;
}

/** Private, shared and link-local ranges: addresses there aggregate as `pvt`, others as `pub`. */
const privateNets = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
  "fc00::/7",
  "fe80::/10",
].map((text) => parseCIDR(text)!);

/** Whether addresses are private, by address text (bounded: cleared when full). */
const privateByIP = new Map<string, boolean>();

function isPrivate(ip: string): boolean {
  let known = privateByIP.get(ip);
  if (known === undefined) {
    const cidr = parseCIDR(ip, true);
    known = cidr !== undefined && privateNets.some((net) => cidrContains(net, cidr));
    if (privateByIP.size >= 100_000) privateByIP.clear();
    privateByIP.set(ip, known);
  }
  return known;
}

/** Pods' names by controller (`api-7d9f8b-*`), per resolved end (attribution shares ends between flows). */
const podPrefixes = new WeakMap<ResolvedEnd, string>();

/** An end's name at a level: addresses below 2; from 2, pods by their name prefix and other addresses by set or pub/pvt. */
function endName(end: ResolvedEnd, ip: string | undefined, level: AggregationLevel): string {
  if (level < 2) return ip ?? end.name ?? "-";
  if (end.kind === "pod" && end.name !== undefined) {
    let prefix = podPrefixes.get(end);
    if (prefix === undefined) {
      prefix = end.name.replace(/-[a-z0-9]+$/, "-*");
      podPrefixes.set(end, prefix);
    }
    return prefix;
  }
  if (end.kind === "workload" || end.kind === "hostendpoint" || end.kind === "networkset")
    return end.name ?? "-";
  if (ip !== undefined) return isPrivate(ip) ? "pvt" : "pub";
  return end.name ?? "-";
}

/** An end's name as level 2 gives it, when the end is a pod, workload, host endpoint or set; else undefined. */
function workloadName(end: ResolvedEnd): string | undefined {
  if (end.name === undefined) return undefined;
  if (
    end.kind === "pod" ||
    end.kind === "workload" ||
    end.kind === "hostendpoint" ||
    end.kind === "networkset"
  )
    return endName(end, undefined, 2);
  return undefined;
}

/** The deciding policy of each verdict (attribution shares verdicts between flows); null for none. */
const decidingPolicies = new WeakMap<FlowVerdict, string | null>();

function decidingPolicy(a: AttributedFlow): string | undefined {
  const v = a.enforced;
  if (v === undefined) return undefined;
  let policy = decidingPolicies.get(v);
  if (policy === undefined) {
    const side = v.egress.verdict === "deny" ? v.egress : v.ingress;
    const hit = side.hits.at(-1);
    const name = hit?.namespace !== undefined ? `${hit.namespace}/${hit.name}` : hit?.name;
    policy = hit === undefined ? null : `${hit.tier}|${name}|${hit.ruleIndex}|${hit.action}`;
    decidingPolicies.set(v, policy);
  }
  return policy ?? undefined;
}

/**
 * Aggregates attributed flows (and merges aggregated records) one at a time: records come out in the order
 * their keys first appear, with their totals added up.
 */
export class FlowAggregator {
  readonly #rows = new Map<string, AggregatedFlow>();
  /** Names and policies as small numbers, so a record's key is short to build and to hash. */
  readonly #ids = new Map<string, number>();
  readonly #bucketMs: number;
  readonly #allowedLevel: AggregationLevel;
  readonly #deniedLevel: AggregationLevel;
  readonly #workloadNames: boolean;

  constructor(options: AggregationOptions = {}) {
    this.#bucketMs = options.bucketMs ?? 15_000;
    this.#allowedLevel = options.allowedLevel ?? 2;
    this.#deniedLevel = options.deniedLevel ?? 1;
    this.#workloadNames = options.workloadNames ?? false;
  }

  #id(s: string | undefined): number | string {
    if (s === undefined) return "";
    let id = this.#ids.get(s);
    if (id === undefined) this.#ids.set(s, (id = this.#ids.size));
    return id;
  }

  /** The key of a record: what two records must share to merge (the level follows from the verdict). */
  #key(
    bucket: number,
    verdict: string,
    src: string,
    srcPort: number | undefined,
    dst: string,
    dstPort: number | undefined,
    protocol: number,
    policy: string | undefined,
  ): string {
    return `${bucket}|${verdict}|${srcPort ?? ""}|${dstPort ?? ""}|${protocol}|${this.#id(src)}|${this.#id(dst)}|${this.#id(policy)}`;
  }

  /** Adds one attributed flow. */
  add(a: AttributedFlow): void {
    const verdict = a.enforced?.verdict ?? a.flow.action ?? "unknown";
    const level = verdict === "allow" ? this.#allowedLevel : this.#deniedLevel;
    const bucket = Math.floor(a.flow.start / this.#bucketMs) * this.#bucketMs;
    const src = endName(a.src, a.flow.src.ip, level);
    const dst = endName(a.dst, a.flow.dst.ip, level);
    const srcPort = level < 1 ? a.flow.src.port : undefined;
    const dstPort = level < 3 ? a.flow.dst.port : undefined;
    const policy = decidingPolicy(a);
    const key = this.#key(bucket, verdict, src, srcPort, dst, dstPort, a.flow.protocol, policy);
    let known = this.#rows.get(key);
    if (known === undefined) {
      known = {
        bucket,
        verdict,
        level,
        src,
        dst,
        protocol: a.flow.protocol,
        count: 0,
        packets: 0,
        bytes: 0,
        drift: 0,
      };
      if (srcPort !== undefined) known.srcPort = srcPort;
      if (dstPort !== undefined) known.dstPort = dstPort;
      if (policy !== undefined) known.policy = policy;
      if (level < 2 && this.#workloadNames) {
        const srcWorkload = workloadName(a.src);
        const dstWorkload = workloadName(a.dst);
        if (srcWorkload !== undefined) known.srcWorkload = srcWorkload;
        if (dstWorkload !== undefined) known.dstWorkload = dstWorkload;
      }
      this.#rows.set(key, known);
    }
    known.count += a.flow.count;
    known.packets += a.flow.packets ?? 0;
    known.bytes += a.flow.bytes ?? 0;
    if (a.drift) known.drift += a.flow.count;
  }

  /** Adds an aggregated record's totals to the record with its key, or keeps a copy of it (the record is not changed). */
  merge(r: AggregatedFlow): void {
    const key = this.#key(r.bucket, r.verdict, r.src, r.srcPort, r.dst, r.dstPort, r.protocol, r.policy);
    const known = this.#rows.get(key);
    if (known === undefined) {
      this.#rows.set(key, { ...r });
      return;
    }
    known.count += r.count;
    known.packets += r.packets;
    known.bytes += r.bytes;
    known.drift += r.drift;
  }

  /** How many records it holds. */
  get size(): number {
    return this.#rows.size;
  }

  /** The records so far, in the order their keys first appeared. */
  rows(): AggregatedFlow[] {
    return [...this.#rows.values()];
  }
}

/**
 * Records as `workloadNames` would have kept them, for records read back from a store (which keeps addresses
 * only below level 2): each address resolved with the engine as it was at the record's bucket.
 */
export function withWorkloadNames(
  records: readonly AggregatedFlow[],
  engineAt: (t: number) => Engine,
): AggregatedFlow[] {
  return records.map((r) => {
    if (r.level >= 2) return r;
    const engine = engineAt(r.bucket);
    const srcWorkload = workloadName(resolveEnd(engine, { ip: r.src }));
    const dstWorkload = workloadName(resolveEnd(engine, { ip: r.dst }));
    const out = { ...r };
    if (srcWorkload !== undefined) out.srcWorkload = srcWorkload;
    if (dstWorkload !== undefined) out.dstWorkload = dstWorkload;
    return out;
  });
}

/** Aggregates attributed flows; records come out in the order their keys first appear. */
export function aggregateFlows(
  flows: Iterable<AttributedFlow>,
  options: AggregationOptions = {},
): AggregatedFlow[] {
  const out = new FlowAggregator(options);
  for (const a of flows) out.add(a);
  return out.rows();
}

/**
 * Merges lists of aggregated records, adding up the totals of records with the same key; records come out in
 * the order their keys first appear (list by list), so merging the aggregates of consecutive chunks of flows
 * gives what aggregating all of them at once gives. The input records are not changed.
 */
export function mergeAggregated(lists: Iterable<readonly AggregatedFlow[]>): AggregatedFlow[] {
  const out = new FlowAggregator();
  for (const list of lists) for (const r of list) out.merge(r);
  return out.rows();
}
