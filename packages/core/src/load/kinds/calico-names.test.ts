// Tests Calico policy names against their tier: the <tier>.<name> rule of v3.31 and its removal in v3.32.
import { describe, expect, it } from "vitest";
import type { CalicoVersion } from "./calico-names.js";
import { loadValues } from "../testkit.js";
import { issuesAfter } from "./testkit.js";

const policy = (kind: string, name: string, tier: string | undefined) => ({
  apiVersion: "projectcalico.org/v3",
  kind,
  metadata: kind.includes("Global") ? { name } : { name, namespace: "shop" },
  spec: { ...(tier === undefined ? {} : { tier }), selector: "all()" },
});

type Row = [string, string, string | undefined, string[]];

const bad = ["invalid-name metadata.name"];

function check(version: CalicoVersion, rows: Row[]) {
  it.each(rows)("%s %s in tier %s", (kind, name, tier, expected) => {
    expect(issuesAfter(policy(kind, name, tier), {}, { calicoVersion: version })).toEqual(expected);
  });
}

describe("Calico v3.31 (the default)", () => {
  check("v3.31", [
    ["NetworkPolicy", "foo", "security", bad],
    ["NetworkPolicy", "security.foo", "security", []],
    ["NetworkPolicy", "other.foo", "security", bad],
    ["NetworkPolicy", "foo", undefined, []],
    ["NetworkPolicy", "foo", "default", []],
    ["NetworkPolicy", "foo", "", []],
    ["NetworkPolicy", "default.foo", undefined, []],
    ["NetworkPolicy", "x.foo", undefined, bad],
    ["NetworkPolicy", "security.foo.bar", "security", bad],
    ["NetworkPolicy", "a.b.c", undefined, bad],
    ["NetworkPolicy", "knp.default.x.y", undefined, []],
    ["NetworkPolicy", "ossg.default.x", undefined, []],
    ["NetworkPolicy", "Foo", undefined, bad],
    ["NetworkPolicy", "foo_bar", undefined, bad],
    ["NetworkPolicy", "a".repeat(254), undefined, bad],
    ["GlobalNetworkPolicy", "foo", "security", bad],
    ["GlobalNetworkPolicy", "security.foo", "security", []],
    ["GlobalNetworkPolicy", "default.foo", undefined, []],
    ["GlobalNetworkPolicy", "knp.default.x", undefined, bad],
    ["StagedNetworkPolicy", "foo", "security", bad],
    ["StagedNetworkPolicy", "security.foo", "security", []],
    ["StagedGlobalNetworkPolicy", "foo", "security", bad],
    ["StagedGlobalNetworkPolicy", "security.foo", "security", []],
  ]);

  it("names the fix: the tier-prefixed name", () => {
    const [issue] = loadValues([policy("NetworkPolicy", "foo", "security")]).issues;
    expect(issue?.fix).toBe("rename it to security.foo");
  });

  it("is the default when no version is given", () => {
    expect(issuesAfter(policy("NetworkPolicy", "foo", "security"), {})).toEqual(bad);
  });
});

describe("Calico v3.32", () => {
  check("v3.32", [
    ["NetworkPolicy", "foo", "security", []],
    ["NetworkPolicy", "security.foo", "security", []],
    ["NetworkPolicy", "other.foo", "security", []],
    ["NetworkPolicy", "default.foo", undefined, []],
    ["GlobalNetworkPolicy", "foo", "security", []],
    ["StagedNetworkPolicy", "foo", "security", []],
    ["StagedGlobalNetworkPolicy", "foo", "security", []],
    ["NetworkPolicy", "Foo", "security", bad],
  ]);
});

describe("Tier names", () => {
  const tier = (name: string) => ({
    apiVersion: "projectcalico.org/v3",
    kind: "Tier",
    metadata: { name },
    spec: { order: 100 },
  });
  it.each([
    ["security", []],
    ["team-a", []],
    ["sec.ops", bad],
    ["Security", bad],
    ["a".repeat(63), []],
    ["a".repeat(64), bad],
  ])("Tier %s", (name, expected) => {
    expect(issuesAfter(tier(name), {})).toEqual(expected);
  });
});
