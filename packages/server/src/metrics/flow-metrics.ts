// The metrics of METRICS.md on one prom-client registry, updated from attributed flows and read by scrapes.
import { Counter, Registry } from "prom-client";
import type { AttributedFlow, Engine, FlowFormat } from "@netward/core";
import { ExpiringSeries } from "./expiring-series.js";
import { deniedPolicyLabel, denyingSide, endLabel, sidesOf } from "./flow-labels.js";
import { PolicyCounters, policyKey } from "./policy-counters.js";
import { CappedSeries, DEFAULT_SERIES_CAP } from "./series-cap.js";
import { SelfMetrics } from "./self-metrics.js";
import { TextExposition } from "./text-exposition.js";

/** How FlowMetrics is set up. */
export interface FlowMetricsOptions {
  /** The `instance` of flows that name no host: netward's `--instance` (the caller defaults it to the hostname). */
  instance: string;
  /** The clock, in milliseconds; expiry and lag read nothing else. */
  now: () => number;
  /** Series per metric with per-flow labels (`--series-cap`). */
  seriesCap?: number;
}

const ruleLabels = [
  "tier",
  "policy",
  "namespace",
  "rule_index",
  "action",
  "traffic_direction",
  "rule_direction",
  "instance",
] as const;
type RuleLabel = (typeof ruleLabels)[number];

/** Every metric netward exports, fed one attributed flow at a time. */
export class FlowMetrics {
  /** The prom-client registry holding every series (its text is written by metrics()). */
  readonly registry = new Registry();
  readonly #exposition = new TextExposition();
  readonly #instance: string;
  readonly #self: SelfMetrics;
  readonly #policies: PolicyCounters;
  readonly #rules: CappedSeries<RuleLabel>[];
  readonly #deniedPackets: ExpiringSeries<"policy" | "srcIP" | "instance">;
  readonly #deniedBytes: ExpiringSeries<"policy" | "srcIP" | "instance">;
  readonly #deniedFlows: ExpiringSeries<"policy" | "source" | "destination" | "instance">;

  constructor(options: FlowMetricsOptions) {
    const { now } = options;
    const cap = options.seriesCap ?? DEFAULT_SERIES_CAP;
    const registry = this.registry;
    this.#instance = options.instance;
    const refused = new Counter({
      name: "netward_series_dropped_total",
      help: "New series refused because the metric reached its series cap.",
      labelNames: ["metric"],
      registers: [registry],
    });
    this.#self = new SelfMetrics(registry, now);
    this.#policies = new PolicyCounters(registry);
    this.#rules = (["packets", "bytes", "connections"] as const).map((what) => {
      const name = `cnx_policy_rule_${what}`;
      const help = `${what === "connections" ? "Connections (flows)" : what === "bytes" ? "Bytes" : "Packets"} that hit a rule.`;
      const counter = new Counter({ name, help, labelNames: ruleLabels, registers: [registry] });
      return new CappedSeries(counter, name, ruleLabels, cap, refused, now);
    });
    const denied = { registry, cap, refused, now } as const;
    const deniedLabels = ["policy", "srcIP", "instance"] as const;
    this.#deniedPackets = ExpiringSeries.gauge({
      ...denied,
      name: "calico_denied_packets",
      help: "Packets denied since the series appeared (it expires 60 s after its last flow).",
      labelNames: deniedLabels,
    });
    this.#deniedBytes = ExpiringSeries.gauge({
      ...denied,
      name: "calico_denied_bytes",
      help: "Bytes of the packets denied since the series appeared (it expires 60 s after its last flow).",
      labelNames: deniedLabels,
    });
    this.#deniedFlows = ExpiringSeries.gauge({
      ...denied,
      name: "netward_denied_flows",
      help: "Denied flows since the series appeared, by source and destination (it expires 60 s after its last flow).",
      labelNames: ["policy", "source", "destination", "instance"],
    });
  }

  /** Creates the per-policy counters of every enforced policy at 0; drops the series of policies gone from the engine. */
  loadPolicies(engine: Engine): void {
    const present = this.#policies.load(engine);
    const kept = (l: Readonly<Record<RuleLabel, string>>) =>
      present.has(policyKey(l.tier, l.namespace === "" ? l.policy : `${l.namespace}/${l.policy}`));
    for (const rule of this.#rules) rule.keepOnly(kept);
  }

  /** Updates every metric from one attributed flow; a flow without a verdict only moves the newest flow time. */
  observe(a: AttributedFlow): void {
    const { flow } = a;
    if (flow.timeRelative !== true) this.#self.flowSeen(flow.end);
    const v = a.enforced;
    if (v === undefined) return;
    this.#policies.observe(a);
    const instance = flow.host ?? this.#instance;
    const amounts = [flow.packets ?? 0, flow.bytes ?? 0, flow.count];
    for (const { direction, side } of sidesOf(v))
      for (const hit of side.hits) {
        const labels = {
          tier: hit.tier,
          policy: hit.name,
          namespace: hit.namespace ?? "",
          rule_index: String(hit.ruleIndex),
          action: hit.action,
          traffic_direction: direction === "ingress" ? "inbound" : "outbound",
          rule_direction: direction,
          instance,
        };
        this.#rules.forEach((rule, i) => rule.inc(labels, amounts[i] ?? 0));
      }
    const hit = v.verdict === "deny" ? denyingSide(v)?.side.hits.at(-1) : undefined;
    if (hit === undefined) return;
    const policy = deniedPolicyLabel(hit);
    const srcIP = flow.src.ip ?? "";
    this.#deniedPackets.inc({ policy, srcIP, instance }, flow.packets ?? 0);
    this.#deniedBytes.inc({ policy, srcIP, instance }, flow.bytes ?? 0);
    const source = endLabel(a, "src");
    this.#deniedFlows.inc({ policy, source, destination: endLabel(a, "dst"), instance }, flow.count);
  }

  /** Counts records read from one format and the bad ones skipped among them. */
  recordIngest(format: FlowFormat, records: number, rejected: number): void {
    this.#self.recordIngest(format, records, rejected);
  }

  /** Counts records read but not counted, by reason. */
  recordDropped(reason: string, n: number): void {
    this.#self.recordDropped(reason, n);
  }

  /** Sets the bytes the flow store's data takes. */
  setStoreBytes(bytes: number): void {
    this.#self.setStoreBytes(bytes);
  }

  /** Counts a snapshot (re)load and whether it succeeded. */
  snapshotReload(ok: boolean): void {
    this.#self.snapshotReload(ok);
  }

  /** The exposition text of every metric (expired series swept first), as prom-client writes it, label texts cached. */
  metrics(): Promise<string> {
    return this.#exposition.write(this.registry);
  }

  /** The exposition's content type. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
