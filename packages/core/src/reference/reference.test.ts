// The reference evaluator on hand-built snapshots: endpoints and labels (SEMANTICS §1) and the tier walk (§2).
import { describe, expect, it } from "vitest";
import type { Tier } from "../model/calico.js";
import { referenceVerdict } from "./reference.js";
import { calicoPolicy, cluster, flow, pod, rule } from "./testkit.js";

const tier = (
  name: string,
  order: number | undefined,
  defaultAction: Tier["defaultAction"] = "Deny",
): Tier => ({
  name,
  defaultAction,
  builtIn: false,
  ...(order === undefined ? {} : { order }),
});

/** A GNP in `tier` that applies `action` to ingress from sources matching `selector`, with an order. */
const gate = (name: string, selector: string, action: "Allow" | "Deny" | "Pass" | "Log", more = {}) =>
  calicoPolicy(name, { ingress: [rule(action, { source: { selector } })], ...more });

describe("endpoints and labels (§1)", () => {
  const web = pod("shop/web", { app: "web" }, { ips: ["10.0.0.1"], serviceAccount: "sa-1" });
  const api = pod("shop/api", { app: "api" }, { ips: ["10.0.0.2"] });

  it("leaves pods that no policy selects open, through the kns. profile", () => {
    expect(referenceVerdict(cluster({ workloads: [web, api] }), flow("shop/web", "shop/api"))).toEqual({
      verdict: "allow",
      egress: "allow",
      ingress: "allow",
    });
  });

  it("adds the namespace, orchestrator and service account labels", () => {
    for (const selector of [
      "projectcalico.org/namespace == 'shop'",
      "projectcalico.org/orchestrator == 'k8s'",
      "projectcalico.org/serviceaccount == 'sa-1'",
    ]) {
      const s = cluster({ workloads: [web, api], calicoPolicies: [gate("g", selector, "Allow")] });
      expect(referenceVerdict(s, flow("shop/web", "shop/api")).ingress, selector).toBe("allow");
      expect(referenceVerdict(s, flow("10.9.9.9", "shop/api")).ingress, selector).toBe("deny");
    }
  });

  it("labels long service account names too, as Calico's syncer does (SEMANTICS says under 63 only)", () => {
    const long = "a".repeat(70);
    const s = cluster({
      workloads: [pod("shop/x", {}, { serviceAccount: long }), api],
      calicoPolicies: [gate("g", `projectcalico.org/serviceaccount == '${long}'`, "Allow")],
    });
    expect(referenceVerdict(s, flow("shop/x", "shop/api")).ingress).toBe("allow");
  });

  it("inherits pcns. and pcsa. labels from the kns./ksa. profiles, and drops pod labels with those prefixes", () => {
    const s = cluster({
      namespaces: [
        { name: "shop", labels: { team: "red", "kubernetes.io/metadata.name": "shop" }, declared: true },
      ],
      serviceAccounts: [{ namespace: "shop", name: "sa-1", labels: { role: "x" }, source: web.source }],
      workloads: [{ ...web, labels: { app: "web", "pcns.team": "blue" } }, api],
    });
    for (const [selector, allowed] of [
      ["pcns.team == 'red'", true],
      ["pcns.team == 'blue'", false],
      ["pcns.projectcalico.org/name == 'shop'", true],
      ["pcns.kubernetes.io/metadata.name == 'shop'", true],
      ["pcsa.role == 'x'", true],
      ["pcsa.projectcalico.org/name == 'sa-1'", true],
    ] as const) {
      const withPolicy = { ...s, calicoPolicies: [gate("g", selector, "Allow")] };
      expect(referenceVerdict(withPolicy, flow("shop/web", "shop/api")).ingress, selector).toBe(
        allowed ? "allow" : "deny",
      );
    }
  });

  it("treats an IP that belongs to a pod as that pod, and any other IP as an unlabelled external peer", () => {
    const s = cluster({
      workloads: [web, api],
      calicoPolicies: [calicoPolicy("shop/deny-out", { selector: "app == 'web'", types: ["Egress"] })],
    });
    expect(referenceVerdict(s, flow("10.0.0.1", "shop/api")).egress).toBe("deny");
    expect(referenceVerdict(s, flow("10.0.0.7", "shop/api"))).toEqual({
      verdict: "allow",
      egress: "allow",
      ingress: "allow",
    });
  });

  it("lets an external IP match a rule selector through a network set that contains it", () => {
    const sets = [
      {
        kind: "GlobalNetworkSet" as const,
        name: "g",
        labels: { set: "s1" },
        nets: ["192.168.0.0/16"],
        source: web.source,
      },
      {
        kind: "NetworkSet" as const,
        name: "n",
        namespace: "shop",
        labels: { set: "s2" },
        nets: ["172.16.0.0/12"],
        source: web.source,
      },
    ];
    const s = cluster({
      namespaces: [
        { name: "shop", labels: { team: "red", "kubernetes.io/metadata.name": "shop" }, declared: true },
      ],
      workloads: [api],
      networkSets: sets,
    });
    const allow = (selector: string, src: string): string =>
      referenceVerdict({ ...s, calicoPolicies: [gate("g", selector, "Allow")] }, flow(src, "shop/api"))
        .ingress;
    expect(allow("set == 's1'", "192.168.3.4")).toBe("allow");
    expect(allow("set == 's1'", "172.16.0.1")).toBe("deny");
    expect(allow("pcns.team == 'red'", "172.16.0.1")).toBe("allow");
    expect(allow("projectcalico.org/namespace == 'shop'", "172.16.0.1")).toBe("allow");
    expect(allow("has(projectcalico.org/namespace)", "192.168.3.4")).toBe("deny");
  });

  it("evaluates a workload template by name; with no IP it never matches nets and always matches notNets", () => {
    const deployment = { ...pod("shop/front", { app: "web" }), kind: "Deployment" as const };
    const nets = calicoPolicy("shop/n", { ingress: [rule("Allow", { source: { nets: ["0.0.0.0/0"] } })] });
    const notNets = calicoPolicy("shop/n", {
      ingress: [rule("Allow", { source: { notNets: ["10.0.0.0/8"] } })],
    });
    expect(
      referenceVerdict(
        cluster({ workloads: [deployment, api], calicoPolicies: [nets] }),
        flow("shop/front", "shop/api"),
      ).ingress,
    ).toBe("deny");
    expect(
      referenceVerdict(
        cluster({ workloads: [deployment, api], calicoPolicies: [notNets] }),
        flow("shop/front", "shop/api"),
      ).ingress,
    ).toBe("allow");
  });

  it("does not make an endpoint of a host-networked pod", () => {
    const host = pod("shop/h", { app: "web" }, { ips: ["192.168.0.5"], hostNetwork: true });
    const s = cluster({
      workloads: [host, api],
      calicoPolicies: [gate("g", "app == 'web'", "Allow"), calicoPolicy("shop/all", { types: ["Egress"] })],
    });
    expect(referenceVerdict(s, flow("shop/h", "shop/api"))).toEqual({
      verdict: "deny",
      egress: "allow",
      ingress: "deny",
    });
  });

  it("names an explicit WorkloadEndpoint by its pod and applies its explicit profiles", () => {
    const wep = {
      name: "node1-k8s-legacy-eth0",
      namespace: "shop",
      pod: "legacy",
      labels: { app: "legacy" },
      ipNetworks: ["10.0.0.9/32"],
      profiles: ["only-dns"],
      ports: [],
      source: web.source,
    };
    const profile = {
      name: "only-dns",
      labelsToApply: { zone: "z1" },
      ingress: [],
      egress: [rule("Allow", { protocol: "UDP", destination: { ports: [53] } }), rule("Deny")],
      source: web.source,
    };
    const s = cluster({ workloads: [api], workloadEndpoints: [wep], profiles: [profile] });
    expect(referenceVerdict(s, flow("shop/legacy", "shop/api")).egress).toBe("deny");
    expect(referenceVerdict(s, flow("10.0.0.9", "shop/api", { protocol: 17, dstPort: 53 })).egress).toBe(
      "allow",
    );
    const byZone = { ...s, calicoPolicies: [gate("g", "zone == 'z1' && app == 'legacy'", "Allow")] };
    expect(
      referenceVerdict(byZone, flow("shop/legacy", "shop/api", { protocol: 17, dstPort: 53 })).ingress,
    ).toBe("allow");
  });

  it("keeps an endpoint's own label over a profile's, and takes a missing one from the first profile that has it", () => {
    const wep = (profiles: string[]) => ({
      name: "w",
      namespace: "shop",
      pod: "w",
      labels: { app: "own" },
      ipNetworks: ["10.0.0.9/32"],
      profiles,
      ports: [],
      source: web.source,
    });
    const profile = (name: string, labelsToApply: Record<string, string>) => ({
      name,
      labelsToApply,
      ingress: [],
      egress: [rule("Allow")],
      source: web.source,
    });
    const profiles = [profile("p1", { app: "p1", zone: "z1" }), profile("p2", { zone: "z2" })];
    const verdict = (selector: string): string => {
      const s = cluster({
        workloads: [api],
        workloadEndpoints: [wep(["p1", "p2"])],
        profiles,
        calicoPolicies: [gate("g", selector, "Allow")],
      });
      return referenceVerdict(s, flow("shop/w", "shop/api")).ingress;
    };
    expect(verdict("app == 'own' && zone == 'z1'")).toBe("allow");
    expect(verdict("app == 'p1'")).toBe("deny");
    expect(verdict("zone == 'z2'")).toBe("deny");
  });
});

describe("the tier walk (§2)", () => {
  const a = pod("shop/a", { app: "a" }, { ips: ["10.0.0.1"] });
  const b = pod("shop/b", { app: "b" }, { ips: ["10.0.0.2"] });
  const walk = (more: Parameters<typeof cluster>[0], pending = false): string =>
    referenceVerdict(cluster({ workloads: [a, b], ...more }), flow("shop/a", "shop/b"), { pending }).ingress;

  it("walks tiers by order; Pass goes on to the next tier", () => {
    const tiers = [tier("first", 10), tier("second", 20)];
    const deny = gate("second.d", "all()", "Deny", { tier: "second" });
    expect(
      walk({ tiers, calicoPolicies: [gate("first.p", "app == 'a'", "Pass", { tier: "first" }), deny] }),
    ).toBe("deny");
    expect(
      walk({ tiers, calicoPolicies: [gate("first.p", "app == 'a'", "Allow", { tier: "first" }), deny] }),
    ).toBe("allow");
  });

  it("breaks tier order ties by name and puts tiers without an order last", () => {
    const allowIn = (t: string) => gate(`${t}.p`, "all()", "Allow", { tier: t });
    const denyIn = (t: string) => gate(`${t}.p`, "all()", "Deny", { tier: t });
    expect(
      walk({ tiers: [tier("zz", 5), tier("aa", 5)], calicoPolicies: [allowIn("aa"), denyIn("zz")] }),
    ).toBe("allow");
    expect(
      walk({ tiers: [tier("zz", 5), tier("aa", 5)], calicoPolicies: [denyIn("aa"), allowIn("zz")] }),
    ).toBe("deny");
    expect(
      walk({
        tiers: [tier("late", undefined)],
        calicoPolicies: [denyIn("late"), gate("d", "all()", "Allow")],
      }),
    ).toBe("allow");
  });

  it("orders policies by order, missing last, ties by the internal name", () => {
    const allow = gate("x", "all()", "Allow");
    const deny = gate("y", "all()", "Deny");
    expect(
      walk({
        calicoPolicies: [
          { ...deny, order: 2 },
          { ...allow, order: 1 },
        ],
      }),
    ).toBe("allow");
    expect(walk({ calicoPolicies: [deny, { ...allow, order: 1e9 }] })).toBe("allow");
    expect(walk({ calicoPolicies: [deny, allow] })).toBe("allow");
    const namespaced = { ...calicoPolicy("shop/a", { ingress: [rule("Deny")] }), order: 5 };
    expect(walk({ calicoPolicies: [namespaced, { ...gate("z", "all()", "Allow"), order: 5 }] })).toBe(
      "allow",
    );
  });

  it("denies at the end of a tier whose policies selected the endpoint, unless the tier passes", () => {
    const nothing = calicoPolicy("shop/p", {
      selector: "app == 'b'",
      ingress: [rule("Allow", { source: { selector: "app == 'z'" } })],
    });
    expect(walk({ calicoPolicies: [nothing] })).toBe("deny");
    const inPassTier = { ...nothing, name: "open.p", tier: "open" };
    expect(walk({ tiers: [tier("open", 1, "Pass")], calicoPolicies: [inPassTier] })).toBe("allow");
    expect(walk({ calicoPolicies: [{ ...nothing, selector: "app == 'a'" }] })).toBe("allow");
  });

  it("makes a listed direction without rules default-deny, and leaves other directions alone", () => {
    const egressOnly = calicoPolicy("shop/e", { types: ["Egress"] });
    const s = cluster({ workloads: [a, b], calicoPolicies: [egressOnly] });
    expect(referenceVerdict(s, flow("shop/a", "shop/b"))).toEqual({
      verdict: "deny",
      egress: "deny",
      ingress: "allow",
    });
  });

  it("skips staged policies when enforcing and evaluates them in their slot when pending", () => {
    const staged = {
      ...gate("s", "all()", "Deny"),
      kind: "StagedGlobalNetworkPolicy" as const,
      stagedAction: "Set" as const,
      order: 1,
    };
    const allow = { ...gate("e", "all()", "Allow"), order: 2 };
    expect(walk({ calicoPolicies: [staged, allow] })).toBe("allow");
    expect(walk({ calicoPolicies: [staged, allow] }, true)).toBe("deny");
    expect(walk({ calicoPolicies: [{ ...staged, stagedAction: "Delete" }, allow] }, true)).toBe("allow");
    const stagedNothing = { ...staged, ingress: [rule("Allow", { source: { selector: "app == 'z'" } })] };
    expect(walk({ calicoPolicies: [stagedNothing] })).toBe("allow");
    expect(walk({ calicoPolicies: [stagedNothing] }, true)).toBe("deny");
  });

  it("goes on past Log rules", () => {
    const p = calicoPolicy("shop/p", { ingress: [rule("Log"), rule("Allow")] });
    expect(walk({ calicoPolicies: [p] })).toBe("allow");
  });

  it("needs both source egress and destination ingress to allow", () => {
    const s = cluster({
      workloads: [a, b],
      calicoPolicies: [calicoPolicy("shop/e", { selector: "app == 'a'", types: ["Egress"] })],
    });
    expect(referenceVerdict(s, flow("shop/a", "shop/b")).verdict).toBe("deny");
    expect(referenceVerdict(s, flow("shop/b", "shop/a")).verdict).toBe("allow");
  });

  it("ignores doNotTrack and preDNAT policies for workload endpoints", () => {
    expect(walk({ calicoPolicies: [{ ...gate("d", "all()", "Deny"), doNotTrack: true }] })).toBe("allow");
    expect(walk({ calicoPolicies: [{ ...gate("d", "all()", "Deny"), preDNAT: true }] })).toBe("allow");
  });
});
