// Tests for converting Kubernetes NetworkPolicy into Calico's model, rule by rule as Calico does.
import { describe, expect, it } from "vitest";
import type { K8sNetworkPolicy, K8sRule } from "../model/k8s.js";
import { k8sPolicyInput } from "./k8s-to-calico.js";

const none = { matchLabels: {}, matchExpressions: [] };
const policy = (ingress: K8sRule[], egress: K8sRule[] = []): K8sNetworkPolicy => ({
  namespace: "shop",
  name: "p",
  podSelector: { matchLabels: { app: "db" }, matchExpressions: [] },
  ingress,
  egress,
  policyTypes: ["Ingress", "Egress"],
  source: { file: "f", line: 1, column: 1 },
});

describe("k8sPolicyInput", () => {
  it("puts the policy in the default tier at order 1000 under knp.default.<name>, selecting k8s pods", () => {
    const input = k8sPolicyInput(policy([]), false);
    expect(input.ref).toEqual({
      tier: "default",
      kind: "KubernetesNetworkPolicy",
      namespace: "shop",
      name: "p",
    });
    expect(input.sortName).toBe("shop/knp.default.p");
    expect(input.spec.order).toBe(1000);
    expect(input.spec.selector).toBe('(projectcalico.org/orchestrator == "k8s" && app == "db")');
    expect(k8sPolicyInput(policy([]), true).sortName).toBe("shop/staged:knp.default.p");
  });

  it("makes one Allow rule per protocol and peer, protocols sorted, ports of a protocol together", () => {
    const rule: K8sRule = {
      peers: [
        { podSelector: { matchLabels: { app: "web" }, matchExpressions: [] } },
        { ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } },
      ],
      ports: [
        { protocol: "UDP", port: 53 },
        { protocol: "TCP", port: 80 },
        { protocol: "TCP", port: "http" },
        { protocol: "TCP", port: 9000, endPort: 9010 },
      ],
    };
    const rules = k8sPolicyInput(policy([rule]), false).spec.ingress;
    expect(rules.map((r) => [r.protocol, r.destination.ports, r.source.selector ?? r.source.nets])).toEqual([
      ["TCP", [80, "http", "9000:9010"], '(projectcalico.org/orchestrator == "k8s" && app == "web")'],
      ["TCP", [80, "http", "9000:9010"], ["10.0.0.0/8"]],
      ["UDP", [53], '(projectcalico.org/orchestrator == "k8s" && app == "web")'],
      ["UDP", [53], ["10.0.0.0/8"]],
    ]);
    expect(rules[1]!.source.notNets).toEqual(["10.1.0.0/16"]);
  });

  it("an all-ports entry wins over specific ports of the same protocol; no ports means any protocol", () => {
    const rules = k8sPolicyInput(
      policy([
        { peers: [], ports: [{ protocol: "TCP", port: 80 }, { protocol: "TCP" }] },
        { peers: [], ports: [] },
      ]),
      false,
    ).spec.ingress;
    expect(rules.map((r) => [r.protocol, r.destination.ports])).toEqual([
      ["TCP", []],
      [undefined, []],
    ]);
  });

  it("an empty namespaceSelector means every namespace; every non-ipBlock peer selects Kubernetes pods only", () => {
    const [both, nsOnly] = k8sPolicyInput(
      policy(
        [],
        [
          {
            peers: [
              { namespaceSelector: none, podSelector: none },
              { namespaceSelector: { matchLabels: { team: "a" }, matchExpressions: [] } },
            ],
            ports: [],
          },
        ],
      ),
      false,
    ).spec.egress;
    expect(both!.destination).toMatchObject({
      namespaceSelector: "all()",
      selector: 'projectcalico.org/orchestrator == "k8s"',
    });
    expect(nsOnly!.destination).toMatchObject({
      namespaceSelector: 'team == "a"',
      selector: 'projectcalico.org/orchestrator == "k8s"',
    });
  });
});
