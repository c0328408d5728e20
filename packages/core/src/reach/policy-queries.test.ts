// Tests for policies-for and endpoints-for.
import { describe, expect, it } from "vitest";
import { buildSnapshot } from "../load/build-snapshot.js";
import { loadValues } from "../load/testkit.js";
import { compileSnapshot, resolveEndpoint } from "../eval/engine.js";
import { endpointsFor, findPolicies, policiesFor } from "./policy-queries.js";

const calico = (kind: string, name: string, spec: object, namespace?: string) => ({
  apiVersion: "projectcalico.org/v3",
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
  spec,
});
const pod = (ns: string, name: string, labels: Record<string, string>) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: ns, labels },
  spec: { containers: [{ name: "c" }] },
});

function engine() {
  const loaded = loadValues([
    pod("a", "web", { app: "web" }),
    pod("a", "db", { app: "db" }),
    calico("Tier", "security", { order: 10, defaultAction: "Pass" }),
    calico("GlobalNetworkPolicy", "security.later", {
      tier: "security",
      order: 20,
      selector: "all()",
      ingress: [{ action: "Pass" }],
    }),
    calico("GlobalNetworkPolicy", "security.first", {
      tier: "security",
      order: 5,
      selector: "app == 'db'",
      egress: [{ action: "Pass" }],
    }),
    calico("NetworkPolicy", "db-only", { selector: "app == 'db'", ingress: [{ action: "Allow" }] }, "a"),
    calico("StagedGlobalNetworkPolicy", "lockdown", {
      selector: "app == 'db'",
      ingress: [{ action: "Deny" }],
    }),
  ]);
  return compileSnapshot(buildSnapshot(loaded.objects).snapshot);
}

describe("policiesFor", () => {
  it("lists tiers in order and policies in evaluation order, per direction, then the profiles", () => {
    const e = engine();
    const db = resolveEndpoint(e, { kind: "workload", namespace: "a", name: "db" });
    if (!db.ok || !db.endpoint) throw new Error("db not found");
    const r = policiesFor(e, db.endpoint);
    expect(r.ingress.map((t) => [t.tier, t.policies.map((p) => p.name)])).toEqual([
      ["security", ["security.later"]],
      ["default", ["db-only"]],
    ]);
    expect(r.egress.map((t) => [t.tier, t.defaultAction, t.policies.map((p) => p.name)])).toEqual([
      ["security", "Pass", ["security.first"]],
    ]);
    expect(r.profiles).toEqual(["kns.a", "ksa.a.default"]);
    const pending = policiesFor(e, db.endpoint, { pending: true });
    expect(pending.ingress[1]!.policies.map((p) => [p.name, p.staged])).toEqual([
      ["db-only", false],
      ["lockdown", true],
    ]);
  });
});

describe("endpointsFor", () => {
  it("finds policies by the name people use and lists what they select", () => {
    const e = engine();
    const [dbOnly] = findPolicies(e, "a/db-only");
    expect(endpointsFor(e, dbOnly!).map((r) => (r.kind === "workload" ? r.name : ""))).toEqual(["db"]);
    expect(findPolicies(e, "security|security.later").map((p) => p.ref.name)).toEqual(["security.later"]);
    expect(findPolicies(e, "default|security.later")).toEqual([]);
    expect(endpointsFor(e, findPolicies(e, "security.later")[0]!)).toHaveLength(2);
  });
});
