// `netward rules generate` against the real promtool: every output passes `check rules`, and unit tests prove the alerts fire.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { netward } from "./cli.testkit.js";

const dir = mkdtempSync(join(tmpdir(), "netward-rules-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real promtool in the scratch folder; a missing promtool fails the test. */
function promtool(args: readonly string[]): string {
  const r = spawnSync("promtool", args, { cwd: dir, encoding: "utf8" });
  if (r.error) throw new Error(`promtool is required (Debian package prometheus): ${r.error.message}`);
  return `exit ${r.status}\n${r.stdout}${r.stderr}`;
}

/** Writes `text` to `name` in the scratch folder. */
function put(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}

/** The rule file `netward rules generate args...` prints. */
function generated(args: readonly string[]): string {
  const r = netward(["rules", "generate", ...args]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return r.stdout;
}

describe("promtool check rules", () => {
  it.each([
    [[]],
    [["--policy-pattern", "shop/db-.*", "--policy-pattern", "kube-system/.*"]],
    [["--policy-pattern", '(?i)a"b\\.c[0-9]{2,5}|x\\d+', "--namespace-rate", "0.25", "--stall", "1h30m"]],
    [["--window", "5m", "--severity", "critical", "--group", "netward denials"]],
  ])("accepts the rule file for %j", (args) => {
    expect(
      promtool(["check", "rules", "--lint=all", "--lint-fatal", put("check.yml", generated(args))]),
    ).toMatch(/^exit 0\n[\s\S]*SUCCESS/);
  });

  it("accepts the spec of the PrometheusRule", () => {
    const manifest = parse(
      generated([
        "-o",
        "prometheus-rule",
        "--policy-pattern",
        "shop/.*",
        "--label",
        "release=kube-prometheus-stack",
      ]),
    ) as { spec: unknown };
    const spec = put("spec.yml", stringify(manifest.spec));
    expect(promtool(["check", "rules", "--lint=all", "--lint-fatal", spec])).toMatch(
      /^exit 0\n[\s\S]*SUCCESS/,
    );
  });
});

const denied = (source: string, policy = "shop/db-allow"): string =>
  `netward_denied_flows{policy="${policy}",source="${source}",destination="shop/db",instance="node-1"}`;

/** The alert promtool must see for one denied-flows series, with its annotations. */
function deniedAlert(source: string, count: number, policy = "shop/db-allow", pattern?: string): object {
  const labels = { severity: "warning", policy, source, destination: "shop/db", instance: "node-1" };
  const matching = pattern === undefined ? "" : ` (matching ${pattern})`;
  const detail = `${matching} denied traffic from ${source} to shop/db on node-1 in the last 2m (${count} denied flows counted).`;
  return pattern === undefined
    ? {
        exp_labels: labels,
        exp_annotations: {
          summary: `Traffic denied: ${source} -> shop/db by ${policy}`,
          description: `Policy ${policy}${detail}`,
        },
      }
    : {
        exp_labels: { ...labels, policy_pattern: pattern },
        exp_annotations: {
          summary: `Policy ${policy} denied ${source} -> shop/db`,
          description: `Policy ${policy}${detail}`,
        },
      };
}

/** Runs one promtool unit test (series every 15s, rules evaluated every 15s) over the generated rules. */
function unitTest(
  args: readonly string[],
  series: Record<string, string>,
  alerts: readonly object[],
): string {
  const rules = put("unit-rules.yml", generated(args));
  const test = {
    rule_files: [rules],
    evaluation_interval: "15s",
    tests: [
      {
        interval: "15s",
        input_series: Object.entries(series).map(([s, values]) => ({ series: s, values })),
        alert_rule_test: alerts,
      },
    ],
  };
  return promtool(["test", "rules", put("unit-test.yml", stringify(test))]);
}

const passes = /^exit 0\n[\s\S]*SUCCESS/;

/** An alert test at `time` expecting exactly `alerts`. */
const at = (time: string, alertname: string, ...alerts: object[]): object => ({
  eval_time: time,
  alertname,
  exp_alerts: alerts,
});

describe("promtool test rules: denials", () => {
  it("fires NetwardTrafficDenied at the first sample of a source never seen before", () => {
    const series = { [denied("shop/client")]: "1+1x20", [denied("shop/attacker")]: "_x8 1 1" };
    const alerts = [
      at("1m45s", "NetwardTrafficDenied", deniedAlert("shop/client", 8)),
      at("2m", "NetwardTrafficDenied", deniedAlert("shop/attacker", 1), deniedAlert("shop/client", 9)),
    ];
    expect(unitTest([], series, alerts)).toMatch(passes);
  });

  it("fires again when an expired series comes back with a value no higher than before, late or soon", () => {
    const series = {
      [denied("shop/late")]: "1 2 2 2 2 stale _x14 1",
      [denied("shop/soon")]: "_x20 1 1 1 1 1 stale 1",
    };
    const alerts = [
      at("1m", "NetwardTrafficDenied", deniedAlert("shop/late", 2)),
      at("4m", "NetwardTrafficDenied"),
      at("5m", "NetwardTrafficDenied", deniedAlert("shop/late", 1), deniedAlert("shop/soon", 1)),
      at("6m30s", "NetwardTrafficDenied", deniedAlert("shop/late", 1), deniedAlert("shop/soon", 1)),
    ];
    expect(unitTest([], series, alerts)).toMatch(passes);
  });

  it("fires NetwardPolicyDenied only for policies the whole pattern matches", () => {
    const series = {
      [denied("shop/a", "shop/db-allow")]: "_ 1",
      [denied("shop/b", "shop/web-allow")]: "_ 1",
      [denied("shop/c", "team/shop/db-x")]: "_ 1",
    };
    const alerts = [
      at("0s", "NetwardPolicyDenied"),
      at("15s", "NetwardPolicyDenied", deniedAlert("shop/a", 1, "shop/db-allow", "shop/db-.*")),
    ];
    expect(unitTest(["--policy-pattern", "shop/db-.*"], series, alerts)).toMatch(passes);
  });
});

const flows = (verdict: string, namespace: string): string =>
  `netward_flows_total{verdict="${verdict}",tier="default",policy="${namespace}/db-allow",namespace="${namespace}",direction="ingress"}`;
const drift = (policy: string): string =>
  `netward_drift_flows_total{tier="default",policy="${policy}",namespace="shop",direction="ingress",instance="node-1"}`;

/** The NetwardDataplaneDrift alert for `policy` with `count` drifted flows. */
const driftAlert = (policy: string, count: number): object => ({
  exp_labels: {
    severity: "warning",
    tier: "default",
    policy,
    namespace: "shop",
    direction: "ingress",
    instance: "node-1",
  },
  exp_annotations: {
    summary: `Dataplane drift under policy ${policy} (ingress)`,
    description: `In the last 5m, flows under policy ${policy} (tier default, ingress) on node-1 got a different verdict from the dataplane than from the model (drifted flows: ${count}): the cluster does not enforce what the manifests say.`,
  },
});

describe("promtool test rules: counters and health", () => {
  it("fires NetwardNamespaceDenialRate on the first increase from 0 above the threshold, not below it", () => {
    const series = {
      [flows("deny", "shop")]: "0x10 300",
      [flows("deny", "web")]: "0+1x20",
      [flows("allow", "api")]: "0+1000x20",
    };
    const alert = {
      exp_labels: { severity: "warning", namespace: "shop" },
      exp_annotations: {
        summary: "Namespace shop denies 1 flows/s",
        description:
          "Namespace shop had 1 denied flows per second over the last 5m, above the threshold of 0.5/s.",
      },
    };
    const alerts = [
      at("2m30s", "NetwardNamespaceDenialRate"),
      at("2m45s", "NetwardNamespaceDenialRate", alert),
    ];
    expect(unitTest(["--namespace-rate", "0.5"], series, alerts)).toMatch(passes);
  });

  it("fires NetwardDataplaneDrift on the first increase from 0, and for a series first seen above 0", () => {
    const series = {
      [drift("shop/db-allow")]: "0x7 1",
      [drift("shop/quiet")]: "0x10",
      [drift("shop/late")]: "_x4 3",
    };
    const alerts = [
      at("1m", "NetwardDataplaneDrift", driftAlert("shop/late", 3)),
      at("1m45s", "NetwardDataplaneDrift", driftAlert("shop/late", 3)),
      at("2m", "NetwardDataplaneDrift", driftAlert("shop/db-allow", 1), driftAlert("shop/late", 3)),
    ];
    expect(unitTest([], series, alerts)).toMatch(passes);
  });

  it("fires NetwardIngestStalled once the lag passes --stall, and not while flows keep coming", () => {
    const series = {
      'netward_ingest_lag_seconds{instance="node-1"}': "0+15x60",
      'netward_ingest_lag_seconds{instance="node-2"}': "5+0x60",
    };
    const alert = {
      exp_labels: { severity: "warning", instance: "node-1" },
      exp_annotations: {
        summary: "netward on node-1 has ingested no flow for 10m 15s",
        description:
          "The newest flow netward on node-1 ingested is 10m 15s old, more than 10m: its flow sources may be down or unreadable, and denials go unseen.",
      },
    };
    const alerts = [at("10m", "NetwardIngestStalled"), at("10m15s", "NetwardIngestStalled", alert)];
    expect(unitTest(["--stall", "10m"], series, alerts)).toMatch(passes);
  });

  it("fires NetwardSnapshotReloadFailed after 5m of failed reloads, not for a good snapshot", () => {
    const series = {
      'netward_snapshot_ok{instance="node-1"}': "1x4 0x40",
      'netward_snapshot_ok{instance="node-2"}': "1x44",
    };
    const alert = {
      exp_labels: { severity: "warning", instance: "node-1" },
      exp_annotations: {
        summary: "netward on node-1 cannot reload its policy snapshot",
        description:
          "The last snapshot reload on node-1 failed; verdicts and metrics still use the last good snapshot. Run netward validate on the manifests to find the problem.",
      },
    };
    const alerts = [
      at("6m", "NetwardSnapshotReloadFailed"),
      at("6m15s", "NetwardSnapshotReloadFailed", alert),
    ];
    expect(unitTest([], series, alerts)).toMatch(passes);
  });

  it("fires nothing for a quiet, healthy netward", () => {
    const series = {
      [flows("deny", "shop")]: "0x40",
      [flows("allow", "shop")]: "0+50x40",
      [drift("shop/db-allow")]: "0x40",
      'netward_ingest_lag_seconds{instance="node-1"}': "30x40",
      'netward_snapshot_ok{instance="node-1"}': "1x40",
    };
    const names = [
      "NetwardTrafficDenied",
      "NetwardPolicyDenied",
      "NetwardNamespaceDenialRate",
      "NetwardDataplaneDrift",
      "NetwardIngestStalled",
      "NetwardSnapshotReloadFailed",
    ];
    const alerts = ["15s", "5m", "10m"].flatMap((time) => names.map((name) => at(time, name)));
    expect(unitTest(["--policy-pattern", ".*"], series, alerts)).toMatch(passes);
  });
});
