// Enrichment: what each end of a flow is in the snapshot (pod, workload, host endpoint, network set or outside).
import type { Engine } from "../eval/engine.js";
import type { EndpointRef } from "../eval/types.js";
import { cidrContains, familyBits, parseIP } from "../net/ip.js";
import type { EndpointEntry } from "../policy/endpoints.js";
import type { FlowEnd } from "./flow.js";

/** What an end of a flow is, and how the engine can be asked about it. */
export interface ResolvedEnd {
  kind: "pod" | "workload" | "hostendpoint" | "networkset" | "external" | "unknown";
  /** `namespace/name`, `hep:node/name`, a network set's name, or the address. */
  name?: string;
  /** The end as the engine reads it; absent when neither an address nor a known endpoint is given. */
  ref?: EndpointRef;
}

function ofEntry(entry: EndpointEntry): ResolvedEnd {
  const e = entry.get();
  const kind = e.kind === "hostendpoint" ? "hostendpoint" : entry.pod ? "pod" : "workload";
  return { kind, name: entry.name, ref: e.ref };
}

/** Lookups by name that would otherwise scan every endpoint, built once per endpoint list (engines over time share it). */
interface NameIndex {
  /** By a name up to and including its last dash: the first endpoint (in order) with the least such name. */
  byStem: Map<string, EndpointEntry>;
  /** Host endpoints by every tail of their name after a slash: the first one in order. */
  hostByTail: Map<string, EndpointEntry>;
}

const nameIndexes = new WeakMap<readonly EndpointEntry[], NameIndex>();

function nameIndex(endpoints: readonly EndpointEntry[]): NameIndex {
  let index = nameIndexes.get(endpoints);
  if (index !== undefined) return index;
  index = { byStem: new Map(), hostByTail: new Map() };
  for (const e of endpoints) {
    const stem = e.name.slice(0, e.name.lastIndexOf("-") + 1);
    const best = index.byStem.get(stem);
    if (stem !== "" && (best === undefined || e.name < best.name)) index.byStem.set(stem, e);
    if (!e.name.startsWith("hep:")) continue;
    for (let slash = e.name.indexOf("/"); slash !== -1; slash = e.name.indexOf("/", slash + 1)) {
      const tail = e.name.slice(slash + 1);
      if (!index.hostByTail.has(tail)) index.hostByTail.set(tail, e);
    }
  }
  nameIndexes.set(endpoints, index);
  return index;
}

/**
 * The endpoint an aggregated name `<base>-*` stands for: the workload named `<base>` (a StatefulSet's
 * `orders-db-*`), else the first pod (by name) named `<base>-<suffix>` with no further dash (a ReplicaSet's
 * `api-7d9f8b-*`), so `orders-db-*` never picks the CronJob `orders-db-backup`.
 */
function byAggregatedName(engine: Engine, namespace: string, base: string): EndpointEntry | undefined {
  const workload = engine.byName.get(`${namespace}/${base}`);
  if (workload) return workload;
  return nameIndex(engine.endpoints).byStem.get(`${namespace}/${base}-`);
}

/** Resolves one end: by address when the flow has one, else by the names the source reported. */
export function resolveEnd(engine: Engine, end: FlowEnd): ResolvedEnd {
  const ip = end.ip !== undefined ? parseIP(end.ip) : undefined;
  if (ip !== undefined) {
    const entry = engine.byIP.get(`${ip.family}:${ip.value}`)?.[0];
    if (entry) return { ...ofEntry(entry), ref: { kind: "ip", ip: end.ip! } };
    const host = { family: ip.family, network: ip.value, prefix: familyBits(ip.family), hostBitsSet: false };
    const set = engine.networkSets.find((s) => s.nets.some((n) => cidrContains(n, host)));
    const ref: EndpointRef = { kind: "ip", ip: end.ip! };
    return set?.name !== undefined
      ? { kind: "networkset", name: set.name, ref }
      : { kind: "external", name: end.ip!, ref };
  }
  const name = end.name;
  if (name === undefined || name === "" || name === "-") return { kind: "unknown" };
  if (end.type === "hep") {
    const entry = nameIndex(engine.endpoints).hostByTail.get(name);
    return entry ? ofEntry(entry) : { kind: "unknown", name };
  }
  if (end.namespace === undefined || end.namespace === "-")
    return { kind: end.type === "ns" ? "networkset" : "unknown", name };
  const exact = engine.byName.get(`${end.namespace}/${name}`);
  if (exact) return ofEntry(exact);
  if (name.endsWith("-*")) {
    const entry = byAggregatedName(engine, end.namespace, name.slice(0, -2));
    if (entry) return { ...ofEntry(entry), kind: "workload", name: `${end.namespace}/${name}` };
  }
  return { kind: end.type === "ns" ? "networkset" : "unknown", name: `${end.namespace}/${name}` };
}
