// Tests for empty-tier: declared tiers without policies, leaving out the tiers Calico creates itself.
import { describe, expect, it } from "vitest";
import { calico, lintOf } from "./testkit.js";

const tier = (name: string, order = 10) => calico("Tier", name, { order });

describe("empty-tier", () => {
  it.each([
    ["a tier without policies", [tier("unused")], ["Tier unused metadata.name"]],
    ["a tier with a policy", [tier("used"), calico("GlobalNetworkPolicy", "used.p", { tier: "used" })], []],
    [
      "a tier with only a staged policy",
      [tier("used"), calico("StagedGlobalNetworkPolicy", "used.p", { tier: "used" })],
      [],
    ],
    [
      "the built-in tiers, even when declared",
      [
        tier("default", 1000000),
        tier("adminnetworkpolicy", 1000),
        tier("baselineadminnetworkpolicy", 10000000),
      ],
      [],
    ],
  ])("%s", (_name, objects, expected) => {
    expect(lintOf(objects, "empty-tier")).toEqual(expected.map((e) => `info empty-tier ${e}`));
  });

  it("knows the v3.32 names of the built-in tiers", () => {
    expect(lintOf([tier("kube-admin", 1000)], "empty-tier", { calicoVersion: "v3.32" })).toEqual([]);
    expect(lintOf([tier("kube-admin", 1000)], "empty-tier")).toEqual([
      "info empty-tier Tier kube-admin metadata.name",
    ]);
  });
});
