// The series cap under 100,000 distinct source addresses: existing series keep counting, the overflow is counted exactly.
import type { AttributedFlow } from "@netward/core";
import { beforeAll, describe, expect, it } from "vitest";
import { FlowMetrics } from "./flow-metrics.js";
import { attributedSample, FakeClock, seriesCount, seriesValue, shopEngine } from "./metrics.testkit.js";

let denial: AttributedFlow;

beforeAll(async () => {
  denial = attributedSample(await shopEngine(), "kernel-log/dmesg.log").get(5)!;
});

/** The same denial (from outside to shop/debug-toolbox) from the n-th address of 172.16.0.0/12. */
function from(n: number): AttributedFlow {
  const ip = `172.${16 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
  return {
    ...denial,
    src: { ...denial.src, name: ip },
    flow: { ...denial.flow, src: { ...denial.flow.src, ip } },
  };
}

describe("series cap", () => {
  it("holds at 10,000 series per metric under 100,000 source addresses and counts the rest", async () => {
    expect(denial.src.kind).toBe("external");
    const m = new FlowMetrics({ instance: "netward-0", now: new FakeClock().now });
    for (let n = 0; n < 100_000; n++) m.observe(from(n));
    m.observe(from(0));
    const r = m.registry;
    for (const metric of ["calico_denied_packets", "calico_denied_bytes", "netward_denied_flows"]) {
      expect(await seriesCount(r, metric)).toBe(10_000);
      expect(await seriesValue(r, "netward_series_dropped_total", { metric })).toBe(90_000);
    }
    for (const metric of ["cnx_policy_rule_packets", "cnx_policy_rule_connections"]) {
      expect(await seriesValue(r, "netward_series_dropped_total", { metric })).toBe(0);
    }
    const first = {
      policy: "default|shop/default-deny-all|-1|deny",
      srcIP: "172.16.0.0",
      instance: "netward-0",
    };
    expect(await seriesValue(r, "calico_denied_packets", first)).toBe(2 * (denial.flow.packets ?? 0));
    expect(await seriesValue(r, "calico_denied_packets", { ...first, srcIP: "172.16.39.16" })).toBe(
      undefined,
    );
  });
});
