// End-to-end tests of `netward rules generate`: its options, both output shapes and its usage errors.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { netward } from "./cli.testkit.js";

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
}

/** The rule groups `netward rules generate args...` prints, after checking it succeeded. */
function groups(args: readonly string[]): { name: string; rules: Rule[] }[] {
  const r = netward(["rules", "generate", ...args]);
  expect(r).toMatchObject({ code: 0, stderr: "" });
  return (parse(r.stdout) as { groups: { name: string; rules: Rule[] }[] }).groups;
}

describe("netward rules generate", () => {
  it("prints a rule file with every rule by default", () => {
    const [group, ...more] = groups([]);
    expect(more).toEqual([]);
    expect(group?.name).toBe("netward");
    expect(group?.rules.map((r) => r.alert)).toEqual([
      "NetwardTrafficDenied",
      "NetwardNamespaceDenialRate",
      "NetwardDataplaneDrift",
      "NetwardIngestStalled",
      "NetwardSnapshotReloadFailed",
    ]);
    expect(group?.rules.every((r) => r.labels["severity"] === "warning")).toBe(true);
    expect(group?.rules[0]?.expr).toBe("max_over_time(netward_denied_flows[2m]) > 0");
  });

  it("adds one rule per distinct policy pattern and applies the thresholds, window, severity and group", () => {
    const [group] = groups([
      ...["--policy-pattern", "shop/.*", "--policy-pattern", 'a"b\\d', "--policy-pattern", "shop/.*"],
      ...[
        "--namespace-rate",
        "2.5",
        "--stall",
        "1h",
        "--window",
        "5m",
        "--severity",
        "critical",
        "--group",
        "g",
      ],
    ]);
    expect(group?.name).toBe("g");
    const exprs = Object.fromEntries(
      group?.rules.map((r) => [`${r.alert} ${r.labels["policy_pattern"] ?? ""}`, r.expr]) ?? [],
    );
    expect(exprs).toMatchObject({
      "NetwardTrafficDenied ": "max_over_time(netward_denied_flows[5m]) > 0",
      "NetwardPolicyDenied shop/.*": 'max_over_time(netward_denied_flows{policy=~"shop/.*"}[5m]) > 0',
      'NetwardPolicyDenied a"b\\d': 'max_over_time(netward_denied_flows{policy=~"a\\"b\\\\d"}[5m]) > 0',
      "NetwardNamespaceDenialRate ":
        'sum by (namespace) (rate(netward_flows_total{verdict="deny"}[5m])) > 2.5',
      "NetwardIngestStalled ": "netward_ingest_lag_seconds > 3600",
    });
    expect(group?.rules).toHaveLength(7);
    expect(group?.rules.every((r) => r.labels["severity"] === "critical")).toBe(true);
  });

  it("wraps the rules in a PrometheusRule with name, namespace and labels", () => {
    const r = netward([
      ...[
        "rules",
        "generate",
        "-o",
        "prometheus-rule",
        "--name",
        "netward-alerts",
        "--namespace",
        "monitoring",
      ],
      ...["--label", "release=kube-prometheus-stack", "--label", "app.kubernetes.io/part-of=netward"],
    ]);
    expect(r.code).toBe(0);
    const manifest = parse(r.stdout) as { spec: { groups: unknown[] } };
    expect(manifest).toMatchObject({
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: {
        name: "netward-alerts",
        namespace: "monitoring",
        labels: { release: "kube-prometheus-stack", "app.kubernetes.io/part-of": "netward" },
      },
    });
    expect(manifest.spec.groups).toEqual(groups([]));
  });

  it("leaves namespace and labels out of the PrometheusRule when not given", () => {
    const r = netward(["rules", "generate", "-o", "prometheus-rule"]);
    expect((parse(r.stdout) as { metadata: unknown }).metadata).toEqual({ name: "netward" });
  });

  it.each([
    [["-o", "json"], "error: -o must be rules or prometheus-rule, not json"],
    [
      ["--policy-pattern", "shop/(?!db)"],
      '--policy-pattern: policy pattern "shop/(?!db)" uses a negative lookahead at column 6',
    ],
    [["--policy-pattern", "shop/("], 'policy pattern "shop/(" does not compile'],
    [["--namespace-rate", "0"], "--namespace-rate: namespace rate 0 must be a positive number"],
    [
      ["--namespace-rate", "lots"],
      'error: --namespace-rate must be a number of flows per second, not "lots"',
    ],
    [["--stall", "15"], '--stall: stall "15" must be a positive Prometheus duration'],
    [["--window", "2 m"], '--window: window "2 m" must be a positive Prometheus duration'],
    [["--severity", "very bad"], '--severity: severity "very bad" must be a word'],
    [["--group", " "], "--group: group name"],
    [["--name", "x"], "error: --name, --namespace and --label apply only to -o prometheus-rule"],
    [["-o", "prometheus-rule", "--name", "Bad_Name"], '--name: name "Bad_Name" must consist of lower case'],
    [["-o", "prometheus-rule", "--label", "release"], "--label expects key=value"],
    [["-o", "prometheus-rule", "--label", "bad key=x"], "--label: label bad key=x: key must consist"],
  ])("exits 2 on %j", (args, message) => {
    const r = netward(["rules", "generate", ...args]);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toContain(message);
  });

  it("reports every bad option at once", () => {
    const r = netward(["rules", "generate", "--stall", "x", "--window", "y", "--namespace-rate", "-1"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([
      "error: --namespace-rate: namespace rate -1 must be a positive number of flows per second",
      'error: --stall: stall "x" must be a positive Prometheus duration such as 90s, 15m or 1h30m',
      'error: --window: window "y" must be a positive Prometheus duration such as 90s, 15m or 1h30m',
    ]);
  });
});
