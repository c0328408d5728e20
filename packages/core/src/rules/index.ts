// Public surface of the alert-rule generator: Prometheus rule files and PrometheusRule manifests.
export { promAlertRules } from "./alert-rules.js";
export {
  prometheusRule,
  type PrometheusRuleManifest,
  type PrometheusRuleOptions,
} from "./prometheus-rule.js";
export type { PromAlertAnnotations, PromAlertRule, PromRuleFile, PromRuleGroup } from "./rule-file.js";
export {
  defaultPromRuleOptions,
  type PromRuleOptions,
  type ResolvedPromRuleOptions,
} from "./rule-options.js";
export { parsePromDuration } from "./prom-duration.js";
export { re2Problem } from "./re2-check.js";
