// Starts alerting for `netward serve` from the effective config: rules fed by the live flows, windows seeded from the store.
import { aggregateFlows, type AggregationOptions } from "@netward/core";
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
  levels?: AggregationOptions;
}

/** The running alerting service, or undefined when the config has no route (alerting off). */
export async function startAlerting(options: StartAlertingOptions): Promise<AlertingService | undefined> {
  const setup = alertingSetup(options.config.alerting);
  if (setup.route === undefined) return undefined;
  const now = Date.now();
  const lookback = longestLookback(setup.rules);
  const recent = lookback === 0 ? [] : await options.store.select({ from: now - lookback, to: now });
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
  const levels = { ...options.levels, workloadNames: true };
  options.live.listen((flows) => service.observe(aggregateFlows(flows, levels)));
  options.log(
    `alerting: ${setup.rules.length} rule(s), ${setup.receivers.length} receiver(s), ${recent.length} stored record(s) in the windows`,
  );
  return service;
}
