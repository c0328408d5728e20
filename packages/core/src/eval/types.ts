// The engine's questions and answers: a flow between two endpoints, and the verdict with its trace.

/** One end of a flow: a pod or workload by namespace/name, a host endpoint by node/name, or a bare IP. */
export type EndpointRef =
  | { kind: "workload"; namespace: string; name: string }
  | { kind: "hostendpoint"; node: string; name: string }
  | { kind: "ip"; ip: string };

/** A connection opener to evaluate. Protocol is an IANA number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, 132 SCTP). */
export interface FlowSpec {
  src: EndpointRef;
  dst: EndpointRef;
  protocol: number;
  /** Destination port for TCP, UDP, SCTP and UDPLite. */
  dstPort?: number;
  /** Source port; rules rarely match on it, so it defaults to 32768 (Linux's first ephemeral port). */
  srcPort?: number;
  icmpType?: number;
  icmpCode?: number;
  /**
   * A host endpoint the connection is forwarded through (traffic entering or leaving a node to or from a pod):
   * its untracked, pre-DNAT and applyOnForward policies then apply as well.
   */
  via?: EndpointRef;
}

/** How to evaluate: enforced (what the dataplane does) or pending (staged policies as if enforced). */
export interface EvalOptions {
  pending?: boolean;
}

/** The kind of policy a hit names, as netward reports it. */
export type PolicyKind =
  | "NetworkPolicy"
  | "GlobalNetworkPolicy"
  | "StagedNetworkPolicy"
  | "StagedGlobalNetworkPolicy"
  | "KubernetesNetworkPolicy"
  | "StagedKubernetesNetworkPolicy"
  | "AdminNetworkPolicy"
  | "BaselineAdminNetworkPolicy"
  | "Profile";

/** A policy's identity. */
export interface PolicyRef {
  tier: string;
  kind: PolicyKind;
  namespace?: string;
  name: string;
}

/** One step of the walk: a rule that matched, an end-of-tier, or the end of the profiles. */
export interface Hit extends PolicyRef {
  /** Rule index within the direction's rules; -1 = end of tier (or of profiles). */
  ruleIndex: number;
  action: "allow" | "deny" | "pass" | "log";
  /** For an end-of-tier deny: every policy of the tier that selected the endpoint in this direction. */
  selectedBy?: PolicyRef[];
}

/** The verdict of one side (source egress or destination ingress). */
export interface SideVerdict {
  verdict: "allow" | "deny";
  /** Matched rules in order (Log hits included), ending with the deciding hit when policy decided. */
  hits: Hit[];
  /** Why the side decided without a policy hit (e.g. "not a Calico endpoint", "failsafe port"). */
  reason?: string;
}

/** The verdict at a host endpoint that forwards the connection. */
export interface ForwardVerdict extends SideVerdict {
  /** `ingress` when the connection enters the node through it, `egress` when it leaves. */
  direction: "ingress" | "egress";
  hostEndpoint: string;
}

/** The verdict of a flow: allowed only when source egress, destination ingress (and any forwarding host endpoint) allow. */
export interface FlowVerdict {
  verdict: "allow" | "deny";
  egress: SideVerdict;
  ingress: SideVerdict;
  forward?: ForwardVerdict;
  /** Features on the path that L3/L4 analysis cannot decide (http, services matches). */
  uncertain?: string[];
}
