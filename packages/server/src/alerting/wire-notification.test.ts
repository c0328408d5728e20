// Tests for the notifications receivers get: Go's sorted maps and zero time, and the resolved alerts left out where unwanted.
import type { Notification as GroupNotification } from "@netward/core";
import { describe, expect, it } from "vitest";
import { wireNotification, withoutResolved, zeroTime } from "./wire-notification.js";

const group: GroupNotification = {
  receiver: "team",
  groupKey: '{}:{alertname="denied"}',
  groupLabels: { alertname: "denied" },
  status: "firing",
  alerts: [
    {
      status: "firing",
      labels: { source_namespace: "shop", alertname: "denied", severity: "80" },
      annotations: { summary: "s1", description: "d" },
      startsAt: Date.parse("2026-11-23T10:00:00Z"),
      fingerprint: "a1",
    },
    {
      status: "resolved",
      labels: { source_namespace: "pay", alertname: "denied", severity: "80" },
      annotations: { summary: "s2", description: "d" },
      startsAt: Date.parse("2026-11-23T09:00:00Z"),
      endsAt: Date.parse("2026-11-23T09:30:00Z"),
      generatorURL: "http://netward.test/api/alerts?rule=denied",
      fingerprint: "b2",
    },
  ],
  commonLabels: { severity: "80", alertname: "denied" },
  commonAnnotations: { description: "d" },
};

describe("wireNotification", () => {
  it("writes maps in key order, times in RFC 3339, Go's zero time as a firing alert's end", () => {
    const n = wireNotification(group, "http://netward.test/");
    expect(n.externalURL).toBe("http://netward.test");
    expect(Object.keys(n.alerts[0]!.labels)).toEqual(["alertname", "severity", "source_namespace"]);
    expect(Object.keys(n.commonLabels)).toEqual(["alertname", "severity"]);
    expect(Object.keys(n.alerts[0]!.annotations)).toEqual(["description", "summary"]);
    expect(n.alerts.map((a) => [a.startsAt, a.endsAt, a.generatorURL])).toEqual([
      ["2026-11-23T10:00:00.000Z", zeroTime, ""],
      ["2026-11-23T09:00:00.000Z", "2026-11-23T09:30:00.000Z", "http://netward.test/api/alerts?rule=denied"],
    ]);
    expect(n.truncatedAlerts).toBe(0);
  });

  it("leaves resolved alerts out for integrations without send_resolved, recomputing what is common", () => {
    const n = wireNotification(group, "http://netward.test");
    const firing = withoutResolved(n)!;
    expect(firing.alerts.map((a) => a.fingerprint)).toEqual(["a1"]);
    expect(firing.commonLabels).toEqual({ alertname: "denied", severity: "80", source_namespace: "shop" });
    expect(firing.commonAnnotations).toEqual({ description: "d", summary: "s1" });
    const allResolved = { ...n, status: "resolved" as const, alerts: n.alerts.slice(1) };
    expect(withoutResolved(allResolved)).toBeUndefined();
    const allFiring = { ...n, alerts: n.alerts.slice(0, 1) };
    expect(withoutResolved(allFiring)).toBe(allFiring);
  });
});
