// Aggregation of attributed flows into time buckets at Calico's levels 0-3; allowed and denied flows never merge.
import { cidrContains, parseCIDR } from "../net/ip.js";
import type { AttributedFlow } from "./attribute.js";
import type { ResolvedEnd } from "./enrich.js";

/** How much detail a record keeps: 0 none dropped, 1 source port, 2 also names by controller, 3 also destination port. */
export type AggregationLevel = 0 | 1 | 2 | 3;

/** Aggregation settings; Calico's defaults are level 2 for allowed flows and 1 for denied ones. */
export interface AggregationOptions {
  allowedLevel?: AggregationLevel;
  deniedLevel?: AggregationLevel;
  /** Bucket width in milliseconds (Goldmane uses 15 s). */
  bucketMs?: number;
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

function isPrivate(ip: string): boolean {
  const cidr = parseCIDR(ip, true);
  return cidr !== undefined && privateNets.some((net) => cidrContains(net, cidr));
}

/** An end's name at a level: addresses below 2; from 2, pods by their name prefix and other addresses by set or pub/pvt. */
function endName(end: ResolvedEnd, ip: string | undefined, level: AggregationLevel): string {
  if (level < 2) return ip ?? end.name ?? "-";
  if (end.kind === "pod" && end.name !== undefined) return end.name.replace(/-[a-z0-9]+$/, "-*");
  if (end.kind === "workload" || end.kind === "hostendpoint" || end.kind === "networkset")
    return end.name ?? "-";
  if (ip !== undefined) return isPrivate(ip) ? "pvt" : "pub";
  return end.name ?? "-";
}

function decidingPolicy(a: AttributedFlow): string | undefined {
  const v = a.enforced;
  if (v === undefined) return undefined;
  const side = v.egress.verdict === "deny" ? v.egress : v.ingress;
  const hit = side.hits.at(-1);
  if (hit === undefined) return undefined;
  const name = hit.namespace !== undefined ? `${hit.namespace}/${hit.name}` : hit.name;
  return `${hit.tier}|${name}|${hit.ruleIndex}|${hit.action}`;
}

/** Aggregates attributed flows; records come out in the order their keys first appear. */
export function aggregateFlows(
  flows: Iterable<AttributedFlow>,
  options: AggregationOptions = {},
): AggregatedFlow[] {
  const bucketMs = options.bucketMs ?? 15_000;
  const out = new Map<string, AggregatedFlow>();
  for (const a of flows) {
    const verdict = a.enforced?.verdict ?? a.flow.action ?? "unknown";
    const level = verdict === "allow" ? (options.allowedLevel ?? 2) : (options.deniedLevel ?? 1);
    const record: AggregatedFlow = {
      bucket: Math.floor(a.flow.start / bucketMs) * bucketMs,
      verdict,
      level,
      src: endName(a.src, a.flow.src.ip, level),
      dst: endName(a.dst, a.flow.dst.ip, level),
      protocol: a.flow.protocol,
      count: 0,
      packets: 0,
      bytes: 0,
      drift: 0,
    };
    if (level < 1 && a.flow.src.port !== undefined) record.srcPort = a.flow.src.port;
    if (level < 3 && a.flow.dst.port !== undefined) record.dstPort = a.flow.dst.port;
    const policy = decidingPolicy(a);
    if (policy !== undefined) record.policy = policy;
    const key = JSON.stringify([
      record.bucket,
      verdict,
      record.src,
      record.srcPort,
      record.dst,
      record.dstPort,
      record.protocol,
      policy,
    ]);
    const known = out.get(key) ?? record;
    known.count += a.flow.count;
    known.packets += a.flow.packets ?? 0;
    known.bytes += a.flow.bytes ?? 0;
    if (a.drift) known.drift += a.flow.count;
    out.set(key, known);
  }
  return [...out.values()];
}
