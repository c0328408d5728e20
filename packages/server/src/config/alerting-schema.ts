// Schema nodes of the `alerting:` section's rules, route and inhibit rules, validated with core's alert parsers.
import {
  compileRe2,
  formatPath,
  parseGlobalAlert,
  parseMatchers,
  parseRouteTree,
  type Issue,
} from "@netward/core";
import { fieldName, isMapping } from "./check-config.js";
import { fields, list, text, validated, type StringCheck, type ValueCheck } from "./config-nodes.js";

/** A list check: the value at `key` (a path inside each item) must differ from every earlier item's. */
export function unique(what: string, key: readonly string[], fix?: string): ValueCheck<readonly unknown[]> {
  return (items, path, report) => {
    const seen = new Set<unknown>();
    items.forEach((item, i) => {
      const name = key.reduce<unknown>((v, k) => (isMapping(v) ? v[k] : undefined), item);
      const at = [...path, i, ...key];
      if (seen.has(name))
        report(
          {
            code: "invalid-value",
            message: `${fieldName(at)} is used by an earlier ${what}`,
            ...(fix === undefined ? {} : { fix }),
          },
          at,
        );
      seen.add(name);
    });
  };
}

/** A list check: the list must hold at least one item (`what`, for the fix). */
export function nonEmpty(what: string): ValueCheck<readonly unknown[]> {
  return (items, path, report) => {
    if (items.length === 0)
      report(
        { code: "invalid-value", message: `${fieldName(path)} is empty`, fix: `list at least ${what}` },
        path,
      );
  };
}

/** `rules:` Calico GlobalAlert documents, each checked by core's parser; names must differ (each is an alertname). */
export const alertRules = list(
  validated((rule) => parseGlobalAlert(rule).issues),
  unique("rule", ["metadata", "name"], "give each rule its own name: it is the alertname label"),
);

/** The names of the receivers in a `receivers:` value, as far as they are written. */
function receiverNames(receivers: unknown): string[] {
  if (!Array.isArray(receivers)) return [];
  return receivers.flatMap((r: unknown) => (isMapping(r) && typeof r.name === "string" ? [r.name] : []));
}

/** `route:` Alertmanager's route tree, each receiver it names defined in the same `alerting:` section. */
export const alertRoute = validated(
  (route, alerting) =>
    parseRouteTree(route, { path: "", receivers: receiverNames(alerting.receivers) }).issues,
);

/** Rules alert nowhere without a route. */
export const rulesNeedRoute: ValueCheck<Readonly<Record<string, unknown>>> = (alerting, path, report) => {
  const rules = alerting.rules;
  if (Array.isArray(rules) && rules.length > 0 && (alerting.route === undefined || alerting.route === null))
    report(
      {
        code: "missing-field",
        message: "rules need alerting.route to say where notifications go",
        fix: "add a route such as `route: {receiver: <a receiver's name>}` to alerting",
      },
      [...path, "rules"],
      "key",
    );
};

const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** One label name, as Alertmanager's `equal:` takes it. */
const labelNameText: StringCheck = (value, field) =>
  labelName.test(value)
    ? undefined
    : {
        code: "invalid-label",
        message: `${field} is not a label name`,
        fix: "use letters, digits and _, not starting with a digit",
      };

/** One `matchers:` line: a matcher such as `severity="critical"`, or several separated by commas. */
const matcherText: StringCheck = (value, field) => {
  const parsed = parseMatchers(value);
  return parsed.ok
    ? undefined
    : {
        code: "invalid-matcher",
        message: `${field} is not a matcher: ${parsed.error}`,
        fix: 'write it as label, operator, value, e.g. severity="critical" or team=~"db|web"',
      };
};

/** A `*_match` (or, with `regex`, `*_match_re`) mapping of label name to value; the issues of one such mapping. */
function labelMapIssues(map: unknown, field: string, regex: boolean): Issue[] {
  const issue = (code: string, path: string, message: string): Issue => ({
    code,
    severity: "error",
    message,
    path,
  });
  if (!isMapping(map)) return [issue("wrong-type", "", `${field} must be a mapping of label name to value`)];
  const out: Issue[] = [];
  for (const [name, value] of Object.entries(map)) {
    const at = formatPath([name]);
    if (!labelName.test(name)) out.push(issue("invalid-label", at, `${field}: ${name} is not a label name`));
    else if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean")
      out.push(issue("wrong-type", at, `${field}.${name} must be a string`));
    else if (regex) {
      const compiled = compileRe2(`^(?:${String(value)})$`);
      if (typeof compiled === "string")
        out.push(issue("invalid-matcher", at, `${field}.${name} is not a regular expression: ${compiled}`));
    }
  }
  return out;
}

/** A label map node for the field `field` of an inhibit rule. */
const labelMap = (field: string, regex: boolean) => validated((map) => labelMapIssues(map, field, regex));

/** One entry of `inhibit_rules:`, with Alertmanager 0.25's keys. */
export const inhibitRule = fields({
  source_matchers: list(text(matcherText)),
  target_matchers: list(text(matcherText)),
  source_match: labelMap("source_match", false),
  source_match_re: labelMap("source_match_re", true),
  target_match: labelMap("target_match", false),
  target_match_re: labelMap("target_match_re", true),
  equal: list(text(labelNameText)),
});
