// Metrics of the alerting pipeline: notifications sent, failed, retried and dropped, queue depth, alerts, evaluation lag.
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

/** The counters a delivery lane reports (cumulative, as the delivery queue keeps them). */
export interface LaneCounts {
  sent: number;
  failed: number;
  retried: number;
  dropped: number;
  depth: number;
}

type LaneLabels = "receiver" | "integration";

/** The alerting metrics of METRICS.md, on the server's registry. */
export class AlertMetrics {
  readonly #sent: Counter<LaneLabels>;
  readonly #failed: Counter<LaneLabels>;
  readonly #retried: Counter<LaneLabels>;
  readonly #dropped: Counter<LaneLabels>;
  readonly #depth: Gauge<LaneLabels>;
  readonly #alerts: Gauge<"alertstate">;
  readonly #lag: Histogram<"rule">;
  readonly #windowDropped: Counter;
  readonly #last = new Map<string, LaneCounts>();

  constructor(registry: Registry) {
    const registers = [registry];
    const labelNames: LaneLabels[] = ["receiver", "integration"];
    this.#sent = new Counter({
      name: "netward_notifications_total",
      help: "Notifications delivered.",
      labelNames,
      registers,
    });
    this.#failed = new Counter({
      name: "netward_notifications_failed_total",
      help: "Notifications given up: refused for good or too old to retry.",
      labelNames,
      registers,
    });
    this.#retried = new Counter({
      name: "netward_notification_retries_total",
      help: "Delivery attempts that failed and were retried.",
      labelNames,
      registers,
    });
    this.#dropped = new Counter({
      name: "netward_notifications_dropped_total",
      help: "Notifications dropped because the receiver's queue was full.",
      labelNames,
      registers,
    });
    this.#depth = new Gauge({
      name: "netward_notification_queue_depth",
      help: "Notifications waiting for delivery.",
      labelNames,
      registers,
    });
    this.#alerts = new Gauge({
      name: "netward_alerts",
      help: "Alerts of the alert rules, by state.",
      labelNames: ["alertstate"],
      registers,
    });
    for (const alertstate of ["pending", "firing", "resolved"]) this.#alerts.set({ alertstate }, 0);
    this.#lag = new Histogram({
      name: "netward_alert_evaluation_lag_seconds",
      help: "From flows arriving (or a rule falling due) to the rule's evaluation done.",
      labelNames: ["rule"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.#windowDropped = new Counter({
      name: "netward_alert_window_dropped_records_total",
      help: "Flow records dropped from the alert rules' window before their time, to stay under its cap.",
      registers,
    });
  }

  /** Creates a lane's series at 0, so a first failure is an increase. */
  addLane(receiver: string, integration: string): void {
    const labels = { receiver, integration };
    for (const c of [this.#sent, this.#failed, this.#retried, this.#dropped]) c.inc(labels, 0);
    this.#depth.set(labels, 0);
  }

  /** Takes a lane's cumulative counters and adds what changed since the last call. */
  laneCounts(receiver: string, integration: string, counts: Readonly<LaneCounts>): void {
    const key = `${receiver}\u0000${integration}`;
    const last = this.#last.get(key) ?? { sent: 0, failed: 0, retried: 0, dropped: 0, depth: 0 };
    const labels = { receiver, integration };
    this.#sent.inc(labels, counts.sent - last.sent);
    this.#failed.inc(labels, counts.failed - last.failed);
    this.#retried.inc(labels, counts.retried - last.retried);
    this.#dropped.inc(labels, counts.dropped - last.dropped);
    this.#depth.set(labels, counts.depth);
    this.#last.set(key, { ...counts });
  }

  /** Records one evaluation of a rule and how late it finished, in milliseconds. */
  evaluated(rule: string, lagMs: number): void {
    this.#lag.observe({ rule }, lagMs / 1000);
  }

  /** Counts records dropped from the rules' window to stay under its cap. */
  windowDropped(records: number): void {
    this.#windowDropped.inc(records);
  }

  /** Sets how many alerts are in each state. */
  alertCounts(counts: Readonly<Record<"pending" | "firing" | "resolved", number>>): void {
    for (const [alertstate, n] of Object.entries(counts)) this.#alerts.set({ alertstate }, n);
  }
}
