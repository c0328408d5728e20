// Calico's naming rules: resource names, tier names, and the tier prefix of policy names.
import type { Check, ObjectSchema } from "../../schema/schema.js";
import type { Finding } from "../../schema/schema.js";
import { labelNameProblem, nameCheck, subdomainProblem } from "../names.js";
import { objectMeta } from "./k8s-meta.js";

import type { CalicoVersion } from "../../schema/schema.js";
export type { CalicoVersion };

/** ObjectMeta for Calico resources (DNS-1123 subdomain names). */
export const calicoMeta: ObjectSchema = objectMeta(subdomainProblem);

/** Checks a reference to a tier (`spec.tier`): tier names are DNS-1123 labels, no dots. */
export const tierNameCheck: Check<string> = nameCheck(labelNameProblem);

const label = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const subdomain = `${label}(\\.${label})*`;
const namespacedPolicyName = new RegExp(
  `^((${label})(\\.${label})?|((?:knp|ossg)\\.default\\.(${subdomain})))$`,
);
const globalPolicyName = new RegExp(`^(${label}\\.)?${label}$`);
const exemptPrefixes = [
  "knp.default.",
  "kanp.adminnetworkpolicy.",
  "kbanp.baselineadminnetworkpolicy.",
  "ossg.",
];

/**
 * Problems with a Calico policy name given its tier: at most one dot, and in v3.31 a policy outside
 * the default tier must be called `<tier>.<name>` (v3.32 drops that rule).
 */
export function policyNameFindings(
  name: string,
  tier: string,
  global: boolean,
  version: CalicoVersion,
): Finding[] {
  const shape = global ? globalPolicyName : namespacedPolicyName;
  if (name.length <= 253 && !shape.test(name)) {
    const dots = "has more than one dot; Calico allows <tier>.<name> at most";
    const why = subdomainProblem(name) ?? dots;
    return [{ code: "invalid-name", message: `policy name ${JSON.stringify(name)} is invalid: it ${why}` }];
  }
  if (version === "v3.32" || exemptPrefixes.some((p) => name.startsWith(p))) return [];
  const dot = name.indexOf(".");
  if (dot < 0) {
    if (tier === "default") return [];
    return [
      {
        code: "invalid-name",
        message: `policy ${JSON.stringify(name)} is in tier ${tier}, so Calico v3.31 requires the name ${tier}.${name}`,
        fix: `rename it to ${tier}.${name}`,
      },
    ];
  }
  const prefix = name.slice(0, dot);
  if (prefix === tier) return [];
  return [
    {
      code: "invalid-name",
      message: `policy name ${JSON.stringify(name)} starts with tier ${JSON.stringify(prefix)} but spec.tier is ${JSON.stringify(tier)}`,
      fix: `set spec.tier: ${prefix}, or rename it to ${tier}.${name.slice(dot + 1)}`,
    },
  ];
}
