// Typed Kubernetes objects after loading and defaulting: namespaces, workloads, services, NetworkPolicy.
import type { SourceRef } from "./source.js";

/** A label map. */
export type LabelMap = Readonly<Record<string, string>>;

/** The protocols Kubernetes ports use. */
export type K8sProtocol = "TCP" | "UDP" | "SCTP";

/** One matchExpressions entry of a LabelSelector. */
export interface LabelExpression {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values: string[];
}

/** A Kubernetes LabelSelector; both parts empty selects everything. */
export interface K8sLabelSelector {
  matchLabels: LabelMap;
  matchExpressions: LabelExpression[];
}

/** A Namespace with its labels (including the automatic `kubernetes.io/metadata.name`). */
export interface Namespace {
  name: string;
  labels: LabelMap;
  /** False when no Namespace document declared it and netward inferred it from its objects. */
  declared: boolean;
  source?: SourceRef;
}

/** A named container port, used to resolve named ports in rules. */
export interface ContainerPort {
  name?: string;
  port: number;
  protocol: K8sProtocol;
}

/** The kinds that produce pods. */
export type WorkloadKind =
  | "Pod"
  | "Deployment"
  | "StatefulSet"
  | "DaemonSet"
  | "ReplicaSet"
  | "ReplicationController"
  | "Job"
  | "CronJob";

/** A pod or a workload's pod template: what a workload endpoint is built from. */
export interface Workload {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  labels: LabelMap;
  serviceAccount: string;
  ports: ContainerPort[];
  /** Declared replicas (1 for a bare pod, DaemonSets and Jobs). */
  replicas: number;
  hostNetwork: boolean;
  /** Pod IPs from status (bare pods as dumped by kubectl). */
  ips: string[];
  /** The controller that owns it (a pod's ReplicaSet, a ReplicaSet's Deployment), from ownerReferences. */
  owner?: { kind: string; name: string };
  /** For a dumped pod: when it held its addresses, as far as its metadata and status tell. */
  lifetime?: Lifetime;
  source: SourceRef;
}

/** A time range in milliseconds since the epoch: `from` inclusive, `until` exclusive; an open end is absent. */
export interface Lifetime {
  from?: number;
  until?: number;
}

/** A ServiceAccount (its labels feed Calico's `pcsa.` profile labels). */
export interface ServiceAccount {
  namespace: string;
  name: string;
  labels: LabelMap;
  source: SourceRef;
}

/** A Service, kept for naming destinations and for later service-based rules. */
export interface Service {
  namespace: string;
  name: string;
  selector: LabelMap;
  ports: { name?: string; protocol: K8sProtocol; port: number; targetPort?: number | string }[];
  source: SourceRef;
}

/** A NetworkPolicy port: no `port` means every port of the protocol. */
export interface K8sPolicyPort {
  protocol: K8sProtocol;
  port?: number | string;
  endPort?: number;
}

/** A NetworkPolicy peer (one of the forms Kubernetes allows). */
export interface K8sPeer {
  podSelector?: K8sLabelSelector;
  namespaceSelector?: K8sLabelSelector;
  ipBlock?: { cidr: string; except: string[] };
}

/** A NetworkPolicy rule: empty `peers` means every peer, empty `ports` every port and protocol. */
export interface K8sRule {
  peers: K8sPeer[];
  ports: K8sPolicyPort[];
}

/** A networking.k8s.io/v1 NetworkPolicy with policyTypes and protocols defaulted. */
export interface K8sNetworkPolicy {
  namespace: string;
  name: string;
  podSelector: K8sLabelSelector;
  ingress: K8sRule[];
  egress: K8sRule[];
  policyTypes: ("Ingress" | "Egress")[];
  source: SourceRef;
}
