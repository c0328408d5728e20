// The options of the generated alert rules: their defaults and their validation into issues.
import type { Issue, Result } from "../model/issue.js";
import { parsePromDuration } from "./prom-duration.js";
import { re2Problem } from "./re2-check.js";

/** What to generate; every field is optional and has a default. */
export interface PromRuleOptions {
  /** Name of the rule group (default `netward`). */
  group?: string;
  /** Value of the `severity` label on every rule (default `warning`). */
  severity?: string;
  /** Policy name regexes (RE2, anchored at both ends like every PromQL `=~`); one `NetwardPolicyDenied` rule for each distinct one. */
  policyPatterns?: readonly string[];
  /** Denied flows per second in one namespace above which `NetwardNamespaceDenialRate` fires (default 1). */
  namespaceRate?: number;
  /** Prometheus duration without a new flow after which `NetwardIngestStalled` fires (default `15m`). */
  stall?: string;
  /** Prometheus duration the denial rules look back; keep it above the rule evaluation interval (default `2m`). */
  window?: string;
}

/** Options after validation, with every default filled in. */
export interface ResolvedPromRuleOptions {
  group: string;
  severity: string;
  policyPatterns: readonly string[];
  namespaceRate: number;
  stall: string;
  stallSeconds: number;
  window: string;
}

/** The defaults of every option. */
export const defaultPromRuleOptions: Readonly<ResolvedPromRuleOptions> = {
  group: "netward",
  severity: "warning",
  policyPatterns: [],
  namespaceRate: 1,
  stall: "15m",
  stallSeconds: 900,
  window: "2m",
};

const invalid = (path: string, message: string): Issue => ({
  code: "invalid-value",
  severity: "error",
  message,
  path,
});

/** Validates `options` and fills in defaults; each problem is an `invalid-value` error whose `path` names the option. */
export function resolvePromRuleOptions(options: PromRuleOptions): Result<ResolvedPromRuleOptions> {
  const value = { ...defaultPromRuleOptions, ...options };
  const issues: Issue[] = [];
  if (value.group.trim() === "" || [...value.group].some((c) => c < " "))
    issues.push(
      invalid("group", `group name ${JSON.stringify(value.group)} must be non-empty text on one line`),
    );
  if (!/^[A-Za-z0-9_.-]+$/.test(value.severity))
    issues.push(
      invalid(
        "severity",
        `severity ${JSON.stringify(value.severity)} must be a word such as critical, warning or info`,
      ),
    );
  value.policyPatterns.forEach((pattern, i) => {
    const why = re2Problem(pattern);
    if (why !== undefined)
      issues.push(invalid(`policyPatterns[${i}]`, `policy pattern ${JSON.stringify(pattern)} ${why}`));
  });
  if (!(Number.isFinite(value.namespaceRate) && value.namespaceRate > 0))
    issues.push(
      invalid(
        "namespaceRate",
        `namespace rate ${value.namespaceRate} must be a positive number of flows per second`,
      ),
    );
  const stallMs = parsePromDuration(value.stall);
  if (stallMs === undefined) issues.push(invalid("stall", durationMessage("stall", value.stall)));
  if (parsePromDuration(value.window) === undefined)
    issues.push(invalid("window", durationMessage("window", value.window)));
  const policyPatterns = [...new Set(value.policyPatterns)];
  return { value: { ...value, policyPatterns, stallSeconds: (stallMs ?? 0) / 1000 }, issues };
}

function durationMessage(what: string, text: string): string {
  return `${what} ${JSON.stringify(text)} must be a positive Prometheus duration such as 90s, 15m or 1h30m`;
}
