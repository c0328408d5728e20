// The reference evaluator on Kubernetes and admin network policies (SEMANTICS §5), through Calico's conversion.
import { describe, expect, it } from "vitest";
import type { AdminPolicy, AdminRule } from "../model/admin.js";
import type { K8sLabelSelector } from "../model/k8s.js";
import type { Snapshot } from "../model/snapshot.js";
import { referenceVerdict } from "./reference.js";
import { calicoPolicy, cluster, flow, k8sPolicy, k8sRule, pod, rule } from "./testkit.js";

const sel = (matchLabels: Record<string, string> = {}): K8sLabelSelector => ({
  matchLabels,
  matchExpressions: [],
});
const red = { name: "red", labels: { team: "red", "kubernetes.io/metadata.name": "red" }, declared: true };
const blue = {
  name: "blue",
  labels: { team: "blue", "kubernetes.io/metadata.name": "blue" },
  declared: true,
};
const workloads = [
  pod(
    "red/web",
    { app: "web" },
    { ips: ["10.0.0.1"], ports: [{ name: "http", protocol: "TCP", port: 8080 }] },
  ),
  pod("red/db", { app: "db" }, { ips: ["10.0.0.2"] }),
  pod("blue/web", { app: "web" }, { ips: ["10.0.0.3"] }),
];
const base = (more: Partial<Snapshot>): Snapshot => cluster({ namespaces: [red, blue], workloads, ...more });

describe("Kubernetes NetworkPolicy (§5)", () => {
  const dbIngress = (peers: Parameters<typeof k8sRule>[0], ports: Parameters<typeof k8sRule>[1] = []) =>
    base({
      k8sPolicies: [
        k8sPolicy("red/db", { podSelector: sel({ app: "db" }), ingress: [k8sRule(peers, ports)] }),
      ],
    });

  it("isolates selected pods and allows same-namespace pod peers", () => {
    const s = dbIngress([{ podSelector: sel({ app: "web" }) }]);
    expect(referenceVerdict(s, flow("red/web", "red/db")).ingress).toBe("allow");
    expect(referenceVerdict(s, flow("blue/web", "red/db")).ingress).toBe("deny");
    expect(referenceVerdict(s, flow("red/db", "red/web")).ingress).toBe("allow");
  });

  it("reads namespaceSelector {} as every namespace and ANDs it with podSelector in one peer", () => {
    expect(
      referenceVerdict(dbIngress([{ namespaceSelector: sel() }]), flow("blue/web", "red/db")).ingress,
    ).toBe("allow");
    const both = dbIngress([{ namespaceSelector: sel({ team: "blue" }), podSelector: sel({ app: "db" }) }]);
    expect(referenceVerdict(both, flow("blue/web", "red/db")).ingress).toBe("deny");
    expect(
      referenceVerdict(dbIngress([{ namespaceSelector: sel({ team: "blue" }) }]), flow("blue/web", "red/db"))
        .ingress,
    ).toBe("allow");
    expect(
      referenceVerdict(dbIngress([{ namespaceSelector: sel() }]), flow("8.8.8.8", "red/db")).ingress,
    ).toBe("deny");
  });

  it("gives every pod peer the orchestrator clause, so it never matches network sets", () => {
    const set = {
      kind: "NetworkSet" as const,
      namespace: "red",
      name: "s",
      labels: { app: "web" },
      nets: ["0.0.0.0/0"],
      source: workloads[0]!.source,
    };
    for (const peer of [
      { podSelector: sel({ app: "web" }) },
      { namespaceSelector: sel() },
      { podSelector: sel(), namespaceSelector: sel() },
    ]) {
      const s = { ...dbIngress([peer]), networkSets: [set] };
      expect(referenceVerdict(s, flow("8.8.8.8", "red/db")).ingress, JSON.stringify(peer)).toBe("deny");
    }
  });

  it("turns ipBlock into nets and notNets without namespace scope", () => {
    const s = dbIngress([{ ipBlock: { cidr: "10.0.0.0/24", except: ["10.0.0.1/32"] } }]);
    expect(referenceVerdict(s, flow("blue/web", "red/db")).ingress).toBe("allow");
    expect(referenceVerdict(s, flow("red/web", "red/db")).ingress).toBe("deny");
  });

  it("matches ports by protocol, number, endPort range and named port; no ports means every protocol", () => {
    const ports = (p: Parameters<typeof k8sRule>[1], f: Parameters<typeof flow>[2]): string =>
      referenceVerdict(
        base({ k8sPolicies: [k8sPolicy("red/web", { ingress: [k8sRule([], p)] })] }),
        flow("red/db", "red/web", f),
      ).ingress;
    expect(ports([{ protocol: "TCP", port: 80 }], { dstPort: 80 })).toBe("allow");
    expect(ports([{ protocol: "TCP", port: 80 }], { protocol: 17, dstPort: 80 })).toBe("deny");
    expect(ports([{ protocol: "UDP" }], { protocol: 17, dstPort: 9 })).toBe("allow");
    expect(ports([{ protocol: "TCP", port: 8000, endPort: 9000 }], { dstPort: 8500 })).toBe("allow");
    expect(ports([{ protocol: "TCP", port: "http" }], { dstPort: 8080 })).toBe("allow");
    expect(ports([{ protocol: "TCP", port: "http" }], { dstPort: 80 })).toBe("deny");
    expect(ports([], { protocol: 132, dstPort: 1 })).toBe("allow");
    expect(ports([{ protocol: "SCTP", port: 80 }, { protocol: "SCTP" }], { protocol: 132, dstPort: 1 })).toBe(
      "allow",
    );
  });

  it("isolates egress only when Egress is listed; an empty rule list allows nothing", () => {
    const egress = base({ k8sPolicies: [k8sPolicy("red/e", { policyTypes: ["Egress"] })] });
    expect(referenceVerdict(egress, flow("red/web", "blue/web"))).toEqual({
      verdict: "deny",
      egress: "deny",
      ingress: "allow",
    });
    expect(referenceVerdict(egress, flow("blue/web", "red/web")).verdict).toBe("allow");
  });

  it("sorts a Kubernetes policy at order 1000 among Calico policies of the default tier", () => {
    const allowAll = k8sPolicy("red/open", { ingress: [k8sRule()] });
    const denyEarly = calicoPolicy("red/deny", { ingress: [rule("Deny")], order: 999 });
    const denyLate = calicoPolicy("red/deny", { ingress: [rule("Deny")], order: 1000 });
    expect(
      referenceVerdict(
        base({ k8sPolicies: [allowAll], calicoPolicies: [denyEarly] }),
        flow("red/web", "red/db"),
      ).ingress,
    ).toBe("deny");
    expect(
      referenceVerdict(
        base({ k8sPolicies: [allowAll], calicoPolicies: [denyLate] }),
        flow("red/web", "red/db"),
      ).ingress,
    ).toBe("deny");
    const denyAfter = calicoPolicy("red/deny", { ingress: [rule("Deny")], order: 1001 });
    expect(
      referenceVerdict(
        base({ k8sPolicies: [allowAll], calicoPolicies: [denyAfter] }),
        flow("red/web", "red/db"),
      ).ingress,
    ).toBe("allow");
  });

  it("evaluates StagedKubernetesNetworkPolicy only in pending mode, and never when staged for deletion", () => {
    const staged = {
      ...k8sPolicy("red/s", { podSelector: sel({ app: "db" }) }),
      stagedAction: "Set" as const,
    };
    expect(referenceVerdict(base({ stagedK8sPolicies: [staged] }), flow("red/web", "red/db")).ingress).toBe(
      "allow",
    );
    expect(
      referenceVerdict(base({ stagedK8sPolicies: [staged] }), flow("red/web", "red/db"), { pending: true })
        .ingress,
    ).toBe("deny");
    const deleted = { ...staged, stagedAction: "Delete" as const };
    expect(
      referenceVerdict(base({ stagedK8sPolicies: [deleted] }), flow("red/web", "red/db"), { pending: true })
        .ingress,
    ).toBe("allow");
  });
});

describe("admin network policies (§5)", () => {
  const anp = (name: string, priority: number, ingress: AdminRule[]): AdminPolicy => ({
    kind: "AdminNetworkPolicy",
    name,
    priority,
    subject: { namespaces: sel({ team: "red" }) },
    ingress,
    egress: [],
    source: workloads[0]!.source,
  });
  const fromBlue: AdminRule["peers"] = [{ namespaces: sel({ team: "blue" }) }];
  const banp = (action: AdminRule["action"]): AdminPolicy => ({
    ...anp("default", 0, [{ action, peers: fromBlue, ports: [] }]),
    kind: "BaselineAdminNetworkPolicy",
  });
  const allowBlue = k8sPolicy("red/allow", {
    ingress: [k8sRule([{ namespaceSelector: sel({ team: "blue" }) }])],
  });

  it("runs before NetworkPolicy: Deny wins over a Kubernetes allow, Pass hands over to it", () => {
    const deny = anp("a", 10, [{ action: "Deny", peers: fromBlue, ports: [] }]);
    expect(
      referenceVerdict(base({ adminPolicies: [deny], k8sPolicies: [allowBlue] }), flow("blue/web", "red/db"))
        .ingress,
    ).toBe("deny");
    const pass = anp("a", 10, [{ action: "Pass", peers: fromBlue, ports: [] }]);
    expect(
      referenceVerdict(
        base({ adminPolicies: [pass, { ...deny, name: "b", priority: 20 }], k8sPolicies: [allowBlue] }),
        flow("blue/web", "red/db"),
      ).ingress,
    ).toBe("allow");
  });

  it("orders by priority and matches ports and networks", () => {
    const allow = anp("a", 5, [
      {
        action: "Allow",
        peers: [{ networks: ["192.168.0.0/16"] }],
        ports: [{ portRange: { protocol: "TCP", start: 80, end: 90 } }],
      },
    ]);
    const deny = anp("b", 6, [{ action: "Deny", peers: [{ networks: ["0.0.0.0/0"] }], ports: [] }]);
    const s = base({ adminPolicies: [deny, allow] });
    expect(referenceVerdict(s, flow("192.168.1.1", "red/db", { dstPort: 85 })).ingress).toBe("allow");
    expect(referenceVerdict(s, flow("192.168.1.1", "red/db", { dstPort: 95 })).ingress).toBe("deny");
    expect(referenceVerdict(s, flow("192.168.1.1", "blue/web", { dstPort: 95 })).ingress).toBe("allow");
  });

  it("puts the baseline after NetworkPolicy: it decides only for traffic nothing else decided", () => {
    expect(
      referenceVerdict(base({ adminPolicies: [banp("Deny")] }), flow("blue/web", "red/db")).ingress,
    ).toBe("deny");
    expect(
      referenceVerdict(
        base({ adminPolicies: [banp("Deny")], k8sPolicies: [allowBlue] }),
        flow("blue/web", "red/db"),
      ).ingress,
    ).toBe("allow");
    expect(referenceVerdict(base({ adminPolicies: [banp("Deny")] }), flow("red/web", "red/db")).ingress).toBe(
      "allow",
    );
  });

  it("resolves an admin named port for TCP only, as Felix resolves a named port without a UDP/SCTP protocol", () => {
    const dns = {
      ...workloads[1]!,
      ports: [
        { name: "dns", protocol: "UDP" as const, port: 53 },
        { name: "web", protocol: "TCP" as const, port: 8080 },
      ],
    };
    const deny = (name: string) =>
      anp("a", 1, [{ action: "Deny", peers: [{ namespaces: sel() }], ports: [{ namedPort: name }] }]);
    const s = (name: string) =>
      cluster({ namespaces: [red, blue], workloads: [workloads[0]!, dns], adminPolicies: [deny(name)] });
    expect(referenceVerdict(s("web"), flow("red/web", "red/db", { dstPort: 8080 })).ingress).toBe("deny");
    expect(referenceVerdict(s("dns"), flow("red/web", "red/db", { protocol: 17, dstPort: 53 })).ingress).toBe(
      "allow",
    );
  });

  it("fails closed on a rule Calico cannot convert (node peers): Deny and Pass become deny-all, Allow is dropped", () => {
    const nodes: AdminRule["peers"] = [{ nodes: sel() }];
    const s = (action: AdminRule["action"]) =>
      base({ adminPolicies: [anp("a", 1, [{ action, peers: nodes, ports: [] }])] });
    expect(referenceVerdict(s("Pass"), flow("red/web", "red/db")).ingress).toBe("deny");
    expect(referenceVerdict(s("Allow"), flow("red/web", "red/db")).ingress).toBe("allow");
  });
});
