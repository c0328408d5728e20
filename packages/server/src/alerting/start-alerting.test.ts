// Tests for how flows are timed for alert rules: relative and future times count as arriving now, real times stay.
import type { Flow } from "@netward/core";
import { describe, expect, it } from "vitest";
import { unattributed } from "../flows/ingest-pipeline.js";
import { timedForAlerts } from "./start-alerting.js";

const now = 1_800_000_000_000;
const flow = (start: number, extra: Partial<Flow> = {}): Flow => ({
  start,
  end: start + 10,
  src: { ip: "10.0.0.1" },
  dst: { ip: "10.0.0.2", port: 80 },
  protocol: 6,
  count: 1,
  origin: { format: "kernel-log" },
  ...extra,
});

describe("timedForAlerts", () => {
  it("keeps real past times, and moves uptime-stamped and future flows to now", () => {
    const flows = [flow(now - 5000), flow(86_512_000, { timeRelative: true }), flow(now + 2000)].map(
      unattributed,
    );
    expect(timedForAlerts(flows, now).map((a) => [a.flow.start - now, a.flow.end - now])).toEqual([
      [-5000, -4990],
      [0, 0],
      [0, 2010],
    ]);
    expect(timedForAlerts(flows, now)[0]).toBe(flows[0]);
  });
});
