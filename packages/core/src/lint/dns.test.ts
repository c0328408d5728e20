// Tests for deny-all-blocks-dns: deny-all egress policies evaluated against the cluster DNS with the engine.
import { describe, expect, it } from "vitest";
import { lintSnapshot } from "./lint.js";
import { calico, k8s, lintOf, namespace, pod, snapshotOf } from "./testkit.js";

const cluster = [namespace("shop"), pod("shop", "web", { app: "web" }), pod("shop", "api", { app: "api" })];
const denyAll = k8s("shop", "deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
const kubeDns = [namespace("kube-system"), pod("kube-system", "coredns", { "k8s-app": "kube-dns" })];
const egress = (name: string, to: object[], ports: object[]) =>
  k8s("shop", name, { podSelector: {}, policyTypes: ["Egress"], egress: [{ to, ports }] });
const toKubeDns = [
  {
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
    podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
  },
];
const udp53 = [{ protocol: "UDP", port: 53 }];
const blocked = "warning deny-all-blocks-dns KubernetesNetworkPolicy shop/deny spec.policyTypes[1]";

describe("deny-all-blocks-dns", () => {
  it.each([
    ["a deny-all with no DNS allow", [denyAll], [blocked]],
    [
      "DNS allowed to the kube-dns pods (none loaded: a stand-in is used)",
      [denyAll, egress("dns", toKubeDns, udp53)],
      [],
    ],
    [
      "DNS allowed to the kube-dns pods that are loaded",
      [denyAll, ...kubeDns, egress("dns", toKubeDns, udp53)],
      [],
    ],
    [
      "DNS allowed to other pods only",
      [denyAll, ...kubeDns, egress("dns", [{ podSelector: {} }], udp53)],
      [blocked],
    ],
    ["DNS allowed over TCP only", [denyAll, egress("dns", toKubeDns, [{ protocol: "TCP", port: 53 }])], []],
    ["port 53 allowed to any destination", [denyAll, egress("dns", [], udp53)], []],
    [
      "DNS allowed to an address range",
      [denyAll, egress("dns", [{ ipBlock: { cidr: "10.96.0.0/12" } }], udp53)],
      [],
    ],
    [
      "a policy with egress allows is not a deny-all",
      [egress("web-only", [{ podSelector: {} }], [{ port: 80 }])],
      [],
    ],
    [
      "a Calico policy that passes is not a deny-all",
      [
        calico(
          "NetworkPolicy",
          "pass",
          { selector: "all()", types: ["Egress"], egress: [{ action: "Pass" }] },
          "shop",
        ),
      ],
      [],
    ],
    [
      "a Calico deny-all in an earlier tier, DNS allowed in the default tier",
      [
        calico("Tier", "security", { order: 10 }),
        calico("GlobalNetworkPolicy", "security.lockdown", {
          tier: "security",
          selector: "all()",
          types: ["Egress"],
        }),
        egress("dns", toKubeDns, udp53),
      ],
      ["warning deny-all-blocks-dns GlobalNetworkPolicy security.lockdown spec.types[0]"],
    ],
  ])("%s", (_name, objects, expected) => {
    expect(lintOf([...cluster, ...objects], "deny-all-blocks-dns")).toEqual(expected);
  });

  it("says a staged deny-all would block DNS once enforced", () => {
    const staged = k8s(
      "shop",
      "deny",
      { podSelector: {}, policyTypes: ["Egress"] },
      "StagedKubernetesNetworkPolicy",
    );
    const found = lintSnapshot(snapshotOf([...cluster, staged])).filter(
      (f) => f.code === "deny-all-blocks-dns",
    );
    expect(found.map((f) => f.message)).toEqual([
      "StagedKubernetesNetworkPolicy shop/deny: once enforced, would deny all egress of 2 pods (shop/web, shop/api), and no policy lets them reach the cluster DNS (kube-dns pods in kube-system, which the manifests lack: a stand-in labelled k8s-app=kube-dns was used) or any address a rule opens on UDP or TCP port 53, so name lookups fail",
    ]);
  });

  it("names the loaded kube-dns pods", () => {
    const found = lintSnapshot(snapshotOf([...cluster, ...kubeDns, denyAll])).filter(
      (f) => f.code === "deny-all-blocks-dns",
    );
    expect(found[0]?.message).toContain("reach the cluster DNS (Pod kube-system/coredns)");
  });
});
