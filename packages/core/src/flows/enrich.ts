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

/**
 * The endpoint an aggregated name `<base>-*` stands for: the workload named `<base>` (a StatefulSet's
 * `orders-db-*`), else the first pod (by name) named `<base>-<suffix>` with no further dash (a ReplicaSet's
 * `api-7d9f8b-*`), so `orders-db-*` never picks the CronJob `orders-db-backup`.
 */
function byAggregatedName(engine: Engine, namespace: string, base: string): EndpointEntry | undefined {
  const workload = engine.byName.get(`${namespace}/${base}`);
  if (workload) return workload;
  const prefix = `${namespace}/${base}-`;
  let best: EndpointEntry | undefined;
  for (const e of engine.endpoints) {
    if (!e.name.startsWith(prefix) || e.name.slice(prefix.length).includes("-")) continue;
    if (best === undefined || e.name < best.name) best = e;
  }
  return best;
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
    const entry = engine.endpoints.find((e) => e.name.startsWith("hep:") && e.name.endsWith(`/${name}`));
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
