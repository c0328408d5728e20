// The rules about netward itself and the dataplane: ingest stalled, dataplane drift, snapshot reload failed.
import type { ResolvedPromRuleOptions } from "./rule-options.js";
import type { PromAlertRule } from "./rule-file.js";

/** `NetwardIngestStalled`: no new flow for longer than the stall duration (netward computes the lag at each scrape). */
export function ingestStalled(o: ResolvedPromRuleOptions): PromAlertRule {
  return {
    alert: "NetwardIngestStalled",
    expr: `netward_ingest_lag_seconds > ${o.stallSeconds}`,
    labels: { severity: o.severity },
    annotations: {
      summary: "netward on {{ $labels.instance }} has ingested no flow for {{ $value | humanizeDuration }}",
      description: `The newest flow netward on {{ $labels.instance }} ingested is {{ $value | humanizeDuration }} old, more than ${o.stall}: its flow sources may be down or unreadable, and denials go unseen.`,
    },
  };
}

/**
 * `NetwardDataplaneDrift`: flows whose reported verdict differs from the model's, per policy.
 * The counters start at 0 when a snapshot loads, so `increase` sees the first drift; the `unless offset`
 * part also catches a series whose first scraped sample is already above 0 (drift before the first scrape).
 */
export function dataplaneDrift(o: ResolvedPromRuleOptions): PromAlertRule {
  const metric = "netward_drift_flows_total";
  return {
    alert: "NetwardDataplaneDrift",
    expr: `increase(${metric}[5m]) > 0 or (${metric} > 0 unless ${metric} offset 5m)`,
    labels: { severity: o.severity },
    annotations: {
      summary: "Dataplane drift under policy {{ $labels.policy }} ({{ $labels.direction }})",
      description:
        "In the last 5m, flows under policy {{ $labels.policy }} (tier {{ $labels.tier }}, {{ $labels.direction }}) on {{ $labels.instance }} got a different verdict from the dataplane than from the model (drifted flows: {{ $value | humanize }}): the cluster does not enforce what the manifests say.",
    },
  };
}

/** `NetwardSnapshotReloadFailed`: the last snapshot reload failed for 5m, so verdicts come from an older snapshot. */
export function snapshotReloadFailed(o: ResolvedPromRuleOptions): PromAlertRule {
  return {
    alert: "NetwardSnapshotReloadFailed",
    expr: "netward_snapshot_ok == 0",
    for: "5m",
    labels: { severity: o.severity },
    annotations: {
      summary: "netward on {{ $labels.instance }} cannot reload its policy snapshot",
      description:
        "The last snapshot reload on {{ $labels.instance }} failed; verdicts and metrics still use the last good snapshot. Run netward validate on the manifests to find the problem.",
    },
  };
}
