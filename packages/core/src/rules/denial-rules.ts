// The rules about denied traffic: any denial, denials by policies matching a pattern, and a namespace's denial rate.
import type { ResolvedPromRuleOptions } from "./rule-options.js";
import { promString, type PromAlertRule } from "./rule-file.js";

/*
 * Why `max_over_time(netward_denied_flows[window]) > 0`, not `increase(...) > 0`:
 * `netward_denied_flows` is a gauge that appears at a first denial and disappears 60 s after the last one
 * (METRICS.md), so the presence of a sample in the window is itself the event "traffic was denied". A
 * range function over the window sees a brand-new series at its very first sample (`increase` needs two
 * samples, and the first one is already non-zero, so it reports nothing), and sees a series that expired
 * and came back at its first new sample too, whatever its value. The common workaround
 * `(increase(x[1m]) > 0) or (x unless x offset 1m)` misses a series that comes back within a minute with
 * the value it had before: the range holds only equal values and the offset sample still exists.
 * Looking at the window rather than the instant also keeps a series visible to an evaluation that runs
 * after it went stale, and stops one failed scrape from resolving and re-sending the alert.
 */

const deniedFlows = (selector: string, window: string): string =>
  `max_over_time(netward_denied_flows${selector}[${window}]) > 0`;

const who = "{{ $labels.source }} -> {{ $labels.destination }}";
const what =
  "denied traffic from {{ $labels.source }} to {{ $labels.destination }} on {{ $labels.instance }}";
const count = "({{ $value }} denied flows counted)";

/** `NetwardTrafficDenied`: fires for every source, destination and policy with a denial in the window. */
export function trafficDenied(o: ResolvedPromRuleOptions): PromAlertRule {
  return {
    alert: "NetwardTrafficDenied",
    expr: deniedFlows("", o.window),
    labels: { severity: o.severity },
    annotations: {
      summary: `Traffic denied: ${who} by {{ $labels.policy }}`,
      description: `Policy {{ $labels.policy }} ${what} in the last ${o.window} ${count}.`,
    },
  };
}

/** `NetwardPolicyDenied`: like `NetwardTrafficDenied`, only for policies whose name matches `pattern`. */
export function policyDenied(o: ResolvedPromRuleOptions, pattern: string): PromAlertRule {
  return {
    alert: "NetwardPolicyDenied",
    expr: deniedFlows(`{policy=~${promString(pattern)}}`, o.window),
    labels: { severity: o.severity, policy_pattern: pattern },
    annotations: {
      summary: `Policy {{ $labels.policy }} denied ${who}`,
      description: `Policy {{ $labels.policy }} (matching ${pattern}) ${what} in the last ${o.window} ${count}.`,
    },
  };
}

/**
 * `NetwardNamespaceDenialRate`: denied flows per second in one namespace above the threshold, over 5m.
 * `netward_flows_total` series are created at 0 when a snapshot loads, so the first denial is an increase.
 */
export function namespaceDenialRate(o: ResolvedPromRuleOptions): PromAlertRule {
  return {
    alert: "NetwardNamespaceDenialRate",
    expr: `sum by (namespace) (rate(netward_flows_total{verdict="deny"}[5m])) > ${o.namespaceRate}`,
    labels: { severity: o.severity },
    annotations: {
      summary: "Namespace {{ $labels.namespace }} denies {{ $value | humanize }} flows/s",
      description: `Namespace {{ $labels.namespace }} had {{ $value | humanize }} denied flows per second over the last 5m, above the threshold of ${o.namespaceRate}/s.`,
    },
  };
}
