// Tests for selects-nothing and rule-selects-nothing on small clusters.
import { describe, expect, it } from "vitest";
import { calico, k8s, lintOf, namespace, pod } from "./testkit.js";

const cluster = [
  namespace("shop", { env: "prod" }),
  pod("shop", "web", { app: "web" }),
  pod("shop", "api", { app: "api" }),
  calico("GlobalNetworkSet", "feeds", { nets: ["192.0.2.0/24"] }, undefined, { role: "feed" }),
  calico("HostEndpoint", "node-1-eth0", { node: "node-1", interfaceName: "eth0" }, undefined, {
    role: "node",
  }),
];
const np = (selector: string, ingress: object[] = [], ns = "shop") =>
  calico("NetworkPolicy", "p", { selector, ingress }, ns);
const gnp = (selector: string, ingress: object[] = []) =>
  calico("GlobalNetworkPolicy", "g", { selector, ingress });
const from = (source: object) => [{ action: "Allow", source }];

describe("selects-nothing", () => {
  it.each([
    [
      "a selector no pod of the namespace matches",
      [np('app == "db"')],
      ["warning selects-nothing NetworkPolicy shop/p spec.selector"],
    ],
    ["a selector that matches", [np('app == "web"')], []],
    ["a global all()", [gnp("all()")], []],
    ["a global policy for host endpoints", [gnp('role == "node"')], []],
    [
      "a global selector matching nothing",
      [gnp('app == "db"')],
      ["warning selects-nothing GlobalNetworkPolicy g spec.selector"],
    ],
    [
      "a namespace with no workloads loaded (info)",
      [np("all()", [], "empty")],
      ["info selects-nothing NetworkPolicy empty/p spec.selector"],
    ],
    [
      "a Kubernetes podSelector",
      [k8s("shop", "k", { podSelector: { matchLabels: { app: "db" } }, policyTypes: ["Ingress"] })],
      ["warning selects-nothing KubernetesNetworkPolicy shop/k spec.podSelector"],
    ],
    [
      "a staged policy",
      [calico("StagedNetworkPolicy", "s", { selector: 'app == "db"' }, "shop")],
      ["warning selects-nothing StagedNetworkPolicy shop/s spec.selector"],
    ],
  ])("%s", (_name, policies, expected) => {
    expect(lintOf([...cluster, ...policies], "selects-nothing")).toEqual(expected);
  });

  it("names host-networked pods, which Calico policy does not apply to", () => {
    const hostPod = pod("shop", "agent", { app: "agent" }, { hostNetwork: true });
    const found = lintOf([...cluster, hostPod, np('app == "agent"')], "selects-nothing");
    expect(found).toEqual(["warning selects-nothing NetworkPolicy shop/p spec.selector"]);
  });
});

describe("rule-selects-nothing", () => {
  it.each([
    [
      "a source selector matching no pod",
      [np("all()", from({ selector: 'app == "db"' }))],
      ["warning", "spec.ingress[0].source.selector"],
    ],
    ["a source selector matching a pod", [np("all()", from({ selector: 'app == "api"' }))], []],
    ["all() in a namespaced policy", [np("all()", from({ selector: "all()" }))], []],
    [
      "a global network set through global()",
      [np("all()", from({ namespaceSelector: "global()", selector: 'role == "feed"' }))],
      [],
    ],
    [
      "a namespaced rule does not see global sets",
      [np("all()", from({ selector: 'role == "feed"' }))],
      ["warning", "spec.ingress[0].source.selector"],
    ],
    ["a global rule sees global sets", [gnp("all()", from({ selector: 'role == "feed"' }))], []],
    [
      "a host endpoint without expectedIPs cannot match",
      [gnp("all()", from({ selector: 'role == "node"' }))],
      ["warning", "spec.ingress[0].source.selector"],
    ],
    [
      "a namespace selector matching loaded namespaces",
      [np("all()", from({ namespaceSelector: 'env == "prod"' }))],
      [],
    ],
    [
      "a namespace the manifests lack (info)",
      [
        np(
          "all()",
          from({
            namespaceSelector: 'projectcalico.org/name == "kube-system"',
            selector: 'k8s-app == "kube-dns"',
          }),
        ),
      ],
      ["info", "spec.ingress[0].source.namespaceSelector"],
    ],
    [
      "a destination selector",
      [np("all()", [{ action: "Allow", destination: { selector: 'app == "db"' } }])],
      ["warning", "spec.ingress[0].destination.selector"],
    ],
    ["a rule without selectors", [np("all()", from({ nets: ["10.0.0.0/8"] }))], []],
  ])("%s", (_name, policies, expected) => {
    const found = lintOf([...cluster, ...policies], "rule-selects-nothing").map((f) => f.split(" "));
    expect(found.map((f) => [f[0], f[f.length - 1]]).flat()).toEqual(expected);
  });

  it("reports a Kubernetes peer once, however many protocols its rule has", () => {
    const policy = k8s("shop", "k", {
      podSelector: {},
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { app: "db" } } }],
          ports: [
            { protocol: "TCP", port: 80 },
            { protocol: "UDP", port: 53 },
          ],
        },
      ],
    });
    expect(lintOf([...cluster, policy], "rule-selects-nothing")).toEqual([
      "warning rule-selects-nothing KubernetesNetworkPolicy shop/k spec.ingress[0].from[0].podSelector",
    ]);
  });

  it("points at the namespaceSelector of an admin peer when its namespaces hold nothing", () => {
    const anp = {
      apiVersion: "policy.networking.k8s.io/v1alpha1",
      kind: "AdminNetworkPolicy",
      metadata: { name: "a" },
      spec: {
        priority: 1,
        subject: { namespaces: {} },
        egress: [
          {
            action: "Allow",
            to: [{ pods: { namespaceSelector: { matchLabels: { team: "x" } }, podSelector: {} } }],
          },
        ],
      },
    };
    expect(lintOf([...cluster, anp], "rule-selects-nothing")).toEqual([
      "info rule-selects-nothing AdminNetworkPolicy a spec.egress[0].to[0].pods.namespaceSelector",
    ]);
  });

  it("skips rules of a direction the policy's types leave out", () => {
    const policy = calico(
      "NetworkPolicy",
      "p",
      {
        selector: "all()",
        types: ["Ingress"],
        egress: [{ action: "Allow", destination: { selector: 'app == "db"' } }],
      },
      "shop",
    );
    expect(lintOf([...cluster, policy], "rule-selects-nothing")).toEqual([]);
  });
});
