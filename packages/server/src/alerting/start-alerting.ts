// Starts alerting for `netward serve` from the effective config: rules fed by the live flows, windows seeded from the store.
import {
  aggregateFlows,
  EngineHistory,
  withWorkloadNames,
  type AggregatedFlow,
  type AttributedFlow,
  type RouteNode,
} from "@netward/core";
import { alertingSetup } from "../config/alerting-setup.js";
import type { ServeConfig } from "../config/serve-config.js";
import { AlertMetrics } from "../metrics/alert-metrics.js";
import type { FlowMetrics } from "../metrics/flow-metrics.js";
import type { LiveFlows } from "../serve/live-flows.js";
import type { FlowStore } from "../store/flow-store.js";
import { AlertingService, longestLookback } from "./alerting-service.js";

/** What alerting is started with in a server. */
export interface StartAlertingOptions {
  config: ServeConfig;
  store: FlowStore;
  live: LiveFlows;
  metrics: FlowMetrics;
  /** The server's own URL, the default link back in notifications. */
  serverURL: () => string;
  log: (message: string) => void;
}

/**
 * Flows as alert rules see them: a flow without a real time (a dmesg uptime, a syslog stamp without a year) or
 * stamped in the future (a node's clock ahead) counts as arriving now, so that it falls in the rules' windows.
 */
export function timedForAlerts(flows: readonly AttributedFlow[], now: number): AttributedFlow[] {
  return flows.map((a) =>
    a.flow.timeRelative === true || a.flow.start > now
      ? { ...a, flow: { ...a.flow, start: now, end: Math.max(now, a.flow.timeRelative ? now : a.flow.end) } }
      : a,
  );
}

/** A warning for each route to an Alertmanager that would let it resolve firing alerts (resolve_timeout 5m). */
function forwarderWarnings(route: RouteNode, receivers: readonly { name: string; alertmanager?: unknown }[]) {
  const forwarding = new Set(receivers.filter((r) => r.alertmanager !== undefined).map((r) => r.name));
  const out: string[] = [];
  const walk = (node: RouteNode): void => {
    if (forwarding.has(node.receiver) && node.repeatIntervalMs >= 5 * 60_000)
      out.push(
        `alerting: ${node.path} sends to Alertmanager receiver ${node.receiver} with repeat_interval ${node.repeatIntervalMs / 60_000}m; ` +
          "Alertmanager resolves alerts not sent again within its resolve_timeout (default 5m): use a repeat_interval below it",
      );
    node.routes.forEach(walk);
  };
  walk(route);
  return out;
}

/** The stored records of a time range, their addresses resolved to workloads as live records are for the rules. */
async function recentRecords(
  options: StartAlertingOptions,
  from: number,
  to: number,
): Promise<AggregatedFlow[]> {
  const stored = await options.store.select({ from, to });
  const engine = options.live.attributor()?.engine;
  if (engine === undefined) return stored;
  const history = new EngineHistory(engine);
  return withWorkloadNames(stored, (t) => history.at(t));
}

/** The running alerting service, or undefined when the config has no route (alerting off). */
export async function startAlerting(options: StartAlertingOptions): Promise<AlertingService | undefined> {
  const setup = alertingSetup(options.config.alerting);
  if (setup.route === undefined) return undefined;
  const now = Date.now();
  const lookback = longestLookback(setup.rules);
  const recent = lookback === 0 ? [] : await recentRecords(options, now - lookback, now);
  const service = new AlertingService({
    rules: setup.rules,
    route: setup.route,
    inhibitRules: setup.inhibitRules,
    receivers: setup.receivers,
    dataDir: options.config.data,
    externalURL: () => setup.externalURL ?? options.serverURL(),
    log: options.log,
    metrics: new AlertMetrics(options.metrics.registry),
    recent,
  });
  const levels = { workloadNames: true };
  options.live.listen((flows) => service.observe(aggregateFlows(timedForAlerts(flows, Date.now()), levels)));
  for (const warning of forwarderWarnings(setup.route, setup.receivers)) options.log(warning);
  options.log(
    `alerting: ${setup.rules.length} rule(s), ${setup.receivers.length} receiver(s), ${recent.length} stored record(s) in the windows`,
  );
  return service;
}
