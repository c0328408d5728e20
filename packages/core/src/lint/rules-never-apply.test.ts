// Tests for rules-never-apply: rules of a direction the policy's types leave out.
import { describe, expect, it } from "vitest";
import { calico, k8s, lintOf, namespace, pod } from "./testkit.js";

const cluster = [namespace("shop"), pod("shop", "web", { app: "web" })];
const allow = [{ action: "Allow" }];

describe("rules-never-apply", () => {
  it.each([
    [
      "egress rules with types [Ingress]",
      calico("NetworkPolicy", "p", { types: ["Ingress"], ingress: allow, egress: allow }, "shop"),
      ["NetworkPolicy shop/p spec.egress"],
    ],
    [
      "ingress rules with types [Egress]",
      calico("GlobalNetworkPolicy", "g", { types: ["Egress"], ingress: allow }),
      ["GlobalNetworkPolicy g spec.ingress"],
    ],
    [
      "types defaulted from the rules",
      calico("NetworkPolicy", "p", { ingress: allow, egress: allow }, "shop"),
      [],
    ],
    [
      "types listing both",
      calico("NetworkPolicy", "p", { types: ["Ingress", "Egress"], ingress: allow }, "shop"),
      [],
    ],
    [
      "Kubernetes egress rules with policyTypes [Ingress]",
      k8s("shop", "k", { podSelector: {}, policyTypes: ["Ingress"], egress: [{}] }),
      ["KubernetesNetworkPolicy shop/k spec.egress"],
    ],
    [
      "Kubernetes ingress rules with policyTypes [Egress]",
      k8s("shop", "k", { podSelector: {}, policyTypes: ["Egress"], ingress: [{}, {}] }),
      ["KubernetesNetworkPolicy shop/k spec.ingress"],
    ],
    [
      "Kubernetes egress rules with policyTypes defaulted",
      k8s("shop", "k", { podSelector: {}, egress: [{}] }),
      [],
    ],
  ])("%s", (_name, policy, expected) => {
    expect(lintOf([...cluster, policy], "rules-never-apply")).toEqual(
      expected.map((e) => `warning rules-never-apply ${e}`),
    );
  });
});
