// Calico Enterprise GlobalAlert resources (plus netward's streaming, `for`, labels and annotations): validation into a rule.
import { parseFlowQuery, type Query } from "../flows/flow-query.js";
import type { Issue } from "../model/issue.js";
import { suggest } from "../schema/suggest.js";
import type { Labels } from "./fingerprint.js";
import { anyFlowFields, isFlowField, numericFlowFields, type AnyFlowField } from "./flow-record-fields.js";

/** How a group's values are reduced to one number. */
export type AlertMetric = "avg" | "max" | "min" | "sum" | "count";

/** How the metric is compared with the threshold. */
export type AlertCondition = "eq" | "not_eq" | "lt" | "lte" | "gt" | "gte";

/** A validated GlobalAlert with its defaults applied; durations in milliseconds. */
export interface AlertRule {
  readonly name: string;
  readonly description: string;
  /** The summary template; the description when the resource has none. */
  readonly summary: string;
  readonly severity: number;
  readonly dataSet: "flows";
  readonly periodMs: number;
  readonly lookbackMs: number;
  readonly queryText: string;
  /** The query with its substitutions filled in. */
  readonly query: Query;
  readonly aggregateBy: readonly AnyFlowField[];
  readonly field?: AnyFlowField;
  readonly metric?: AlertMetric;
  readonly condition?: AlertCondition;
  readonly threshold: number;
  /** `periodic` evaluates every period; `streaming` on every batch of flows as well. */
  readonly mode: "periodic" | "streaming";
  /** How long a group must stay true before it fires (0: at once). */
  readonly forMs: number;
  readonly labels: Labels;
  /** Further annotation templates, rendered like the description. */
  readonly annotations: Labels;
}

const specKeys = [
  "type",
  "description",
  "summary",
  "severity",
  "dataSet",
  "period",
  "lookback",
  "query",
  "aggregateBy",
  "field",
  "metric",
  "condition",
  "threshold",
  "substitutions",
  "mode",
  "for",
  "labels",
  "annotations",
];
const metrics: readonly AlertMetric[] = ["avg", "max", "min", "sum", "count"];
const conditions: readonly AlertCondition[] = ["eq", "not_eq", "lt", "lte", "gt", "gte"];
const calicoDataSets = ["dns", "audit", "l7", "waf"];
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const resourceName = /^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/;
const minute = 60_000;
const goUnitMs: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: minute,
  h: 60 * minute,
};

/** Milliseconds in a Go duration (`5m`, `1h30m`, `1.5h`, `0`), or undefined when the text is not one. */
function parseGoDuration(text: string): number | undefined {
  if (text === "0") return 0;
  const part = /(\d+\.?\d*|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let ms = 0;
  for (part.lastIndex = 0; part.lastIndex < text.length;) {
    const m = part.exec(text);
    if (m === null) return undefined;
    ms += Number(m[1]) * (goUnitMs[m[2]!] ?? Number.NaN);
  }
  return text !== "" && Number.isFinite(ms) ? Math.round(ms) : undefined;
}

/** The `${name}` placeholders of a template, in order of first appearance. */
export function templatePlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]!))];
}

/** A value as messages show it. */
const shown = (v: unknown): string => (typeof v === "string" ? v : (JSON.stringify(v) ?? "undefined"));

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);

/** Validates a parsed GlobalAlert document; the rule is undefined when any issue is an error. */
export function parseGlobalAlert(input: unknown): { value: AlertRule | undefined; issues: Issue[] } {
  const issues: Issue[] = [];
  const report = (severity: Issue["severity"], code: string, path: string, message: string, fix?: string) =>
    issues.push({ code, severity, message, path, ...(fix === undefined ? {} : { fix }) });
  const err = (code: string, path: string, message: string, fix?: string) =>
    report("error", code, path, message, fix);
  if (!isObject(input)) {
    err("not-an-object", "", "a GlobalAlert must be a mapping");
    return { value: undefined, issues };
  }
  if (input.apiVersion !== "projectcalico.org/v3")
    err(
      "unknown-api-version",
      "apiVersion",
      `apiVersion must be projectcalico.org/v3, not ${shown(input.apiVersion)}`,
    );
  if (input.kind !== "GlobalAlert")
    err("unknown-kind", "kind", `kind must be GlobalAlert, not ${shown(input.kind)}`);
  const name = isObject(input.metadata) ? input.metadata.name : undefined;
  if (typeof name !== "string" || !resourceName.test(name))
    err("invalid-name", "metadata.name", "metadata.name must be lower-case letters, digits and '-'");
  const spec = isObject(input.spec) ? input.spec : undefined;
  if (spec === undefined) {
    err("missing-field", "spec", "a GlobalAlert needs a spec");
    return { value: undefined, issues };
  }
  for (const key of Object.keys(spec)) {
    if (specKeys.includes(key)) continue;
    const close = suggest(key, specKeys);
    const fix = close === undefined ? undefined : `rename ${key} to ${close}`;
    report("warning", "unknown-field", `spec.${key}`, `spec.${key} is not a GlobalAlert field; ignored`, fix);
  }

  const text = (key: string, required: boolean): string | undefined => {
    const v = spec[key];
    if (v === undefined || v === null) {
      if (required) err("missing-field", `spec.${key}`, `spec.${key} is required`);
      return undefined;
    }
    if (typeof v === "string") return v;
    err("wrong-type", `spec.${key}`, `spec.${key} must be a string`);
    return undefined;
  };
  const oneOf = <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
    const v = text(key, false);
    if (v === undefined || (allowed as readonly string[]).includes(v)) return v as T | undefined;
    err("invalid-value", `spec.${key}`, `spec.${key} must be one of ${allowed.join(", ")}, not ${v}`);
    return undefined;
  };
  const duration = (key: string, fallback: number, min: number): number => {
    const v = text(key, false);
    if (v === undefined) return fallback;
    const ms = parseGoDuration(v);
    if (ms === undefined)
      err("invalid-value", `spec.${key}`, `spec.${key} is not a duration such as 5m or 1h30m: ${v}`);
    else if (ms < min)
      err("invalid-value", `spec.${key}`, `spec.${key} must be at least ${min / 1000}s, not ${v}`);
    return ms ?? fallback;
  };
  const field = (path: string, v: unknown, numeric: boolean): AnyFlowField | undefined => {
    if (typeof v !== "string") err("wrong-type", path, `${path} must be a field name`);
    else if (!isFlowField(v)) {
      const close = suggest(v, anyFlowFields);
      err("invalid-value", path, `${v} is not a flow field`, close && `use ${close}`);
    } else if (numeric && !numericFlowFields.has(v))
      err(
        "invalid-value",
        path,
        `${v} is not a numeric field; a metric needs one such as num_flows, packets or bytes`,
      );
    else return v;
    return undefined;
  };

  const type = text("type", false);
  if (type !== undefined && type !== "RuleBased")
    err(
      "unsupported-value",
      "spec.type",
      `spec.type ${type} is not supported: netward evaluates RuleBased alerts only`,
    );
  const description = text("description", true) ?? "";
  const summary = text("summary", false) ?? description;
  const severity = spec.severity;
  if (severity === undefined) err("missing-field", "spec.severity", "spec.severity is required (1-100)");
  else if (typeof severity !== "number" || !Number.isInteger(severity) || severity < 1 || severity > 100)
    err(
      "invalid-value",
      "spec.severity",
      `spec.severity must be a whole number from 1 to 100, not ${shown(severity)}`,
    );
  const dataSet = text("dataSet", true);
  if (dataSet !== undefined && dataSet !== "flows") {
    if (calicoDataSets.includes(dataSet))
      err(
        "unsupported-value",
        "spec.dataSet",
        `spec.dataSet ${dataSet} is not supported: netward alerts on flows only`,
      );
    else err("invalid-value", "spec.dataSet", `spec.dataSet must be flows, not ${dataSet}`);
  }
  const periodMs = duration("period", 5 * minute, minute);
  const lookbackMs = duration("lookback", 10 * minute, 1);
  const forMs = duration("for", 0, 0);
  const mode = oneOf("mode", ["periodic", "streaming"] as const) ?? "periodic";
  const metric = oneOf("metric", metrics);
  const condition = oneOf("condition", conditions);
  const threshold = spec.threshold ?? 0;
  if (typeof threshold !== "number" || !Number.isFinite(threshold))
    err("wrong-type", "spec.threshold", `spec.threshold must be a number, not ${shown(threshold)}`);

  const aggregateBy: AnyFlowField[] = [];
  if (spec.aggregateBy !== undefined && !Array.isArray(spec.aggregateBy))
    err("wrong-type", "spec.aggregateBy", "spec.aggregateBy must be a list of field names");
  else
    for (const [i, v] of (spec.aggregateBy ?? []).entries()) {
      const f = field(`spec.aggregateBy[${i}]`, v, false);
      if (f !== undefined && !aggregateBy.includes(f)) aggregateBy.push(f);
    }
  const measured = spec.field === undefined ? undefined : field("spec.field", spec.field, true);
  if (metric !== undefined && metric !== "count" && spec.field === undefined)
    err("missing-field", "spec.field", `metric ${metric} needs spec.field, the numeric field to measure`);
  if (metric === "count" && spec.field !== undefined)
    report("warning", "conflicting-fields", "spec.field", "spec.field is ignored with metric count");
  if (metric === undefined && spec.field !== undefined)
    report("warning", "conflicting-fields", "spec.field", "spec.field is ignored without spec.metric");
  if (metric !== undefined && condition === undefined && spec.condition === undefined)
    err("missing-field", "spec.condition", `metric ${metric} needs spec.condition and spec.threshold`);
  if (metric === undefined && spec.condition !== undefined)
    err(
      "conflicting-fields",
      "spec.condition",
      "spec.condition needs spec.metric (without both, every match alerts)",
    );

  const substitutions = parseSubstitutions(spec.substitutions, err);
  const queryText = text("query", false) ?? "";
  const query = parseAlertQuery(queryText, substitutions, err);
  const labels = stringMap(spec.labels, "spec.labels", true, err);
  if (labels.alertname !== undefined)
    err("conflicting-fields", "spec.labels.alertname", "the alertname label is always the rule's name");
  const annotations = stringMap(spec.annotations, "spec.annotations", false, err);

  const known = new Set<string>([...aggregateBy, "value"]);
  const templates: [string, string][] = [
    ["spec.description", description],
    ["spec.summary", summary],
    ...Object.entries(annotations).map(([k, v]): [string, string] => [`spec.annotations.${k}`, v]),
  ];
  for (const [path, template] of templates)
    for (const p of templatePlaceholders(template))
      if (!known.has(p))
        report(
          "warning",
          "unknown-template-field",
          path,
          `\${${p}} is neither an aggregateBy field nor value; it is left as is`,
        );

  if (issues.some((i) => i.severity === "error")) return { value: undefined, issues };
  const rule: AlertRule = {
    name: name as string,
    description,
    summary,
    severity: severity as number,
    dataSet: "flows",
    periodMs,
    lookbackMs,
    queryText,
    query: query!,
    aggregateBy,
    threshold: threshold as number,
    mode,
    forMs,
    labels,
    annotations,
    ...(metric === undefined ? {} : { metric }),
    ...(condition === undefined ? {} : { condition }),
    ...(measured === undefined || metric === undefined || metric === "count" ? {} : { field: measured }),
  };
  return { value: rule, issues };
}

type Report = (code: string, path: string, message: string, fix?: string) => void;

/** Reads `substitutions: [{name, values}]` into a map from name to values. */
function parseSubstitutions(raw: unknown, err: Report): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (raw === undefined) return out;
  if (!Array.isArray(raw)) {
    err("wrong-type", "spec.substitutions", "spec.substitutions must be a list of {name, values}");
    return out;
  }
  for (const [i, s] of raw.entries()) {
    const path = `spec.substitutions[${i}]`;
    const name: unknown = isObject(s) ? s.name : undefined;
    const values: unknown = isObject(s) ? s.values : undefined;
    if (typeof name !== "string" || name === "")
      err("missing-field", `${path}.name`, "a substitution needs a name");
    else if (out.has(name)) err("invalid-value", `${path}.name`, `substitution ${name} is defined twice`);
    else if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === "string"))
      err("invalid-value", `${path}.values`, `substitution ${name} needs a non-empty list of strings`);
    else out.set(name, values.map(String));
  }
  return out;
}

/** Parses the query; a substitution with several values stands for them as a comma-separated list (for IN {...}). */
function parseAlertQuery(text: string, substitutions: Map<string, string[]>, err: Report): Query | undefined {
  const single: Record<string, string> = {};
  let expanded = text;
  for (const [name, values] of substitutions) {
    if (values.length === 1) single[name] = values[0]!;
    else expanded = expanded.split(`\${${name}}`).join(values.map((v) => JSON.stringify(v)).join(", "));
  }
  const parsed = parseFlowQuery(expanded, { substitutions: single, fields: anyFlowFields });
  if (parsed.ok) return parsed.query;
  const where = expanded === text ? "" : ` of the query with its substitutions, ${expanded}`;
  err("invalid-query", "spec.query", `${parsed.error.message} at column ${parsed.error.column}${where}`);
  return undefined;
}

/** Reads a mapping of strings (label names checked when `labelNames`). */
function stringMap(raw: unknown, path: string, labelNames: boolean, err: Report): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw === undefined) return out;
  if (!isObject(raw)) {
    err("wrong-type", path, `${path} must be a mapping of strings`);
    return out;
  }
  for (const [k, v] of Object.entries(raw)) {
    if (labelNames && !labelName.test(k))
      err("invalid-label", `${path}.${k}`, `${k} is not a valid label name`);
    else if (typeof v !== "string") err("wrong-type", `${path}.${k}`, `${path}.${k} must be a string`);
    else out[k] = v;
  }
  return out;
}
