// Wraps a rule file in a prometheus-operator `PrometheusRule` (monitoring.coreos.com/v1) manifest.
import type { Issue, Result } from "../model/issue.js";
import { labelKeyProblem, labelNameProblem, labelValueProblem, subdomainProblem } from "../load/names.js";
import type { PromRuleFile } from "./rule-file.js";

/** The metadata of the manifest; labels are what the operator's `ruleSelector` (kube-prometheus-stack: `release`) matches. */
export interface PrometheusRuleOptions {
  /** `metadata.name` (default `netward`). */
  name?: string;
  /** `metadata.namespace`; left out when not given, so `kubectl apply` uses the current namespace. */
  namespace?: string;
  labels?: Readonly<Record<string, string>>;
}

/** A `PrometheusRule` manifest whose `spec` is a rule file. */
export interface PrometheusRuleManifest {
  apiVersion: "monitoring.coreos.com/v1";
  kind: "PrometheusRule";
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec: PromRuleFile;
}

const invalid = (path: string, message: string): Issue => ({
  code: "invalid-value",
  severity: "error",
  message,
  path,
});

/** The manifest for `rules`, or undefined with issues when the name, namespace or a label is not valid Kubernetes. */
export function prometheusRule(
  rules: PromRuleFile,
  options: PrometheusRuleOptions = {},
): Result<PrometheusRuleManifest | undefined> {
  const name = options.name ?? "netward";
  const issues: Issue[] = [];
  const nameWhy = subdomainProblem(name);
  if (nameWhy !== undefined) issues.push(invalid("name", `name ${JSON.stringify(name)} ${nameWhy}`));
  const nsWhy = options.namespace === undefined ? undefined : labelNameProblem(options.namespace);
  if (nsWhy !== undefined)
    issues.push(invalid("namespace", `namespace ${JSON.stringify(options.namespace)} ${nsWhy}`));
  for (const [key, value] of Object.entries(options.labels ?? {})) {
    const keyWhy = labelKeyProblem(key);
    const valueWhy = labelValueProblem(value);
    const why =
      keyWhy !== undefined ? `key ${keyWhy}` : valueWhy !== undefined ? `value ${valueWhy}` : undefined;
    if (why !== undefined) issues.push(invalid(`labels.${key}`, `label ${key}=${value}: ${why}`));
  }
  if (issues.length > 0) return { value: undefined, issues };
  const metadata = {
    name,
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    ...(options.labels === undefined || Object.keys(options.labels).length === 0
      ? {}
      : { labels: { ...options.labels } }),
  };
  return {
    value: { apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule", metadata, spec: rules },
    issues,
  };
}
