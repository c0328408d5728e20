// One evaluation of an alert rule over flow records: matching, grouping, the metric, the condition and the rendered texts.
import type { AggregatedFlow } from "../flows/aggregate.js";
import { matchFlowQuery } from "../flows/flow-query.js";
import type { Issue } from "../model/issue.js";
import { flowRecordValue, isFlowField } from "./flow-record-fields.js";
import type { AlertCondition, AlertRule } from "./global-alert.js";

/** One group of matching records (one combination of aggregateBy values) and what the rule made of it. */
export interface AlertGroup {
  /** Identifies the group within its rule: the aggregateBy values as JSON. */
  readonly key: string;
  /** Each aggregateBy field's value as text ("" when the records have none). */
  readonly values: Readonly<Record<string, string>>;
  /** How many records matched. */
  readonly count: number;
  /** The metric, or the count when the rule has no metric; undefined when there was nothing to measure. */
  readonly value: number | undefined;
  /** Whether the group meets the condition (always, for a rule without a metric). */
  readonly active: boolean;
  readonly summary: string;
  readonly description: string;
  readonly annotations: Readonly<Record<string, string>>;
}

/** The groups of one evaluation, and warnings about templates (each unknown placeholder reported once). */
export interface AlertEvaluation {
  readonly groups: readonly AlertGroup[];
  readonly issues: readonly Issue[];
}

/** Compares a metric with a threshold. */
export function meetsCondition(value: number, condition: AlertCondition, threshold: number): boolean {
  switch (condition) {
    case "eq":
      return value === threshold;
    case "not_eq":
      return value !== threshold;
    case "lt":
      return value < threshold;
    case "lte":
      return value <= threshold;
    case "gt":
      return value > threshold;
    case "gte":
      return value >= threshold;
  }
}

/** The rule's metric over a group's records (count: how many records; others over the field's numeric values). */
function measure(rule: AlertRule, records: readonly AggregatedFlow[]): number | undefined {
  if (rule.metric === undefined || rule.metric === "count") return records.length;
  const field = rule.field;
  const values: number[] = [];
  if (field !== undefined)
    for (const r of records) {
      const v = flowRecordValue(r, field);
      if (typeof v === "number") values.push(v);
    }
  if (values.length === 0) return rule.metric === "sum" ? 0 : undefined;
  const sum = values.reduce((a, b) => a + b, 0);
  if (rule.metric === "sum") return sum;
  if (rule.metric === "avg") return sum / values.length;
  return rule.metric === "min" ? Math.min(...values) : Math.max(...values);
}

/** A number as templates show it: whole numbers as they are, others to three decimals. */
export function formatValue(value: number | undefined): string {
  if (value === undefined) return "";
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(3)));
}

/**
 * Evaluates a rule over records; only records whose bucket lies in the lookback window ending at `now`
 * (`now - lookback <= bucket <= now`) count. Without aggregateBy, a rule with a metric always has its one group
 * (so `count lt 1` notices silence); otherwise a group exists only when some record matched.
 */
export function evaluateAlertRule(
  rule: AlertRule,
  records: Iterable<AggregatedFlow>,
  now: number,
): AlertEvaluation {
  const from = now - rule.lookbackMs;
  const byKey = new Map<string, { values: Record<string, string>; records: AggregatedFlow[] }>();
  for (const r of records) {
    if (r.bucket < from || r.bucket > now) continue;
    if (!matchFlowQuery(rule.query, (k) => (isFlowField(k) ? flowRecordValue(r, k) : undefined))) continue;
    const values: Record<string, string> = {};
    for (const f of rule.aggregateBy) values[f] = String(flowRecordValue(r, f) ?? "");
    const key = JSON.stringify(rule.aggregateBy.map((f) => values[f]));
    let group = byKey.get(key);
    if (group === undefined) byKey.set(key, (group = { values, records: [] }));
    group.records.push(r);
  }
  if (rule.aggregateBy.length === 0 && rule.metric !== undefined && byKey.size === 0)
    byKey.set("[]", { values: {}, records: [] });

  const unknown = new Map<string, Issue>();
  const render = (path: string, template: string, values: Record<string, string>, value: string): string =>
    template.replace(/\$\{([^}]*)\}/g, (whole: string, name: string) => {
      if (name === "value") return value;
      const v = values[name];
      if (v !== undefined) return v;
      unknown.set(`${path}|${name}`, {
        code: "unknown-template-field",
        severity: "warning",
        message: `${whole} in alert ${rule.name} is neither an aggregateBy field nor value; left as is`,
        path,
      });
      return whole;
    });

  const groups: AlertGroup[] = [];
  for (const [key, g] of byKey) {
    const value = measure(rule, g.records);
    const active =
      rule.condition === undefined ||
      (value !== undefined && meetsCondition(value, rule.condition, rule.threshold));
    const shown = formatValue(value);
    const annotations: Record<string, string> = {};
    for (const [k, t] of Object.entries(rule.annotations))
      annotations[k] = render(`spec.annotations.${k}`, t, g.values, shown);
    groups.push({
      key,
      values: g.values,
      count: g.records.length,
      value,
      active,
      summary: render("spec.summary", rule.summary, g.values, shown),
      description: render("spec.description", rule.description, g.values, shown),
      annotations,
    });
  }
  return { groups, issues: [...unknown.values()] };
}
