// Endpoints as Calico sees them: workload and host endpoints with effective labels, profiles, IPs and named ports.
import type { EndpointRef } from "../eval/types.js";
import type { Snapshot } from "../model/snapshot.js";
import type { Lifetime, Workload } from "../model/k8s.js";
import type { HostEndpoint, WorkloadEndpoint } from "../model/calico.js";
import { parseCIDR, parseIP, type CIDR, type IPAddress } from "../net/ip.js";
import type { Labels } from "../selector/index.js";
import { protocolNumber } from "../load/kinds/calico-values.js";
import { compileProfiles, ProfileCache, type CompiledProfile } from "./profiles.js";
import {
  NAMESPACE_LABEL,
  NAMESPACE_PREFIX,
  ORCHESTRATOR_LABEL,
  SERVICE_ACCOUNT_LABEL,
  SERVICE_ACCOUNT_PREFIX,
} from "./selector-text.js";

/** A named port an endpoint declares. */
export interface NamedPort {
  name: string;
  protocol: number;
  port: number;
}

/** An endpoint that policy can select. */
export interface Endpoint {
  ref: EndpointRef;
  kind: "workload" | "hostendpoint";
  /** A short description for messages, e.g. `Deployment shop/api` or `HostEndpoint node-1/eth0`. */
  description: string;
  labels: Labels;
  /** Equal for endpoints whose effective labels are equal: own labels and the profiles they inherit from. */
  labelKey: string;
  ips: IPAddress[];
  profiles: CompiledProfile[];
  ports: NamedPort[];
  /** Host-networked pods are not Calico workload endpoints: their traffic is host traffic. */
  hostNetwork: boolean;
  interfaceName?: string;
}

/** Something whose labels make an IP match selectors: an endpoint (its IPs) or a network set (its nets). */
export interface LabelHolder {
  labels: Labels;
  nets: CIDR[];
  endpoint?: Endpoint;
  /** For a network set: `namespace/name`, or the name of a GlobalNetworkSet. */
  name?: string;
}

/** Labels looked up on the endpoint first, then on its profiles in order (the first profile that has it wins). */
function inheritedLabels(
  own: Readonly<Record<string, string>>,
  profiles: readonly CompiledProfile[],
): Labels {
  const map = new Map(Object.entries(own));
  return {
    get(key) {
      const value = map.get(key);
      if (value !== undefined) return value;
      for (const p of profiles) {
        const inherited = p.labels.get(key);
        if (inherited !== undefined) return inherited;
      }
      return undefined;
    },
  };
}

/** The identity of an endpoint's effective labels: its own labels, sorted, and the names of the profiles behind them. */
function labelKeyOf(own: Readonly<Record<string, string>>, profiles: readonly CompiledProfile[]): string {
  const entries = Object.entries(own).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([entries, profiles.map((p) => p.name)]);
}

/**
 * A pod's own labels as Calico keeps them: labels starting with `pcns.` or `pcsa.` are dropped, so a pod
 * cannot pose as being in another namespace or service account.
 */
function podLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(labels).filter(
      ([k]) => !k.startsWith(NAMESPACE_PREFIX) && !k.startsWith(SERVICE_ACCOUNT_PREFIX),
    ),
  );
}

function ipsOf(texts: readonly string[]): IPAddress[] {
  return texts.flatMap((t) => {
    const ip = parseIP(t) ?? parseCIDR(t, true);
    if (ip === undefined) return [];
    return "value" in ip ? [ip] : [{ family: ip.family, value: ip.network }];
  });
}

function workloadEndpoint(
  w: Workload,
  ips: IPAddress[],
  wep: WorkloadEndpoint | undefined,
  explicit: ReturnType<typeof compileProfiles>,
  profileCache: ProfileCache,
): Endpoint {
  const own: Record<string, string> = {
    ...podLabels(w.labels),
    [NAMESPACE_LABEL]: w.namespace,
    [ORCHESTRATOR_LABEL]: "k8s",
    [SERVICE_ACCOUNT_LABEL]: w.serviceAccount,
  };
  const profiles = wep
    ? wep.profiles
        .map((name) => explicit.get(name) ?? profileCache.named(name))
        .filter((p) => p !== undefined)
    : profileCache.pod(w.namespace, w.serviceAccount);
  return {
    ref: { kind: "workload", namespace: w.namespace, name: w.name },
    kind: "workload",
    description: `${w.kind} ${w.namespace}/${w.name}`,
    labels: inheritedLabels(own, profiles),
    labelKey: labelKeyOf(own, profiles),
    ips,
    profiles,
    ports: w.ports
      .filter((p) => p.name !== undefined)
      .map((p) => ({ name: p.name!, protocol: protocolNumber(p.protocol)!, port: p.port })),
    hostNetwork: w.hostNetwork,
  };
}

/** A WorkloadEndpoint given on its own (calicoctl output for a pod the manifests do not otherwise contain). */
function standaloneWorkloadEndpoint(
  wep: WorkloadEndpoint,
  name: string,
  ips: IPAddress[],
  explicit: ReturnType<typeof compileProfiles>,
  profileCache: ProfileCache,
): Endpoint {
  const own: Record<string, string> = {
    [NAMESPACE_LABEL]: wep.namespace,
    [ORCHESTRATOR_LABEL]: "k8s",
    ...wep.labels,
  };
  const sa = wep.serviceAccountName;
  if (sa !== undefined && own[SERVICE_ACCOUNT_LABEL] === undefined) own[SERVICE_ACCOUNT_LABEL] = sa;
  const profiles = wep.profiles
    .map((p) => explicit.get(p) ?? profileCache.named(p))
    .filter((p) => p !== undefined);
  const [namespace = "", podName = ""] = name.split("/");
  return {
    ref: { kind: "workload", namespace, name: podName },
    kind: "workload",
    description: `WorkloadEndpoint ${name}`,
    labels: inheritedLabels(own, profiles),
    labelKey: labelKeyOf(own, profiles),
    ips,
    profiles,
    ports: wep.ports.map((p) => ({ name: p.name, protocol: protocolNumber(p.protocol) ?? -1, port: p.port })),
    hostNetwork: false,
  };
}

/** An endpoint known by name and IPs, built (and kept) the first time something needs its labels or rules. */
export interface EndpointEntry {
  /** `namespace/name` or `hep:node/name`. */
  name: string;
  /** True for bare pods, which yield the name to a workload of the same name. */
  pod: boolean;
  ips: IPAddress[];
  /** The pod or workload it was built from (absent for standalone workload endpoints and host endpoints). */
  workload?: Workload;
  /** For a dumped pod: when it held its addresses (see Workload.lifetime). */
  lifetime?: Lifetime;
  get(): Endpoint;
}

function entry(
  name: string,
  pod: boolean,
  ips: IPAddress[],
  build: () => Endpoint,
  workload?: Workload,
): EndpointEntry {
  let built: Endpoint | undefined;
  const out: EndpointEntry = { name, pod, ips, get: () => (built ??= build()) };
  if (workload) out.workload = workload;
  if (workload?.lifetime) out.lifetime = workload.lifetime;
  return out;
}

function hostEndpoint(
  h: HostEndpoint,
  explicit: ReturnType<typeof compileProfiles>,
  ips: IPAddress[],
): Endpoint {
  const profiles = h.profiles.map((name) => explicit.get(name)).filter((p) => p !== undefined);
  const endpoint: Endpoint = {
    ref: { kind: "hostendpoint", node: h.node, name: h.name },
    kind: "hostendpoint",
    description: `HostEndpoint ${h.node}/${h.name}`,
    labels: inheritedLabels(h.labels, profiles),
    labelKey: labelKeyOf(h.labels, profiles),
    ips,
    profiles,
    ports: h.ports.map((p) => ({ name: p.name, protocol: protocolNumber(p.protocol) ?? -1, port: p.port })),
    hostNetwork: false,
  };
  if (h.interfaceName !== undefined) endpoint.interfaceName = h.interfaceName;
  return endpoint;
}

/** Every endpoint of the snapshot (workloads with one representative pod each, pods, host endpoints), built lazily. */
export function buildEndpoints(snapshot: Snapshot): EndpointEntry[] {
  const explicit = compileProfiles(snapshot);
  const profileCache = new ProfileCache(snapshot);
  const weps = new Map(
    snapshot.workloadEndpoints.filter((e) => e.pod !== undefined).map((e) => [`${e.namespace}/${e.pod}`, e]),
  );
  const entries = snapshot.workloads.map((w) => {
    const wep = weps.get(`${w.namespace}/${w.name}`);
    const ips = ipsOf([...w.ips, ...(wep?.ipNetworks ?? [])]);
    return entry(
      `${w.namespace}/${w.name}`,
      w.kind === "Pod",
      ips,
      () => workloadEndpoint(w, ips, wep, explicit, profileCache),
      w,
    );
  });
  const attached = new Set(snapshot.workloads.map((w) => `${w.namespace}/${w.name}`));
  for (const wep of snapshot.workloadEndpoints) {
    const name = `${wep.namespace}/${wep.pod ?? wep.name}`;
    if (attached.has(name)) continue;
    const ips = ipsOf(wep.ipNetworks);
    entries.push(
      entry(name, true, ips, () => standaloneWorkloadEndpoint(wep, name, ips, explicit, profileCache)),
    );
  }
  for (const h of snapshot.hostEndpoints) {
    const ips = ipsOf(h.expectedIPs);
    entries.push(entry(`hep:${h.node}/${h.name}`, false, ips, () => hostEndpoint(h, explicit, ips)));
  }
  return entries;
}

/** Network sets as label holders: a NetworkSet has the namespace label and inherits the namespace's `pcns.` labels. */
export function buildNetworkSets(snapshot: Snapshot): LabelHolder[] {
  const profileCache = new ProfileCache(snapshot);
  return snapshot.networkSets.map((s) => {
    const nets = s.nets.map((n) => parseCIDR(n, true)).filter((c): c is CIDR => c !== undefined);
    if (s.namespace === undefined) return { labels: new Map(Object.entries(s.labels)), nets, name: s.name };
    const own = { ...s.labels, [NAMESPACE_LABEL]: s.namespace };
    const kns = profileCache.named(`kns.${s.namespace}`);
    return { labels: inheritedLabels(own, kns ? [kns] : []), nets, name: `${s.namespace}/${s.name}` };
  });
}
