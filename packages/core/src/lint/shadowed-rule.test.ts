// Tests for shadowed-rule: within a policy, across the policies of a tier, and never across tiers.
import { describe, expect, it } from "vitest";
import { lintSnapshot } from "./lint.js";
import { calico, k8s, lintOf, namespace, pod, snapshotOf } from "./testkit.js";

const cluster = [
  namespace("shop"),
  pod("shop", "web", { app: "web" }),
  pod("shop", "api", { app: "api" }),
  calico("Tier", "security", { order: 10 }),
  calico("Tier", "platform", { order: 20 }),
];
const allowTcp = (ports: (number | string)[], extra: object = {}) => ({
  action: "Allow",
  protocol: "TCP",
  destination: { ports },
  ...extra,
});
const np = (name: string, order: number, selector: string, ingress: object[], extra: object = {}) =>
  calico("NetworkPolicy", name, { order, selector, ingress, ...extra }, "shop");
const gnp = (name: string, order: number, selector: string, ingress: object[], extra: object = {}) =>
  calico("GlobalNetworkPolicy", name, { order, selector, ingress, ...extra });

describe("shadowed-rule", () => {
  it.each([
    [
      "a later rule inside an earlier one",
      [
        np("p", 1, "all()", [
          allowTcp(["1:1024"]),
          { action: "Deny", protocol: "TCP", destination: { ports: [80] } },
        ]),
      ],
      ["NetworkPolicy shop/p spec.ingress[1]"],
    ],
    [
      "a later rule wider than the earlier one",
      [np("p", 1, "all()", [allowTcp([80]), allowTcp(["1:1024"])])],
      [],
    ],
    [
      "after an unconditional Deny",
      [np("p", 1, "all()", [{ action: "Deny" }, allowTcp([80]), { action: "Pass" }])],
      ["NetworkPolicy shop/p spec.ingress[1]", "NetworkPolicy shop/p spec.ingress[2]"],
    ],
    ["a Log rule decides nothing", [np("p", 1, "all()", [{ action: "Log" }, allowTcp([80])])], []],
    [
      "an earlier policy of the tier that selects all the later one selects",
      [gnp("all", 1, "all()", [{ action: "Pass" }]), np("p", 2, 'app == "web"', [allowTcp([80])])],
      ["NetworkPolicy shop/p spec.ingress[0]"],
    ],
    [
      "an earlier policy that selects fewer endpoints",
      [np("web", 1, 'app == "web"', [{ action: "Pass" }]), np("p", 2, "all()", [allowTcp([80])])],
      [],
    ],
    [
      "an earlier policy without the direction",
      [
        gnp("all", 1, "all()", [], { types: ["Egress"], egress: [{ action: "Pass" }] }),
        np("p", 2, "all()", [allowTcp([80])]),
      ],
      [],
    ],
    [
      "different tiers",
      [
        gnp("security.all", 1, "all()", [{ action: "Deny" }], { tier: "security" }),
        gnp("platform.later", 1, "all()", [allowTcp([80])], { tier: "platform" }),
      ],
      [],
    ],
    [
      "an earlier staged policy does not shadow an enforced one",
      [
        calico("StagedGlobalNetworkPolicy", "all", {
          order: 1,
          selector: "all()",
          ingress: [{ action: "Deny" }],
        }),
        np("p", 2, "all()", [allowTcp([80])]),
      ],
      [],
    ],
    [
      "an enforced policy shadows a later staged one",
      [
        gnp("all", 1, "all()", [{ action: "Deny" }]),
        calico(
          "StagedNetworkPolicy",
          "p",
          { order: 2, selector: "all()", ingress: [allowTcp([80])] },
          "shop",
        ),
      ],
      ["StagedNetworkPolicy shop/p spec.ingress[0]"],
    ],
    [
      "a staged policy is not shadowed by its enforced twin",
      [
        np("p", 1, "all()", [allowTcp([80])]),
        calico(
          "StagedNetworkPolicy",
          "p",
          { order: 1, selector: "all()", ingress: [allowTcp([80])] },
          "shop",
        ),
      ],
      [],
    ],
    [
      "pre-DNAT and normal policy run in different walks",
      [
        gnp("pre", 1, "all()", [{ action: "Deny" }], { preDNAT: true, applyOnForward: true }),
        gnp("normal", 2, "all()", [allowTcp([80])]),
      ],
      [],
    ],
    [
      "a rule with an HTTP match never shadows",
      [np("p", 1, "all()", [{ action: "Allow", http: { methods: ["GET"] } }, allowTcp([80])])],
      [],
    ],
  ])("%s", (_name, policies, expected) => {
    expect(lintOf([...cluster, ...policies], "shadowed-rule")).toEqual(
      expected.map((e) => `warning shadowed-rule ${e}`),
    );
  });

  it("says which rule shadows it, where, and what to do", () => {
    const found = lintSnapshot(
      snapshotOf([
        ...cluster,
        gnp("all", 1, "all()", [{ action: "Pass" }]),
        np("p", 2, 'app == "web"', [allowTcp([80])]),
      ]),
    ).filter((f) => f.code === "shadowed-rule");
    expect(found.map((f) => [f.message, f.fix])).toEqual([
      [
        "NetworkPolicy shop/p: spec.ingress[0] never applies: spec.ingress[0] of GlobalNetworkPolicy all (test.yaml:1) matches every flow it matches and passes to the next tier first",
        "order this policy before GlobalNetworkPolicy all, or narrow the rule that shadows it",
      ],
    ]);
  });

  it("reports a Kubernetes peer when only that peer is shadowed, and the whole rule when all are", () => {
    const first = k8s("shop", "a", {
      podSelector: {},
      ingress: [{ from: [{ podSelector: { matchLabels: { app: "api" } } }] }],
    });
    const second = k8s("shop", "b", {
      podSelector: {},
      ingress: [
        {
          from: [
            { podSelector: { matchLabels: { app: "api" } } },
            { podSelector: { matchLabels: { app: "web" } } },
          ],
        },
        { from: [{ podSelector: { matchLabels: { app: "api" } } }], ports: [{ port: 80 }] },
      ],
    });
    expect(lintOf([...cluster, first, second], "shadowed-rule")).toEqual([
      "warning shadowed-rule KubernetesNetworkPolicy shop/b spec.ingress[0].from[0]",
      "warning shadowed-rule KubernetesNetworkPolicy shop/b spec.ingress[1]",
    ]);
  });
});
