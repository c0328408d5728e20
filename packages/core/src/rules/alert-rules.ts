// Generates netward's Prometheus alerting rules from validated options.
import type { Result } from "../model/issue.js";
import { namespaceDenialRate, policyDenied, trafficDenied } from "./denial-rules.js";
import { dataplaneDrift, ingestStalled, snapshotReloadFailed } from "./health-rules.js";
import type { PromRuleFile } from "./rule-file.js";
import { resolvePromRuleOptions, type PromRuleOptions } from "./rule-options.js";

/** The rule file for `options`, or undefined with `invalid-value` issues when an option is wrong. */
export function promAlertRules(options: PromRuleOptions = {}): Result<PromRuleFile | undefined> {
  const { value: o, issues } = resolvePromRuleOptions(options);
  if (issues.length > 0) return { value: undefined, issues };
  const rules = [
    trafficDenied(o),
    ...o.policyPatterns.map((pattern) => policyDenied(o, pattern)),
    namespaceDenialRate(o),
    dataplaneDrift(o),
    ingestStalled(o),
    snapshotReloadFailed(o),
  ];
  return { value: { groups: [{ name: o.group, rules }] }, issues };
}
