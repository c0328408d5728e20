// Tests for allow-all-from-internet and unprotected-namespace.
import { describe, expect, it } from "vitest";
import { calico, k8s, lintOf, namespace, pod } from "./testkit.js";

const cluster = [namespace("shop"), pod("shop", "web", { app: "web" }), pod("shop", "api", { app: "api" })];
const k8sIngress = (podSelector: object, ingress: object[]) => k8s("shop", "k", { podSelector, ingress });
const np = (selector: string, ingress: object[], extra: object = {}) =>
  calico("NetworkPolicy", "p", { selector, ingress, ...extra }, "shop");

describe("allow-all-from-internet", () => {
  it.each([
    [
      "the Kubernetes allow-all recipe",
      k8sIngress({}, [{}]),
      ["KubernetesNetworkPolicy shop/k spec.ingress[0]"],
    ],
    [
      "an ipBlock of 0.0.0.0/0",
      k8sIngress({}, [{ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }]),
      ["KubernetesNetworkPolicy shop/k spec.ingress[0].from[0]"],
    ],
    [
      "an ipBlock with except",
      k8sIngress({}, [{ from: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }] }]),
      [],
    ],
    ["a port restriction", k8sIngress({}, [{ ports: [{ port: 443 }] }]), []],
    ["some pods only", k8sIngress({ matchLabels: { app: "web" } }, [{}]), []],
    [
      "every pod of the cluster (namespaceSelector: {})",
      k8sIngress({}, [{ from: [{ namespaceSelector: {} }] }]),
      [],
    ],
    [
      "a Calico rule from ::/0",
      np("all()", [{ action: "Allow", source: { nets: ["::/0"] } }]),
      ["NetworkPolicy shop/p spec.ingress[0]"],
    ],
    [
      "a Calico Allow without criteria",
      np("", [{ action: "Allow" }]),
      ["NetworkPolicy shop/p spec.ingress[0]"],
    ],
    ["a Calico Deny without criteria", np("all()", [{ action: "Deny" }]), []],
    [
      "a serviceAccountSelector narrows the pods",
      np("all()", [{ action: "Allow" }], { serviceAccountSelector: "has(x)" }),
      [],
    ],
    [
      "a global all()",
      calico("GlobalNetworkPolicy", "g", { selector: "all()", ingress: [{ action: "Allow" }] }),
      ["GlobalNetworkPolicy g spec.ingress[0]"],
    ],
    ["egress is not ingress", np("all()", [], { types: ["Egress"], egress: [{ action: "Allow" }] }), []],
  ])("%s", (_name, policy, expected) => {
    expect(lintOf([...cluster, policy], "allow-all-from-internet")).toEqual(
      expected.map((e) => `warning allow-all-from-internet ${e}`),
    );
  });
});

describe("unprotected-namespace", () => {
  const other = [namespace("open"), pod("open", "x", { app: "x" })];
  it.each([
    ["no policy at all", [], ["Namespace shop", "Namespace open"]],
    [
      "one pod selected for ingress protects the namespace",
      [k8sIngress({ matchLabels: { app: "web" } }, [])],
      ["Namespace open"],
    ],
    [
      "egress-only policies do not count",
      [k8s("shop", "k", { podSelector: {}, policyTypes: ["Egress"] })],
      ["Namespace shop", "Namespace open"],
    ],
    [
      "staged policies do not count",
      [calico("StagedNetworkPolicy", "s", { selector: "all()" }, "shop")],
      ["Namespace shop", "Namespace open"],
    ],
    [
      "a global policy protects every namespace",
      [calico("GlobalNetworkPolicy", "g", { selector: "all()" })],
      [],
    ],
    [
      "host-networked pods are not policed",
      [
        namespace("hostnet"),
        pod("hostnet", "agent", {}, { hostNetwork: true }),
        calico("GlobalNetworkPolicy", "g", { selector: "all()" }),
      ],
      [],
    ],
  ])("%s", (_name, objects, expected) => {
    expect(lintOf([...cluster, ...other, ...objects], "unprotected-namespace")).toEqual(
      expected.map((e) => `info unprotected-namespace ${e} metadata.name`),
    );
  });

  it("points at a workload when the namespace is not declared", () => {
    expect(lintOf([pod("ghost", "x", {})], "unprotected-namespace")).toEqual([
      "info unprotected-namespace Namespace ghost metadata.namespace",
    ]);
  });
});
