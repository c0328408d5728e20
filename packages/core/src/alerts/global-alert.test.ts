// Tests for GlobalAlert validation: defaults, every field's errors with their paths, templates, substitutions and extensions.
import { describe, expect, it } from "vitest";
import { matchFlowQuery } from "../flows/flow-query.js";
import { parseGlobalAlert } from "./global-alert.js";

const alert = (spec: Record<string, unknown>, name = "deny-spike") => ({
  apiVersion: "projectcalico.org/v3",
  kind: "GlobalAlert",
  metadata: { name },
  spec: { description: "denied flows", severity: 50, dataSet: "flows", ...spec },
});

const issuesOf = (input: unknown) => parseGlobalAlert(input).issues.map((i) => [i.severity, i.code, i.path]);

describe("GlobalAlert validation", () => {
  it("applies the defaults", () => {
    const { value, issues } = parseGlobalAlert(alert({}));
    expect(issues).toEqual([]);
    expect(value).toMatchObject({
      name: "deny-spike",
      description: "denied flows",
      summary: "denied flows",
      severity: 50,
      dataSet: "flows",
      periodMs: 300_000,
      lookbackMs: 600_000,
      queryText: "",
      query: { kind: "all" },
      aggregateBy: [],
      threshold: 0,
      mode: "periodic",
      forMs: 0,
      labels: {},
      annotations: {},
    });
    expect(value).not.toHaveProperty("metric");
  });

  it("accepts Calico's sample as is", () => {
    const { value, issues } = parseGlobalAlert({
      apiVersion: "projectcalico.org/v3",
      kind: "GlobalAlert",
      metadata: { name: "sample" },
      spec: {
        summary: "Sample",
        description: "Sample ${source_namespace}/${source_name_aggr}",
        severity: 100,
        dataSet: "flows",
        query: "action=allow",
        aggregateBy: ["source_namespace", "source_name_aggr"],
        field: "num_flows",
        metric: "sum",
        condition: "gt",
        threshold: 0,
      },
    });
    expect(issues).toEqual([]);
    expect(value).toMatchObject({ metric: "sum", field: "num_flows", condition: "gt", summary: "Sample" });
  });

  it("reads the netward extensions", () => {
    const { value, issues } = parseGlobalAlert(
      alert({
        mode: "streaming",
        for: "2m",
        labels: { team: "net", severity: "critical" },
        annotations: { runbook: "https://runbooks/${source_namespace}" },
        aggregateBy: ["source_namespace"],
      }),
    );
    expect(issues).toEqual([]);
    expect(value).toMatchObject({
      mode: "streaming",
      forMs: 120_000,
      labels: { team: "net", severity: "critical" },
      annotations: { runbook: "https://runbooks/${source_namespace}" },
    });
  });

  it.each<[string, number]>([
    ["1m", 60_000],
    ["90s", 90_000],
    ["1h30m", 5_400_000],
    ["1.5h", 5_400_000],
    ["5m0s", 300_000],
  ])("reads the Go duration %s", (text, ms) => {
    expect(parseGlobalAlert(alert({ period: text })).value?.periodMs).toBe(ms);
  });

  it.each<[string, unknown, [string, string, string][]]>([
    ["not an object", 42, [["error", "not-an-object", ""]]],
    ["apiVersion", { ...alert({}), apiVersion: "v1" }, [["error", "unknown-api-version", "apiVersion"]]],
    ["kind", { ...alert({}), kind: "GlobalNetworkPolicy" }, [["error", "unknown-kind", "kind"]]],
    ["name", alert({}, "Bad_Name"), [["error", "invalid-name", "metadata.name"]]],
    ["no spec", { ...alert({}), spec: undefined }, [["error", "missing-field", "spec"]]],
    ["no description", alert({ description: undefined }), [["error", "missing-field", "spec.description"]]],
    ["summary type", alert({ summary: 3 }), [["error", "wrong-type", "spec.summary"]]],
    ["no severity", alert({ severity: undefined }), [["error", "missing-field", "spec.severity"]]],
    ["severity 0", alert({ severity: 0 }), [["error", "invalid-value", "spec.severity"]]],
    ["severity 101", alert({ severity: 101 }), [["error", "invalid-value", "spec.severity"]]],
    ["severity 1.5", alert({ severity: 1.5 }), [["error", "invalid-value", "spec.severity"]]],
    ["no dataSet", alert({ dataSet: undefined }), [["error", "missing-field", "spec.dataSet"]]],
    ["dataSet dns", alert({ dataSet: "dns" }), [["error", "unsupported-value", "spec.dataSet"]]],
    ["dataSet other", alert({ dataSet: "logs" }), [["error", "invalid-value", "spec.dataSet"]]],
    ["type", alert({ type: "AnomalyDetection" }), [["error", "unsupported-value", "spec.type"]]],
    ["period short", alert({ period: "30s" }), [["error", "invalid-value", "spec.period"]]],
    ["period text", alert({ period: "five" }), [["error", "invalid-value", "spec.period"]]],
    ["lookback", alert({ lookback: "10" }), [["error", "invalid-value", "spec.lookback"]]],
    ["for", alert({ for: 5 }), [["error", "wrong-type", "spec.for"]]],
    ["mode", alert({ mode: "batch" }), [["error", "invalid-value", "spec.mode"]]],
    ["metric", alert({ metric: "median" }), [["error", "invalid-value", "spec.metric"]]],
    [
      "condition",
      alert({ metric: "count", condition: "ge" }),
      [["error", "invalid-value", "spec.condition"]],
    ],
    [
      "threshold",
      alert({ metric: "count", condition: "gt", threshold: "3" }),
      [["error", "wrong-type", "spec.threshold"]],
    ],
    ["query", alert({ query: "action = " }), [["error", "invalid-query", "spec.query"]]],
    ["query field", alert({ query: "dest_ns = db" }), [["error", "invalid-query", "spec.query"]]],
    [
      "aggregateBy type",
      alert({ aggregateBy: "source_name" }),
      [["error", "wrong-type", "spec.aggregateBy"]],
    ],
    [
      "aggregateBy field",
      alert({ aggregateBy: ["source_name", "src"] }),
      [["error", "invalid-value", "spec.aggregateBy[1]"]],
    ],
    [
      "field not numeric",
      alert({ metric: "sum", condition: "gt", field: "action" }),
      [["error", "invalid-value", "spec.field"]],
    ],
    [
      "metric without field",
      alert({ metric: "max", condition: "gt" }),
      [["error", "missing-field", "spec.field"]],
    ],
    ["metric without condition", alert({ metric: "count" }), [["error", "missing-field", "spec.condition"]]],
    [
      "condition without metric",
      alert({ condition: "gt" }),
      [["error", "conflicting-fields", "spec.condition"]],
    ],
    [
      "field with count",
      alert({ metric: "count", condition: "gt", field: "bytes" }),
      [["warning", "conflicting-fields", "spec.field"]],
    ],
    ["field without metric", alert({ field: "bytes" }), [["warning", "conflicting-fields", "spec.field"]]],
    ["unknown field", alert({ lookBack: "5m" }), [["warning", "unknown-field", "spec.lookBack"]]],
    [
      "label name",
      alert({ labels: { "team-name": "x" } }),
      [["error", "invalid-label", "spec.labels.team-name"]],
    ],
    ["label value", alert({ labels: { team: 1 } }), [["error", "wrong-type", "spec.labels.team"]]],
    [
      "alertname label",
      alert({ labels: { alertname: "x" } }),
      [["error", "conflicting-fields", "spec.labels.alertname"]],
    ],
    ["annotations", alert({ annotations: ["x"] }), [["error", "wrong-type", "spec.annotations"]]],
    [
      "template",
      alert({ summary: "${dest_namespace} ${value}" }),
      [["warning", "unknown-template-field", "spec.summary"]],
    ],
    [
      "substitutions",
      alert({ substitutions: { ns: ["a"] } }),
      [["error", "wrong-type", "spec.substitutions"]],
    ],
    [
      "substitution name",
      alert({ substitutions: [{ values: ["a"] }] }),
      [["error", "missing-field", "spec.substitutions[0].name"]],
    ],
    [
      "substitution values",
      alert({ substitutions: [{ name: "ns", values: [] }] }),
      [["error", "invalid-value", "spec.substitutions[0].values"]],
    ],
    [
      "unknown substitution",
      alert({ query: "source_namespace = ${ns}" }),
      [["error", "invalid-query", "spec.query"]],
    ],
  ])("reports %s", (_, input, expected) => {
    expect(issuesOf(input)).toEqual(expected);
    const errors = expected.some(([severity]) => severity === "error");
    expect(parseGlobalAlert(input).value === undefined).toBe(errors);
  });

  it("names the field and suggests a fix", () => {
    const [wrongData] = parseGlobalAlert(alert({ dataSet: "audit" })).issues;
    expect(wrongData?.message).toBe("spec.dataSet audit is not supported: netward alerts on flows only");
    const [misspelt] = parseGlobalAlert(alert({ aggregateBy: ["source_namespce"] })).issues;
    expect(misspelt?.fix).toBe("use source_namespace");
    const [unknown] = parseGlobalAlert(alert({ aggregatBy: [] })).issues;
    expect(unknown?.fix).toBe("rename aggregatBy to aggregateBy");
  });

  it("fills substitutions, several values as an IN list", () => {
    const { value, issues } = parseGlobalAlert(
      alert({
        query: "action = ${verdict} AND source_namespace IN {${ns}}",
        substitutions: [
          { name: "verdict", values: ["deny"] },
          { name: "ns", values: ["shop", "pay*"] },
        ],
      }),
    );
    expect(issues).toEqual([]);
    const fields = (action: string, ns: string) => (k: string) => ({ action, source_namespace: ns })[k];
    expect(matchFlowQuery(value!.query, fields("deny", "shop"))).toBe(true);
    expect(matchFlowQuery(value!.query, fields("deny", "payments"))).toBe(true);
    expect(matchFlowQuery(value!.query, fields("deny", "web"))).toBe(false);
    expect(matchFlowQuery(value!.query, fields("allow", "shop"))).toBe(false);
  });
});
