// Where compiled policies and rules come from: the loaded object, and the written rule and peer of each Calico rule.
import type { PolicyRef } from "../eval/types.js";
import type { AdminPolicy } from "../model/admin.js";
import type { CalicoPolicy, Direction, StagedK8sPolicy } from "../model/calico.js";
import type { K8sNetworkPolicy } from "../model/k8s.js";
import type { Snapshot } from "../model/snapshot.js";
import { convertRule as convertAdminRule } from "../policy/admin-to-calico.js";
import { convertRule as convertK8sRule } from "../policy/k8s-to-calico.js";
import type { FieldPath } from "../schema/path.js";

/** The object a compiled policy was built from, by family. */
export type PolicyOrigin =
  | { family: "calico"; policy: CalicoPolicy }
  | { family: "k8s"; policy: K8sNetworkPolicy | StagedK8sPolicy }
  | { family: "admin"; policy: AdminPolicy };

/** The written rule a compiled rule comes from and, for Kubernetes and admin policies, its peer. */
export interface RuleOrigin {
  rule: number;
  peer?: number;
}

const key = (kind: string, namespace: string | undefined, name: string) =>
  `${kind}|${namespace ?? ""}|${name}`;

/** Finds the object behind each compiled policy by kind, namespace and name. */
export function policyOrigins(snapshot: Snapshot): { get(ref: PolicyRef): PolicyOrigin | undefined } {
  const map = new Map<string, PolicyOrigin>();
  for (const p of snapshot.calicoPolicies)
    map.set(key(p.kind, p.namespace, p.name), { family: "calico", policy: p });
  for (const p of snapshot.k8sPolicies)
    map.set(key("KubernetesNetworkPolicy", p.namespace, p.name), { family: "k8s", policy: p });
  for (const p of snapshot.stagedK8sPolicies)
    map.set(key("StagedKubernetesNetworkPolicy", p.namespace, p.name), { family: "k8s", policy: p });
  for (const p of snapshot.adminPolicies)
    map.set(key(p.kind, undefined, p.name), { family: "admin", policy: p });
  return { get: (ref) => map.get(key(ref.kind, ref.namespace, ref.name)) };
}

/** The origin of each compiled rule of one direction, in compiled order. */
export function ruleOrigins(origin: PolicyOrigin, direction: Direction): RuleOrigin[] {
  const ingress = direction === "Ingress";
  if (origin.family === "calico") {
    return (ingress ? origin.policy.ingress : origin.policy.egress).map((_, rule) => ({ rule }));
  }
  if (origin.family === "k8s") {
    return (ingress ? origin.policy.ingress : origin.policy.egress).flatMap((written, rule) => {
      const peers = written.peers.length;
      return convertK8sRule(written, ingress).map((_, k) =>
        peers > 0 ? { rule, peer: k % peers } : { rule },
      );
    });
  }
  return (ingress ? origin.policy.ingress : origin.policy.egress).flatMap((written, rule) => {
    const convertible = written.peers.flatMap((p, i) => ("nodes" in p ? [] : [i]));
    const exact = convertible.length === written.peers.length || written.action === "Allow";
    return convertAdminRule(written, ingress).map((_, k) => {
      const peer = exact ? convertible[k % convertible.length] : undefined;
      return peer !== undefined ? { rule, peer } : { rule };
    });
  });
}

/** The field holding a direction's rules. */
export function rulesField(direction: Direction): "ingress" | "egress" {
  return direction === "Ingress" ? "ingress" : "egress";
}

/** The path of the written rule. */
export function rulePath(direction: Direction, at: RuleOrigin): FieldPath {
  return ["spec", rulesField(direction), at.rule];
}

/**
 * The path of one side of a written rule: `source`/`destination` in Calico; the peer (`from[i]`/`to[i]`) for the
 * remote side of Kubernetes and admin rules, and their `ports` for the local side.
 */
export function sidePath(
  origin: PolicyOrigin,
  direction: Direction,
  at: RuleOrigin,
  side: "src" | "dst",
): FieldPath {
  const rule = rulePath(direction, at);
  if (origin.family === "calico") return [...rule, side === "src" ? "source" : "destination"];
  const remote = (direction === "Ingress") === (side === "src");
  if (!remote) return [...rule, "ports"];
  return at.peer !== undefined ? [...rule, direction === "Ingress" ? "from" : "to", at.peer] : rule;
}
