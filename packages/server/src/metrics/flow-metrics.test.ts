// FlowMetrics fed with the shop cluster's real flow samples: counters at 0 on load, denials, rule hits, drift.
import type { AttributedFlow, Engine } from "@netward/core";
import { beforeAll, describe, expect, it } from "vitest";
import { FlowMetrics } from "./flow-metrics.js";
import { attributedSample, FakeClock, seriesCount, seriesValue, shopEngine } from "./metrics.testkit.js";

let engine: Engine;
let calico: Map<number, AttributedFlow>;

beforeAll(async () => {
  engine = await shopEngine();
  calico = attributedSample(engine, "calico-flowlog/flows.log");
});

const line = (n: number): AttributedFlow => calico.get(n)!;

function loaded(): FlowMetrics {
  const m = new FlowMetrics({ instance: "netward-0", now: new FakeClock().now });
  m.loadPolicies(engine);
  return m;
}

const egressDenyAll = {
  tier: "default",
  policy: "shop/default-deny-all",
  namespace: "shop",
  direction: "egress",
};

describe("FlowMetrics.loadPolicies", () => {
  it("creates every enforced policy's flow and drift counters at 0, for each direction it covers", async () => {
    const m = loaded();
    expect(await seriesValue(m.registry, "netward_flows_total", { ...egressDenyAll, verdict: "deny" })).toBe(
      0,
    );
    expect(await seriesValue(m.registry, "netward_flows_total", { ...egressDenyAll, verdict: "allow" })).toBe(
      0,
    );
    expect(await seriesValue(m.registry, "netward_drift_flows_total", egressDenyAll)).toBe(0);
    const ingressOnly = { tier: "default", policy: "shop/allow-frontend-ingress", namespace: "shop" };
    expect(
      await seriesValue(m.registry, "netward_drift_flows_total", { ...ingressOnly, direction: "ingress" }),
    ).toBe(0);
    expect(
      await seriesValue(m.registry, "netward_drift_flows_total", { ...ingressOnly, direction: "egress" }),
    ).toBe(undefined);
    const policies = engine.tiers.flatMap((t) => t.policies.filter((p) => !p.staged));
    const directions = policies.reduce((n, p) => n + p.types.size, 0);
    const profiles = new Set(engine.endpoints.flatMap((e) => e.get().profiles.map((p) => p.name))).size;
    expect(await seriesCount(m.registry, "netward_drift_flows_total")).toBe(directions + 2 * profiles);
    expect(await seriesCount(m.registry, "netward_flows_total")).toBe(2 * (directions + 2 * profiles));
  });

  it("removes the series of policies that are gone and keeps the others' counts", async () => {
    const m = loaded();
    m.observe(line(6));
    const withoutDenyAll = {
      ...engine,
      tiers: engine.tiers.map((t) => ({
        ...t,
        policies: t.policies.filter(
          (p) => !(p.ref.namespace === "shop" && p.ref.name === "default-deny-all"),
        ),
      })),
    };
    m.loadPolicies(withoutDenyAll);
    expect(await seriesValue(m.registry, "netward_flows_total", { ...egressDenyAll, verdict: "deny" })).toBe(
      undefined,
    );
    const text = await m.metrics();
    expect(text).not.toContain('policy="default-deny-all",namespace="shop"');
    expect(text).toContain('policy="shop-data/default-deny-all"');
    expect(
      await seriesValue(m.registry, "netward_flows_total", {
        tier: "default",
        policy: "shop-data/default-deny-all",
        namespace: "shop-data",
        direction: "ingress",
        verdict: "deny",
      }),
    ).toBe(1);
  });
});

describe("FlowMetrics.observe", () => {
  it("counts a denial (flows.log line 6: end of tier default on both sides) in every metric", async () => {
    const m = loaded();
    const a = line(6);
    expect([a.flow.packets, a.flow.bytes, a.flow.count, a.flow.host]).toEqual([5, 300, 1, "node-a"]);
    m.observe(a);
    const r = m.registry;
    const denied = {
      policy: "default|shop/default-deny-all|-1|deny",
      srcIP: "10.244.0.21",
      instance: "node-a",
    };
    expect(await seriesValue(r, "calico_denied_packets", denied)).toBe(5);
    expect(await seriesValue(r, "calico_denied_bytes", denied)).toBe(300);
    expect(await seriesCount(r, "calico_denied_packets")).toBe(1);
    const flows = {
      policy: denied.policy,
      source: "shop/storefront-6c9d7f-x8k2p",
      destination: "shop-data/orders-db-0",
      instance: "node-a",
    };
    expect(await seriesValue(r, "netward_denied_flows", flows)).toBe(1);
    const egress = {
      tier: "default",
      policy: "default-deny-all",
      namespace: "shop",
      rule_index: "-1",
      action: "deny",
      traffic_direction: "outbound",
      rule_direction: "egress",
      instance: "node-a",
    };
    const ingress = {
      ...egress,
      namespace: "shop-data",
      traffic_direction: "inbound",
      rule_direction: "ingress",
    };
    for (const [metric, value] of [
      ["cnx_policy_rule_packets", 5],
      ["cnx_policy_rule_bytes", 300],
      ["cnx_policy_rule_connections", 1],
    ] as const) {
      expect(await seriesValue(r, metric, egress)).toBe(value);
      expect(await seriesValue(r, metric, ingress)).toBe(value);
      expect(await seriesCount(r, metric)).toBe(2);
    }
    expect(await seriesValue(r, "netward_flows_total", { ...egressDenyAll, verdict: "deny" })).toBe(1);
    expect(await seriesValue(r, "netward_drift_flows_total", egressDenyAll)).toBe(0);
  });

  it("counts drift under the policy that decided the reported side, or under no policy", async () => {
    const m = loaded();
    const byForward = line(22);
    expect(byForward.drift).toEqual({ reported: "deny", model: "allow", side: "verdict" });
    m.observe(byForward);
    const ingress = {
      tier: "default",
      policy: "shop/allow-frontend-ingress",
      namespace: "shop",
      direction: "ingress",
    };
    expect(await seriesValue(m.registry, "netward_drift_flows_total", ingress)).toBe(1);
    expect(await seriesValue(m.registry, "netward_flows_total", { ...ingress, verdict: "allow" })).toBe(1);
    const toOutside = line(13);
    expect(toOutside.drift).toEqual({ reported: "deny", model: "allow", side: "ingress" });
    m.observe(toOutside);
    const none = { tier: "", policy: "", namespace: "", direction: "ingress" };
    expect(await seriesValue(m.registry, "netward_drift_flows_total", none)).toBe(1);
    expect(await m.metrics()).toContain(
      'netward_drift_flows_total{tier="",policy="",namespace="",direction="ingress"} 1',
    );
  });

  it("names aggregated ends by workload in netward_denied_flows (line 19)", async () => {
    const m = loaded();
    const a = line(19);
    m.observe(a);
    const flows = {
      policy: "default|shop/default-deny-all|-1|deny",
      source: "shop/storefront-6c9d7f-*",
      destination: "shop/promo-banner-*",
      instance: "node-a",
    };
    expect(a.flow.host).toBe("node-a");
    expect(await seriesValue(m.registry, "netward_denied_flows", flows)).toBe(a.flow.count);
  });

  it("uses the configured instance for flows without a host, and only notes the time of unattributed flows", async () => {
    const kernel = attributedSample(engine, "kernel-log/dmesg.log").get(5)!;
    expect(kernel.flow.host).toBe(undefined);
    const m = loaded();
    m.observe(kernel);
    const denied = {
      policy: "default|shop/default-deny-all|-1|deny",
      srcIP: "10.0.0.1",
      instance: "netward-0",
    };
    expect(await seriesValue(m.registry, "calico_denied_packets", denied)).toBe(kernel.flow.packets);
    const unattributed = line(26);
    expect(unattributed.enforced).toBe(undefined);
    const before = await m.metrics();
    m.observe(unattributed);
    const strip = (t: string) => t.replace(/^netward_(last_flow_timestamp|ingest_lag)_seconds .*$/gm, "");
    expect(strip(await m.metrics())).toBe(strip(before));
    expect(await seriesValue(m.registry, "netward_last_flow_timestamp_seconds", {})).toBe(
      Math.max(kernel.flow.end, unattributed.flow.end) / 1000,
    );
  });

  it("reports the self metrics and the lag from the clock at scrape", async () => {
    const clock = new FakeClock(Date.UTC(2025, 2, 6, 15));
    const m = new FlowMetrics({ instance: "netward-0", now: clock.now });
    expect(await seriesCount(m.registry, "netward_ingest_lag_seconds")).toBe(0);
    m.observe(line(6));
    clock.ms += 2_500;
    const lag = (clock.ms - line(6).flow.end) / 1000;
    expect(await seriesValue(m.registry, "netward_ingest_lag_seconds", {})).toBe(lag);
    m.recordIngest("calico-flowlog", 30, 2);
    m.recordDropped("queue-full", 3);
    m.setStoreBytes(4096);
    m.snapshotReload(true);
    m.snapshotReload(false);
    const r = m.registry;
    expect(await seriesValue(r, "netward_ingested_records_total", { format: "calico-flowlog" })).toBe(30);
    expect(await seriesValue(r, "netward_ingested_records_total", { format: "hubble" })).toBe(0);
    expect(await seriesValue(r, "netward_rejected_records_total", { format: "calico-flowlog" })).toBe(2);
    expect(await seriesValue(r, "netward_dropped_records_total", { reason: "queue-full" })).toBe(3);
    expect(await seriesValue(r, "netward_store_bytes", {})).toBe(4096);
    expect(await seriesValue(r, "netward_snapshot_reloads_total", { result: "ok" })).toBe(1);
    expect(await seriesValue(r, "netward_snapshot_reloads_total", { result: "error" })).toBe(1);
    expect(await seriesValue(r, "netward_snapshot_ok", {})).toBe(0);
    expect(m.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });
});
