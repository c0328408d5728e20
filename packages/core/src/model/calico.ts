// Typed Calico objects after loading and defaulting: policies, tiers, endpoints, sets, profiles.
import type { K8sNetworkPolicy, LabelMap } from "./k8s.js";
import type { SourceRef } from "./source.js";

/** A rule action. */
export type Action = "Allow" | "Deny" | "Log" | "Pass";

/** A policy direction. */
export type Direction = "Ingress" | "Egress";

/** ICMP type and code match. */
export interface ICMPMatch {
  type?: number;
  code?: number;
}

/** A rule's source or destination, as written (empty lists where absent). */
export interface EntityRule {
  nets: string[];
  notNets: string[];
  selector?: string;
  notSelector?: string;
  namespaceSelector?: string;
  ports: (number | string)[];
  notPorts: (number | string)[];
  serviceAccounts?: { names: string[]; selector?: string };
  services?: { name: string; namespace?: string };
}

/** A Calico rule. Protocols stay as written (name or number); the rule compiler resolves them. */
export interface CalicoRule {
  action: Action;
  ipVersion?: 4 | 6;
  protocol?: number | string;
  notProtocol?: number | string;
  icmp?: ICMPMatch;
  notICMP?: ICMPMatch;
  source: EntityRule;
  destination: EntityRule;
  /** Application-layer match: parsed but outside L3/L4 analysis. */
  http?: { methods: string[]; paths: { exact?: string; prefix?: string }[] };
}

/** The four Calico policy kinds that share one shape. */
export type CalicoPolicyKind =
  "NetworkPolicy" | "GlobalNetworkPolicy" | "StagedNetworkPolicy" | "StagedGlobalNetworkPolicy";

/** Staged policy actions; Learn and Ignore are Calico Enterprise. */
export type StagedAction = "Set" | "Delete" | "Learn" | "Ignore";

/** A Calico policy with `tier` and `types` defaulted. */
export interface CalicoPolicy {
  kind: CalicoPolicyKind;
  name: string;
  /** Set for namespaced kinds. */
  namespace?: string;
  tier: string;
  order?: number;
  selector: string;
  serviceAccountSelector?: string;
  namespaceSelector?: string;
  types: Direction[];
  ingress: CalicoRule[];
  egress: CalicoRule[];
  doNotTrack: boolean;
  preDNAT: boolean;
  applyOnForward: boolean;
  stagedAction?: StagedAction;
  source: SourceRef;
}

/** A StagedKubernetesNetworkPolicy: a Kubernetes policy that does not enforce. */
export interface StagedK8sPolicy extends K8sNetworkPolicy {
  stagedAction: StagedAction;
}

/** A Tier with defaultAction defaulted to Deny. */
export interface Tier {
  name: string;
  order?: number;
  defaultAction: "Deny" | "Pass";
  /** True for tiers Calico creates itself when no document declares them. */
  builtIn: boolean;
  source?: SourceRef;
}

/** A named port of a host or workload endpoint. */
export interface EndpointPort {
  name: string;
  protocol: number | string;
  port: number;
}

/** A HostEndpoint. */
export interface HostEndpoint {
  name: string;
  labels: LabelMap;
  node: string;
  interfaceName?: string;
  expectedIPs: string[];
  profiles: string[];
  ports: EndpointPort[];
  source: SourceRef;
}

/** A NetworkSet (namespaced) or GlobalNetworkSet. */
export interface NetworkSet {
  kind: "NetworkSet" | "GlobalNetworkSet";
  name: string;
  namespace?: string;
  labels: LabelMap;
  nets: string[];
  source: SourceRef;
}

/** An explicit Profile (host endpoints use these; pods get implicit kns./ksa. profiles). */
export interface Profile {
  name: string;
  labelsToApply: LabelMap;
  ingress: CalicoRule[];
  egress: CalicoRule[];
  source: SourceRef;
}

/** A WorkloadEndpoint given explicitly (calicoctl output). */
export interface WorkloadEndpoint {
  name: string;
  namespace: string;
  labels: LabelMap;
  pod?: string;
  node?: string;
  serviceAccountName?: string;
  ipNetworks: string[];
  profiles: string[];
  ports: EndpointPort[];
  source: SourceRef;
}
