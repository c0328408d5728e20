// The exposition text of every metric, fed with every flow sample, checked by the real `promtool check metrics`.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { FlowMetrics } from "./flow-metrics.js";
import { attributedSample, FakeClock, shopEngine } from "./metrics.testkit.js";

const samples = [
  "calico-flowlog/flows.log",
  "whisker/flows.jsonl",
  "hubble/observe.jsonl",
  "kernel-log/dmesg.log",
  "netward/flows.jsonl",
  "pcap/loopback.pcap",
];

/** The lint findings promtool reports for names the Calico Enterprise contract fixes: counters without `_total`, `srcIP`. */
const contractNames = [
  ...["cnx_policy_rule_bytes", "cnx_policy_rule_connections", "cnx_policy_rule_packets"].map(
    (name) => `${name} counter metrics should have "_total" suffix`,
  ),
  ...["calico_denied_bytes", "calico_denied_packets"].map(
    (name) => `${name} label names should be written in 'snake_case' not 'camelCase'`,
  ),
];

describe("exposition", () => {
  it("passes promtool check metrics, its only findings the names the Calico contract fixes", async () => {
    const engine = await shopEngine();
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 12));
    const m = new FlowMetrics({ instance: "netward-0", now: clock.now });
    m.loadPolicies(engine);
    m.snapshotReload(true);
    m.setStoreBytes(1 << 20);
    for (const file of samples)
      for (const a of attributedSample(engine, file).values()) {
        m.observe(a);
        m.recordIngest(a.flow.origin.format, 1, 0);
      }
    m.recordDropped("queue-full", 1);
    const text = await m.metrics();
    expect(text).toContain("calico_denied_packets{");
    expect(text).toContain("cnx_policy_rule_connections{");
    const run = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
    expect(run.error).toBe(undefined);
    const findings = `${run.stdout}${run.stderr}`.split("\n").filter((l) => l.trim() !== "");
    expect([...new Set(findings)].sort()).toEqual([...contractNames].sort());
    expect(run.status).toBe(3);
    const ours = text
      .split("\n")
      .filter((l) => !/^(# (HELP|TYPE) )?(calico_denied_|cnx_policy_rule_)/.test(l))
      .join("\n");
    const clean = spawnSync("promtool", ["check", "metrics"], { input: ours, encoding: "utf8" });
    expect(`${clean.stdout}${clean.stderr}`).toBe("");
    expect(clean.status).toBe(0);
  });
});
