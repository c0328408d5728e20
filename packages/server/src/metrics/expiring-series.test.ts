// Expiry of the denied-traffic series with a fake clock: present at 59.999 s, gone at 60 s, extended by updates.
import type { AttributedFlow } from "@netward/core";
import { beforeAll, describe, expect, it } from "vitest";
import { FlowMetrics } from "./flow-metrics.js";
import { attributedSample, FakeClock, seriesCount, seriesValue, shopEngine } from "./metrics.testkit.js";

let denial: AttributedFlow;

beforeAll(async () => {
  denial = attributedSample(await shopEngine(), "calico-flowlog/flows.log").get(6)!;
});

const denied = { policy: "default|shop/default-deny-all|-1|deny", srcIP: "10.244.0.21", instance: "node-a" };
const expiring = ["calico_denied_packets", "calico_denied_bytes", "netward_denied_flows"];

async function counts(m: FlowMetrics): Promise<number[]> {
  return Promise.all(expiring.map((name) => seriesCount(m.registry, name)));
}

describe("denied-traffic series expire 60 s after their last update", () => {
  it("are present at 59.999 s and gone at 60 s", async () => {
    const clock = new FakeClock();
    const m = new FlowMetrics({ instance: "netward-0", now: clock.now });
    m.observe(denial);
    clock.ms += 59_999;
    expect(await counts(m)).toEqual([1, 1, 1]);
    clock.ms += 1;
    expect(await counts(m)).toEqual([0, 0, 0]);
    expect(await m.metrics()).not.toContain("srcIP=");
  });

  it("live 60 s from an update in between, which adds to the series", async () => {
    const clock = new FakeClock();
    const m = new FlowMetrics({ instance: "netward-0", now: clock.now });
    m.observe(denial);
    clock.ms += 30_000;
    m.observe(denial);
    clock.ms += 59_999;
    expect(await seriesValue(m.registry, "calico_denied_packets", denied)).toBe(10);
    clock.ms += 1;
    expect(await seriesValue(m.registry, "calico_denied_packets", denied)).toBe(undefined);
  });

  it("start again from the flow's own count after expiring, even before a sweep", async () => {
    const clock = new FakeClock();
    const m = new FlowMetrics({ instance: "netward-0", now: clock.now });
    m.observe(denial);
    clock.ms += 60_000;
    m.observe(denial);
    expect(await seriesValue(m.registry, "calico_denied_packets", denied)).toBe(5);
  });

  it("are swept while flows arrive, without a scrape, so their room is freed", async () => {
    const clock = new FakeClock();
    const m = new FlowMetrics({ instance: "netward-0", now: clock.now, seriesCap: 1 });
    m.observe(denial);
    clock.ms += 60_000;
    const other = { ...denial, flow: { ...denial.flow, src: { ...denial.flow.src, ip: "10.244.0.99" } } };
    m.observe(other);
    const value = await seriesValue(m.registry, "netward_series_dropped_total", {
      metric: "calico_denied_packets",
    });
    expect(value).toBe(0);
    expect(await seriesValue(m.registry, "calico_denied_packets", { ...denied, srcIP: "10.244.0.99" })).toBe(
      5,
    );
  });
});
