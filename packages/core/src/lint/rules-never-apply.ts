// `rules-never-apply`: rules for a direction the policy's types leave out, so Calico never evaluates them.
import type { Issue } from "../model/issue.js";
import { finding, type LintContext } from "./context.js";
import { rulesField } from "./origins.js";

/** Policies with ingress (or egress) rules whose types lack Ingress (or Egress). */
export function rulesNeverApply(ctx: LintContext): Issue[] {
  return ctx.policies.flatMap((p) => {
    const o = p.origin;
    if (o.family === "admin") return [];
    const typesField = o.family === "k8s" ? "policyTypes" : "types";
    const types = o.family === "k8s" ? o.policy.policyTypes : o.policy.types;
    return (["Ingress", "Egress"] as const).flatMap((d) => {
      const field = rulesField(d);
      const count = o.policy[field].length;
      if (count === 0 || types.includes(d)) return [];
      return [
        finding(ctx, p, ["spec", field], {
          code: "rules-never-apply",
          severity: "warning",
          message: `${p.label}: ${count === 1 ? `its ${field} rule never applies` : `its ${count} ${field} rules never apply`}, because spec.${typesField} is [${types.join(", ")}]`,
          fix: `add ${d} to spec.${typesField}, or remove spec.${field}`,
        }),
      ];
    });
  });
}
