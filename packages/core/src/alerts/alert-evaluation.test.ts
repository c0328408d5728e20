// Tests for evaluating alert rules: metrics per aggregateBy group, conditions, the lookback window, templates, substitutions.
import { describe, expect, it } from "vitest";
import type { AggregatedFlow } from "../flows/aggregate.js";
import { evaluateAlertRule, formatValue, meetsCondition } from "./alert-evaluation.js";
import { parseGlobalAlert, type AlertCondition, type AlertRule } from "./global-alert.js";

/** A rule from a GlobalAlert spec (the test fails on any error). */
function rule(spec: Record<string, unknown>, name = "r"): AlertRule {
  const { value, issues } = parseGlobalAlert({
    apiVersion: "projectcalico.org/v3",
    kind: "GlobalAlert",
    metadata: { name },
    spec: { description: "d", severity: 60, dataSet: "flows", ...spec },
  });
  if (value === undefined) throw new Error(JSON.stringify(issues));
  return value;
}

/** An aggregated deny record from `src` to `dst` in the bucket at `bucket` ms. */
function rec(src: string, dst: string, over: Partial<AggregatedFlow> = {}): AggregatedFlow {
  return {
    bucket: 0,
    verdict: "deny",
    level: 1,
    src,
    dst,
    protocol: 6,
    count: 1,
    packets: 1,
    bytes: 100,
    drift: 0,
    ...over,
  };
}

const records = [
  rec("shop/web-*", "db/pg-0", { count: 2, bytes: 300 }),
  rec("shop/api-*", "db/pg-0", { count: 4, bytes: 100 }),
  rec("pay/api-*", "db/pg-0", { count: 6, bytes: 50 }),
  rec("shop/web-*", "db/pg-0", { verdict: "allow", count: 100 }),
];

const byNamespace = (metric: string, field?: string) =>
  rule({
    query: "action = deny",
    aggregateBy: ["source_namespace"],
    metric,
    condition: "gt",
    threshold: 0,
    ...(field === undefined ? {} : { field }),
  });

describe("alert evaluation", () => {
  it.each<[string, string | undefined, Record<string, number>]>([
    ["count", undefined, { shop: 2, pay: 1 }],
    ["sum", "num_flows", { shop: 6, pay: 6 }],
    ["sum", "bytes", { shop: 400, pay: 50 }],
    ["avg", "num_flows", { shop: 3, pay: 6 }],
    ["min", "num_flows", { shop: 2, pay: 6 }],
    ["max", "bytes", { shop: 300, pay: 50 }],
  ])("measures %s of %s per group", (metric, field, expected) => {
    const { groups } = evaluateAlertRule(byNamespace(metric, field), records, 0);
    expect(Object.fromEntries(groups.map((g) => [g.values.source_namespace, g.value]))).toEqual(expected);
    expect(groups.map((g) => g.key)).toEqual(['["shop"]', '["pay"]']);
  });

  it("skips records without the field and leaves avg undefined when none has it", () => {
    const r = rule({ metric: "avg", field: "dest_port", condition: "gt", threshold: 0 });
    const [only] = evaluateAlertRule(r, [rec("a", "b"), rec("a", "b", { dstPort: 80 })], 0).groups;
    expect(only?.value).toBe(80);
    const [none] = evaluateAlertRule(r, [rec("a", "b")], 0).groups;
    expect(none).toMatchObject({ value: undefined, active: false });
  });

  it.each<[AlertCondition, number, boolean]>([
    ["eq", 3, true],
    ["eq", 4, false],
    ["not_eq", 4, true],
    ["not_eq", 3, false],
    ["lt", 4, true],
    ["lt", 3, false],
    ["lte", 3, true],
    ["lte", 2, false],
    ["gt", 2, true],
    ["gt", 3, false],
    ["gte", 3, true],
    ["gte", 4, false],
  ])("value 3 %s %d is %s", (condition, threshold, expected) => {
    expect(meetsCondition(3, condition, threshold)).toBe(expected);
    const r = rule({ metric: "count", condition, threshold });
    const three = [rec("a", "b"), rec("a", "c"), rec("a", "d")];
    expect(evaluateAlertRule(r, three, 0).groups[0]?.active).toBe(expected);
  });

  it("without a metric, every matching group alerts with its count as value", () => {
    const r = rule({ query: "action = deny", aggregateBy: ["source_name"] });
    const { groups } = evaluateAlertRule(r, records, 0);
    expect(groups.map((g) => [g.values.source_name, g.active, g.value])).toEqual([
      ["shop/web-*", true, 1],
      ["shop/api-*", true, 1],
      ["pay/api-*", true, 1],
    ]);
    expect(evaluateAlertRule(r, [], 0).groups).toEqual([]);
  });

  it("without aggregateBy, a metric rule has its group even with no records, so silence can alert", () => {
    const r = rule({ metric: "count", condition: "lt", threshold: 1 });
    expect(evaluateAlertRule(r, [], 0).groups).toMatchObject([
      { key: "[]", count: 0, value: 0, active: true },
    ]);
  });

  it("counts only the records in the lookback window", () => {
    const r = rule({ metric: "count", condition: "gt", threshold: 0, lookback: "1m" });
    const now = 600_000;
    const window = [540_000, 555_000, 600_000, 615_000, 525_000].map((bucket) => rec("a", "b", { bucket }));
    expect(evaluateAlertRule(r, window, now).groups[0]?.count).toBe(3);
  });

  it("renders templates per group and reports an unknown placeholder once", () => {
    const r = rule({
      query: "action = deny",
      aggregateBy: ["source_namespace", "dest_name"],
      metric: "sum",
      field: "num_flows",
      condition: "gte",
      threshold: 6,
      summary: "${value} denied flows from ${source_namespace} to ${dest_name}",
      description: "see ${dashboard} for ${source_namespace}",
      annotations: { owner: "team-${source_namespace}" },
    });
    const { groups, issues } = evaluateAlertRule(r, records, 0);
    expect(groups.map((g) => [g.summary, g.description, g.annotations.owner, g.active])).toEqual([
      ["6 denied flows from shop to db/pg-0", "see ${dashboard} for shop", "team-shop", true],
      ["6 denied flows from pay to db/pg-0", "see ${dashboard} for pay", "team-pay", true],
    ]);
    expect(issues).toEqual([
      {
        code: "unknown-template-field",
        severity: "warning",
        message: "${dashboard} in alert r is neither an aggregateBy field nor value; left as is",
        path: "spec.description",
      },
    ]);
  });

  it.each<[number | undefined, string]>([
    [undefined, ""],
    [3, "3"],
    [10 / 3, "3.333"],
    [0.5, "0.5"],
  ])("formats %s as %s", (value, text) => {
    expect(formatValue(value)).toBe(text);
  });

  it("applies substitutions in the query", () => {
    const r = rule({
      query: "source_namespace IN {${watched}} AND dest_namespace = ${target}",
      aggregateBy: ["source_namespace"],
      substitutions: [
        { name: "watched", values: ["pay", "sh*"] },
        { name: "target", values: ["db"] },
      ],
    });
    const more = [...records, rec("web/ui-*", "db/pg-0"), rec("pay/api-*", "cache/redis-0")];
    const { groups } = evaluateAlertRule(r, more, 0);
    expect(groups.map((g) => [g.values.source_namespace, g.count])).toEqual([
      ["shop", 3],
      ["pay", 1],
    ]);
  });
});
