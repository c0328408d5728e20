// Calico flow-log policy hit strings for a side's hits, in the v3.31 and v3.32 formats (SEMANTICS §7).
import type { CalicoVersion } from "../schema/schema.js";
import { policyKindCodes } from "./kind-codes.js";
import type { Hit } from "./types.js";

function tiered(hit: Hit): string {
  return hit.name.startsWith(`${hit.tier}.`) ? hit.name : `${hit.tier}.${hit.name}`;
}

function namePart(hit: Hit, version: CalicoVersion): string {
  if (version === "v3.32") {
    const kind = policyKindCodes[hit.kind] ?? hit.kind;
    return hit.namespace !== undefined ? `${kind}:${hit.namespace}/${hit.name}` : `${kind}:${hit.name}`;
  }
  const ns = hit.namespace !== undefined ? `${hit.namespace}/` : "";
  switch (hit.kind) {
    case "Profile":
      return `__PROFILE__.${hit.name}`;
    case "KubernetesNetworkPolicy":
      return `${ns}knp.default.${hit.name}`;
    case "StagedKubernetesNetworkPolicy":
      return `${ns}staged:knp.default.${hit.name}`;
    case "StagedNetworkPolicy":
    case "StagedGlobalNetworkPolicy":
      return `${ns}staged:${tiered(hit)}`;
    case "AdminNetworkPolicy":
      return `kanp.adminnetworkpolicy.${hit.name}`;
    case "BaselineAdminNetworkPolicy":
      return `kbanp.baselineadminnetworkpolicy.${hit.name}`;
    default:
      return `${ns}${tiered(hit)}`;
  }
}

/** `<index>|<tier>|<name part>|<action>|<ruleIndex>` for each hit (Log hits are not reported by Calico). */
export function flowLogPolicyStrings(hits: readonly Hit[], version: CalicoVersion): string[] {
  return hits
    .filter((h) => h.action !== "log")
    .map((h, i) => `${i}|${h.tier}|${namePart(h, version)}|${h.action}|${h.ruleIndex}`);
}
