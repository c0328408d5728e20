// Tests for inhibit rules: equal labels, old and new matcher forms, resolved sources, and two-sided matches.
import { describe, expect, it } from "vitest";
import { Inhibitor } from "./inhibition.js";

describe("inhibition", () => {
  it("inhibits a target only while a firing source agrees on every equal label", () => {
    const inhibitor = new Inhibitor([
      {
        source_match: { severity: "critical" },
        target_match_re: { severity: "warn.*" },
        equal: ["cluster", "zone"],
      },
    ]);
    inhibitor.observe({ labels: { severity: "critical", cluster: "c1" }, endsAt: 1000 });
    expect(inhibitor.mutes({ severity: "warning", cluster: "c1" }, 500)).toBe(true);
    expect(inhibitor.mutes({ severity: "warning", cluster: "c1", zone: "z" }, 500)).toBe(false);
    expect(inhibitor.mutes({ severity: "warning", cluster: "c2" }, 500)).toBe(false);
    expect(inhibitor.mutes({ severity: "info", cluster: "c1" }, 500)).toBe(false);
    expect(inhibitor.mutes({ severity: "warning", cluster: "c1" }, 1000)).toBe(false);
    inhibitor.collect(1000);
    expect(inhibitor.mutes({ severity: "warning", cluster: "c1" }, 0)).toBe(false);
  });

  it("uses the latest state of a source alert", () => {
    const inhibitor = new Inhibitor([
      {
        source_matchers: [{ name: "alertname", value: "NodeDown", type: "=" }],
        target_matchers: [],
        equal: ["node"],
      },
    ]);
    inhibitor.observe({ labels: { alertname: "NodeDown", node: "n1" } });
    expect(inhibitor.mutes({ alertname: "PodDenied", node: "n1" }, 10)).toBe(true);
    inhibitor.observe({ labels: { alertname: "NodeDown", node: "n1" }, endsAt: 5 });
    expect(inhibitor.mutes({ alertname: "PodDenied", node: "n1" }, 10)).toBe(false);
  });

  it("does not let alerts matching both sides inhibit each other", () => {
    const inhibitor = new Inhibitor([{ source_match: { team: "net" }, target_match: { team: "net" } }]);
    inhibitor.observe({ labels: { team: "net", alertname: "A" } });
    inhibitor.observe({ labels: { team: "net", alertname: "B" } });
    expect(inhibitor.mutes({ team: "net", alertname: "A" }, 0)).toBe(false);
  });

  it("reports and drops a rule with a bad regular expression", () => {
    const inhibitor = new Inhibitor([{ source_match_re: { a: "(" } }]);
    expect(inhibitor.errors).toHaveLength(1);
    expect(inhibitor.errors[0]).toMatch(/^inhibit rule 0: invalid regular expression/);
  });
});
