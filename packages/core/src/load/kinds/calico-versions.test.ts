// Tests for the rules that differ between Calico v3.31 and v3.32.
import { describe, expect, it } from "vitest";
import { issuesOf, loadValues } from "../testkit.js";

const tier = (name: string, spec: object) => ({
  apiVersion: "projectcalico.org/v3",
  kind: "Tier",
  metadata: { name },
  spec,
});
const icmpRule = (protocol: number | string) => ({
  apiVersion: "projectcalico.org/v3",
  kind: "GlobalNetworkPolicy",
  metadata: { name: "ping" },
  spec: { ingress: [{ action: "Allow", protocol, icmp: { type: 8 } }] },
});
const v32 = { calicoVersion: "v3.32" as const };

describe("Calico version differences", () => {
  it("the default tier may Pass in v3.31 (warning) but not in v3.32", () => {
    const pass = tier("default", { order: 1_000_000, defaultAction: "Pass" });
    expect(loadValues([pass]).issues).toMatchObject([
      { code: "invalid-value", severity: "warning", path: "spec.defaultAction" },
    ]);
    expect(loadValues([pass], v32).issues).toMatchObject([
      { code: "invalid-value", severity: "error", path: "spec.defaultAction" },
    ]);
  });

  it("reserves the renamed admin tiers in v3.32, with their order and Pass", () => {
    expect(issuesOf(tier("kube-admin", { order: 1000, defaultAction: "Pass" }), v32)).toEqual([]);
    expect(issuesOf(tier("kube-admin", { order: 1000 }), v32)).toEqual(["invalid-value spec.defaultAction"]);
    expect(issuesOf(tier("kube-baseline", { order: 5, defaultAction: "Pass" }), v32)).toEqual([
      "invalid-value spec.order",
    ]);
    expect(issuesOf(tier("kube-admin", { order: 5 }))).toEqual([]);
    expect(issuesOf(tier("adminnetworkpolicy", { order: 5 }), v32)).toEqual([]);
  });

  it("icmp with a numeric protocol is rejected in v3.31 and accepted in v3.32", () => {
    expect(issuesOf(icmpRule(1))).toEqual(["conflicting-fields spec.ingress[0].icmp"]);
    expect(issuesOf(icmpRule(1), v32)).toEqual([]);
    expect(issuesOf(icmpRule(58), v32)).toEqual([]);
    expect(issuesOf(icmpRule("ICMP"))).toEqual([]);
  });
});
