// The shape of a Prometheus rule file as plain objects, ready to print as YAML.

/** The annotations every generated alert carries; both are Prometheus templates. */
export interface PromAlertAnnotations {
  summary: string;
  description: string;
}

/** One alerting rule as a rule file writes it. */
export interface PromAlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: PromAlertAnnotations;
}

/** A named group of rules that Prometheus evaluates together. */
export interface PromRuleGroup {
  name: string;
  rules: PromAlertRule[];
}

/** A whole rule file (`groups:`), also the `spec` of a PrometheusRule. */
export interface PromRuleFile {
  groups: PromRuleGroup[];
}

/** `text` as a double-quoted PromQL string literal. */
export function promString(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}
