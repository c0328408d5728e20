// `empty-tier`: a Tier no policy uses (the tiers Calico creates itself are left out).
import type { Issue } from "../model/issue.js";
import { builtInTiers } from "../load/build-snapshot.js";
import { finding, type LintContext } from "./context.js";

/** Declared tiers that no policy of any kind (staged ones included) names. */
export function emptyTiers(ctx: LintContext): Issue[] {
  const builtIn = new Set(builtInTiers(ctx.calicoVersion).map((t) => t.name));
  const used = new Set(ctx.snapshot.calicoPolicies.map((p) => p.tier));
  return ctx.snapshot.tiers.flatMap((t) => {
    if (t.builtIn || builtIn.has(t.name) || used.has(t.name) || t.source === undefined) return [];
    return [
      finding(ctx, { source: t.source }, ["metadata", "name"], {
        code: "empty-tier",
        severity: "info",
        message: `Tier ${t.name}: no policy is in this tier, so it has no effect`,
        fix: `remove the Tier, or set spec.tier: ${t.name} on the policies meant for it`,
      }),
    ];
  });
}
