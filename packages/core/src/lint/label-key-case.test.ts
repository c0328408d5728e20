// Tests for label-key-case: keys that differ only in case from the keys the cluster uses.
import { describe, expect, it } from "vitest";
import { lintSnapshot } from "./lint.js";
import { calico, k8s, lintOf, namespace, pod, snapshotOf } from "./testkit.js";

const cluster = [
  namespace("shop", { env: "prod" }),
  pod("shop", "web", { app: "web", tier: "front" }),
  {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: "web", namespace: "shop", labels: { role: "x" } },
  },
];
const np = (spec: object) => calico("NetworkPolicy", "p", spec, "shop");

describe("label-key-case", () => {
  it.each([
    ["a Calico policy selector", np({ selector: 'Tier == "front"' }), ["NetworkPolicy shop/p spec.selector"]],
    ["the key as used", np({ selector: 'tier == "front"' }), []],
    ["a key that differs by more than case", np({ selector: 'tiers == "front"' }), []],
    [
      "a rule namespaceSelector (namespace keys)",
      np({
        selector: "all()",
        ingress: [{ action: "Allow", source: { namespaceSelector: 'ENV == "prod"' } }],
      }),
      ["NetworkPolicy shop/p spec.ingress[0].source.namespaceSelector"],
    ],
    [
      "a namespace key used on endpoints is not a namespace key",
      np({
        selector: "all()",
        ingress: [{ action: "Allow", source: { namespaceSelector: 'Tier == "front"' } }],
      }),
      [],
    ],
    [
      "a serviceAccountSelector",
      np({ serviceAccountSelector: 'Role == "x"' }),
      ["NetworkPolicy shop/p spec.serviceAccountSelector"],
    ],
    [
      "a Kubernetes matchLabels key (pointed at the key itself)",
      k8s("shop", "k", { podSelector: { matchLabels: { Tier: "front" } } }),
      ["KubernetesNetworkPolicy shop/k spec.podSelector.matchLabels.Tier"],
    ],
    [
      "a Kubernetes matchExpressions key",
      k8s("shop", "k", { podSelector: { matchExpressions: [{ key: "APP", operator: "Exists" }] } }),
      ["KubernetesNetworkPolicy shop/k spec.podSelector.matchExpressions[0].key"],
    ],
    [
      "a Kubernetes peer namespaceSelector",
      k8s("shop", "k", {
        podSelector: {},
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { Env: "prod" } } }] }],
      }),
      ["KubernetesNetworkPolicy shop/k spec.ingress[0].from[0].namespaceSelector.matchLabels.Env"],
    ],
  ])("%s", (_name, policy, expected) => {
    expect(lintOf([...cluster, policy], "label-key-case")).toEqual(
      expected.map((e) => `warning label-key-case ${e}`),
    );
  });

  it("suggests the key the cluster uses, and the selector is not also reported as selecting nothing", () => {
    const found = lintSnapshot(snapshotOf([...cluster, np({ selector: 'Tier == "front"' })]));
    const selection = found.filter((f) => f.code !== "unprotected-namespace");
    expect(selection.map((f) => [f.code, f.fix])).toEqual([["label-key-case", "did you mean tier?"]]);
  });
});
