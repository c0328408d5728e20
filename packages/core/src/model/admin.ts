// Typed AdminNetworkPolicy and BaselineAdminNetworkPolicy.
import type { K8sLabelSelector, K8sProtocol } from "./k8s.js";
import type { SourceRef } from "./source.js";

/** Who an admin policy applies to, or a pod peer: namespaces, or pods within namespaces. */
export type AdminSubject =
  | { namespaces: K8sLabelSelector }
  | { pods: { namespaceSelector: K8sLabelSelector; podSelector: K8sLabelSelector } };

/** An admin policy peer. */
export type AdminPeer = AdminSubject | { nodes: K8sLabelSelector } | { networks: string[] };

/** An admin policy port. */
export type AdminPort =
  | { portNumber: { protocol: K8sProtocol; port: number } }
  | { portRange: { protocol: K8sProtocol; start: number; end: number } }
  | { namedPort: string };

/** An admin policy rule; empty `ports` means all ports. */
export interface AdminRule {
  name?: string;
  action: "Allow" | "Deny" | "Pass";
  peers: AdminPeer[];
  ports: AdminPort[];
}

/** An AdminNetworkPolicy (priority set) or the BaselineAdminNetworkPolicy (no priority). */
export interface AdminPolicy {
  kind: "AdminNetworkPolicy" | "BaselineAdminNetworkPolicy";
  name: string;
  priority?: number;
  subject: AdminSubject;
  ingress: AdminRule[];
  egress: AdminRule[];
  source: SourceRef;
}
