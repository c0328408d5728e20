// The endpoints and network sets of a snapshot with Calico's effective labels, rebuilt on every call.
import type { EndpointPort, WorkloadEndpoint } from "../model/calico.js";
import type { ContainerPort, LabelMap, Workload } from "../model/k8s.js";
import type { Snapshot } from "../model/snapshot.js";
import { parseCIDR, type CIDR } from "../net/ip.js";
import { protocolNumber } from "./protocols.js";
import {
  inheritLabels,
  namespaceProfile,
  profileNamed,
  serviceAccountProfile,
  type RefProfile,
} from "./profiles.js";
import { NAMESPACE_LABEL, ORCHESTRATOR_LABEL, SERVICE_ACCOUNT_LABEL } from "./selectors.js";

/** A named port an endpoint declares, protocol as an IANA number. */
export interface RefPort {
  name: string;
  protocol: number;
  port: number;
}

/** A workload endpoint (evaluated) or host endpoint (only a member of rule selectors here). */
export interface RefEndpoint {
  kind: "workload" | "host";
  /** The namespace, or the node of a host endpoint. */
  scope: string;
  name: string;
  labels: Map<string, string>;
  nets: CIDR[];
  ports: RefPort[];
  profiles: RefProfile[];
}

/** A NetworkSet or GlobalNetworkSet: labels and nets that only feed rule selectors. */
export interface RefNetworkSet {
  labels: Map<string, string>;
  nets: CIDR[];
}

/** Everything rule selectors can match, derived from one snapshot. */
export interface World {
  snapshot: Snapshot;
  endpoints: RefEndpoint[];
  networkSets: RefNetworkSet[];
}

/** Parses addresses and CIDRs, dropping any that do not parse (the loader reports those). */
export function cidrs(texts: readonly string[]): CIDR[] {
  return texts.map((t) => parseCIDR(t, true)).filter((c): c is CIDR => c !== undefined);
}

/** Pod labels as Calico's syncer passes them on: `pcns.`/`pcsa.` keys dropped (no borrowing of profile labels). */
function ownLabels(labels: LabelMap): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) {
    if (!k.startsWith("pcns.") && !k.startsWith("pcsa.")) out[k] = v;
  }
  return out;
}

function ports(declared: readonly (ContainerPort | EndpointPort)[]): RefPort[] {
  return declared.flatMap((p) =>
    p.name === undefined ? [] : [{ name: p.name, protocol: protocolNumber(p.protocol), port: p.port }],
  );
}

/** The endpoint Calico makes for a pod or a workload's representative pod (none for host-networked pods). */
function fromWorkload(s: Snapshot, w: Workload): RefEndpoint {
  const own = ownLabels(w.labels);
  own[NAMESPACE_LABEL] = w.namespace;
  own[ORCHESTRATOR_LABEL] = "k8s";
  if (w.serviceAccount !== "") own[SERVICE_ACCOUNT_LABEL] = w.serviceAccount;
  const profiles = [
    namespaceProfile(s, w.namespace),
    serviceAccountProfile(s, w.namespace, w.serviceAccount),
  ];
  return {
    kind: "workload",
    scope: w.namespace,
    name: w.name,
    labels: inheritLabels(own, profiles),
    nets: cidrs(w.ips),
    ports: ports(w.ports),
    profiles,
  };
}

/** An explicit WorkloadEndpoint, named by its pod when it has one. */
function fromWorkloadEndpoint(s: Snapshot, w: WorkloadEndpoint): RefEndpoint {
  const own = ownLabels(w.labels);
  own[NAMESPACE_LABEL] = w.namespace;
  own[ORCHESTRATOR_LABEL] ??= "k8s";
  if (w.serviceAccountName !== undefined && w.serviceAccountName !== "") {
    own[SERVICE_ACCOUNT_LABEL] = w.serviceAccountName;
  }
  const profiles = w.profiles.map((name) => profileNamed(s, name));
  return {
    kind: "workload",
    scope: w.namespace,
    name: w.pod ?? w.name,
    labels: inheritLabels(own, profiles),
    nets: cidrs(w.ipNetworks),
    ports: ports(w.ports),
    profiles,
  };
}

/** Builds the world of a snapshot: pods first, then explicit workload endpoints, then host endpoints. */
export function buildWorld(s: Snapshot): World {
  const endpoints: RefEndpoint[] = [
    ...s.workloads.filter((w) => !w.hostNetwork).map((w) => fromWorkload(s, w)),
    ...s.workloadEndpoints.map((w) => fromWorkloadEndpoint(s, w)),
    ...s.hostEndpoints.map((h): RefEndpoint => {
      const profiles = h.profiles.map((name) => profileNamed(s, name));
      return {
        kind: "host",
        scope: h.node,
        name: h.name,
        labels: inheritLabels(h.labels, profiles),
        nets: cidrs(h.expectedIPs),
        ports: ports(h.ports),
        profiles,
      };
    }),
  ];
  const networkSets = s.networkSets.map((n): RefNetworkSet => {
    if (n.kind === "GlobalNetworkSet" || n.namespace === undefined) {
      return { labels: new Map(Object.entries(n.labels)), nets: cidrs(n.nets) };
    }
    const own = { ...n.labels, [NAMESPACE_LABEL]: n.namespace };
    return { labels: inheritLabels(own, [namespaceProfile(s, n.namespace)]), nets: cidrs(n.nets) };
  });
  return { snapshot: s, endpoints, networkSets };
}
