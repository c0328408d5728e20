// Every policy of a snapshot in reference form, and the tiers they sit in.
import type { Tier } from "../model/calico.js";
import type { Snapshot } from "../model/snapshot.js";
import { adminPolicyKey, adminToCalico } from "./admin-conversion.js";
import { k8sToCalico } from "./k8s-conversion.js";
import { calicoPolicyKey, refPolicy, type RefPolicy } from "./policy.js";

/** Calico policies, Kubernetes policies (converted), staged ones marked, admin policies; staged Delete dropped. */
export function allPolicies(s: Snapshot): RefPolicy[] {
  const calico = s.calicoPolicies
    .filter((p) => p.stagedAction !== "Delete")
    .map((p) => refPolicy(p, calicoPolicyKey(p)));
  const k8s = s.k8sPolicies.map((p) => {
    const converted = k8sToCalico(p);
    return refPolicy(converted, `${p.namespace}/${converted.name}`);
  });
  const staged = s.stagedK8sPolicies
    .filter((p) => p.stagedAction !== "Delete")
    .map((p) => {
      const converted = k8sToCalico(p);
      return { ...refPolicy(converted, `${p.namespace}/staged:${converted.name}`), staged: true };
    });
  const admin = s.adminPolicies.map((p) => refPolicy(adminToCalico(p), adminPolicyKey(p)));
  return [...calico, ...k8s, ...staged, ...admin];
}

/** The tiers Calico v3.31 creates on its own, as the loader adds them. */
export const BUILT_IN_TIERS: readonly Tier[] = [
  { name: "adminnetworkpolicy", order: 1000, defaultAction: "Pass", builtIn: true },
  { name: "default", order: 1_000_000, defaultAction: "Deny", builtIn: true },
  { name: "baselineadminnetworkpolicy", order: 10_000_000, defaultAction: "Pass", builtIn: true },
];

/** The tier of a name: the snapshot's, else the built-in one, else an unordered Deny tier. */
export function tierNamed(s: Snapshot, name: string): Tier {
  return (
    s.tiers.find((t) => t.name === name) ??
    BUILT_IN_TIERS.find((t) => t.name === name) ?? { name, defaultAction: "Deny", builtIn: false }
  );
}
