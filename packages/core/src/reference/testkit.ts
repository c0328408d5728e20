// Short builders of snapshots, policies and flows for the reference evaluator's hand-written tests.
import type { EndpointRef, FlowSpec } from "../eval/types.js";
import type { CalicoPolicy, CalicoRule, EntityRule } from "../model/calico.js";
import type { K8sNetworkPolicy, K8sRule, Workload } from "../model/k8s.js";
import { emptySnapshot, type Snapshot } from "../model/snapshot.js";
import { parseIP } from "../net/ip.js";
import { BUILT_IN_TIERS } from "./all-policies.js";
import { emptyEntity } from "./profiles.js";
import { RANDOM_SOURCE } from "./random-vocabulary.js";

/** A snapshot with the given objects, the built-in tiers, and a Namespace for every namespace used. */
export function cluster(parts: Partial<Snapshot>): Snapshot {
  const s: Snapshot = { ...emptySnapshot(), ...parts };
  s.tiers = [...s.tiers, ...BUILT_IN_TIERS.filter((b) => !s.tiers.some((t) => t.name === b.name))];
  const used = new Set(
    [...s.workloads, ...s.networkSets, ...s.calicoPolicies, ...s.k8sPolicies].map((o) => o.namespace),
  );
  for (const name of used) {
    if (name !== undefined && !s.namespaces.some((n) => n.name === name)) {
      s.namespaces.push({ name, labels: { "kubernetes.io/metadata.name": name }, declared: true });
    }
  }
  return s;
}

/** A bare pod `ns/name` with labels and, optionally, other fields (IPs, ports, service account). */
export function pod(id: string, labels: Record<string, string> = {}, more: Partial<Workload> = {}): Workload {
  const [namespace = "", name = ""] = id.split("/");
  return {
    kind: "Pod",
    namespace,
    name,
    labels,
    serviceAccount: "default",
    ports: [],
    replicas: 1,
    hostNetwork: false,
    ips: [],
    source: RANDOM_SOURCE,
    ...more,
  };
}

/** An entity rule with the given fields. */
export function entity(more: Partial<EntityRule> = {}): EntityRule {
  return { ...emptyEntity(), ...more };
}

/** A rule with an action and optional fields; `source`/`destination` take partial entities. */
export function rule(
  action: CalicoRule["action"],
  more: Omit<Partial<CalicoRule>, "source" | "destination"> & {
    source?: Partial<EntityRule>;
    destination?: Partial<EntityRule>;
  } = {},
): CalicoRule {
  const { source, destination, ...rest } = more;
  return { action, ...rest, source: entity(source), destination: entity(destination) };
}

/** A Calico policy: namespaced when `name` is `ns/name`, global otherwise; tier default unless given. */
export function calicoPolicy(id: string, more: Partial<CalicoPolicy> = {}): CalicoPolicy {
  const [first = "", second] = id.split("/");
  const p: CalicoPolicy = {
    kind: second === undefined ? "GlobalNetworkPolicy" : "NetworkPolicy",
    name: second ?? first,
    tier: "default",
    selector: "",
    types: ["Ingress"],
    ingress: [],
    egress: [],
    doNotTrack: false,
    preDNAT: false,
    applyOnForward: false,
    source: RANDOM_SOURCE,
    ...more,
  };
  if (second !== undefined && p.namespace === undefined) p.namespace = first;
  return p;
}

/** A Kubernetes NetworkPolicy `ns/name` selecting every pod unless told otherwise. */
export function k8sPolicy(id: string, more: Partial<K8sNetworkPolicy> = {}): K8sNetworkPolicy {
  const [namespace = "", name = ""] = id.split("/");
  return {
    namespace,
    name,
    podSelector: { matchLabels: {}, matchExpressions: [] },
    ingress: [],
    egress: [],
    policyTypes: ["Ingress"],
    source: RANDOM_SOURCE,
    ...more,
  };
}

/** A Kubernetes rule allowing the given peers on the given ports. */
export function k8sRule(peers: K8sRule["peers"] = [], ports: K8sRule["ports"] = []): K8sRule {
  return { peers, ports };
}

function ref(text: string): EndpointRef {
  if (parseIP(text)) return { kind: "ip", ip: text };
  const [namespace = "", name = ""] = text.split("/");
  return { kind: "workload", namespace, name };
}

/** A flow from `src` to `dst` (each `ns/name` or an IP): TCP to port 80 unless told otherwise; ports only for TCP/UDP/SCTP. */
export function flow(src: string, dst: string, more: Partial<FlowSpec> = {}): FlowSpec {
  const ports = [6, 17, 132].includes(more.protocol ?? 6) ? { dstPort: 80, srcPort: 40000 } : {};
  return { src: ref(src), dst: ref(dst), protocol: 6, ...ports, ...more };
}
