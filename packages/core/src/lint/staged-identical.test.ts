// Tests for staged-identical: staged policies that equal their enforced twin after defaults.
import { describe, expect, it } from "vitest";
import { calico, k8s, lintOf, namespace, pod } from "./testkit.js";

const cluster = [namespace("shop"), pod("shop", "web", { app: "web" })];
const spec = {
  selector: 'app == "web"',
  ingress: [
    {
      action: "Allow",
      protocol: "TCP",
      source: { selector: "app in {'a', 'b'}" },
      destination: { ports: [80] },
    },
  ],
};
const enforced = calico("NetworkPolicy", "p", spec, "shop");
const staged = (s: object, kind = "StagedNetworkPolicy") => calico(kind, "p", s, "shop");
const k8sSpec = { podSelector: { matchLabels: { app: "web" } }, ingress: [{ ports: [{ port: 80 }] }] };

describe("staged-identical", () => {
  it.each([
    ["the same spec", [enforced, staged(spec)], ["StagedNetworkPolicy shop/p"]],
    [
      "the same spec written differently (selector spacing and set order, protocol by number, types spelt out)",
      [
        enforced,
        staged({
          ...spec,
          types: ["Ingress"],
          selector: "app=='web'",
          ingress: [{ ...spec.ingress[0], protocol: 6, source: { selector: 'app in {"b","a"}' } }],
        }),
      ],
      ["StagedNetworkPolicy shop/p"],
    ],
    ["a different rule", [enforced, staged({ ...spec, ingress: [] })], []],
    ["a different order", [enforced, staged({ ...spec, order: 5 })], []],
    ["stagedAction Delete", [enforced, staged({ stagedAction: "Delete" })], []],
    ["no enforced twin", [staged(spec)], []],
    [
      "a global twin",
      [calico("GlobalNetworkPolicy", "g", spec), calico("StagedGlobalNetworkPolicy", "g", spec)],
      ["StagedGlobalNetworkPolicy g"],
    ],
    [
      "a Kubernetes twin",
      [
        k8s("shop", "k", k8sSpec),
        k8s("shop", "k", { ...k8sSpec, policyTypes: ["Ingress"] }, "StagedKubernetesNetworkPolicy"),
      ],
      ["StagedKubernetesNetworkPolicy shop/k"],
    ],
    [
      "a different Kubernetes port",
      [
        k8s("shop", "k", k8sSpec),
        k8s(
          "shop",
          "k",
          { ...k8sSpec, ingress: [{ ports: [{ port: 81 }] }] },
          "StagedKubernetesNetworkPolicy",
        ),
      ],
      [],
    ],
  ])("%s", (_name, objects, expected) => {
    expect(lintOf([...cluster, ...objects], "staged-identical")).toEqual(
      expected.map((e) => `info staged-identical ${e} metadata.name`),
    );
  });
});
