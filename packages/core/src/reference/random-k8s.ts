// Random Kubernetes NetworkPolicies (enforced and staged) and admin network policies.
import fc from "fast-check";
import type { AdminPeer, AdminPolicy, AdminPort, AdminRule, AdminSubject } from "../model/admin.js";
import type { StagedAction, StagedK8sPolicy } from "../model/calico.js";
import type { K8sLabelSelector, K8sNetworkPolicy, K8sPeer, K8sPolicyPort, K8sRule } from "../model/k8s.js";
import { K8S_NAMESPACE_KEYS, k8sSelectorArbitrary, POD_LABELS, RANDOM_SOURCE } from "./random-vocabulary.js";

const IP_BLOCKS = [
  { cidr: "10.0.0.0/24", except: ["10.0.0.12/30"] },
  { cidr: "0.0.0.0/0", except: ["10.0.0.0/28"] },
  { cidr: "10.0.0.16/28", except: [] },
  { cidr: "192.168.0.0/16", except: ["192.168.1.0/24"] },
  { cidr: "fd00::/120", except: ["fd00::10/126"] },
] as const;

const everything: K8sLabelSelector = { matchLabels: {}, matchExpressions: [] };
const podSelector = fc.oneof(fc.constant(everything), k8sSelectorArbitrary(POD_LABELS));
const namespaceSelector = k8sSelectorArbitrary(K8S_NAMESPACE_KEYS);

const peerArbitrary: fc.Arbitrary<K8sPeer> = fc.oneof(
  podSelector.map((s): K8sPeer => ({ podSelector: s })),
  namespaceSelector.map((s): K8sPeer => ({ namespaceSelector: s })),
  fc
    .tuple(podSelector, namespaceSelector)
    .map(([p, n]): K8sPeer => ({ podSelector: p, namespaceSelector: n })),
  fc.constantFrom(...IP_BLOCKS).map((b): K8sPeer => ({ ipBlock: { cidr: b.cidr, except: [...b.except] } })),
);

const portArbitrary: fc.Arbitrary<K8sPolicyPort> = fc
  .tuple(
    fc.constantFrom<K8sPolicyPort["protocol"]>("TCP", "TCP", "UDP", "SCTP"),
    fc.constantFrom<Omit<K8sPolicyPort, "protocol">>(
      {},
      { port: 53 },
      { port: 80 },
      { port: 8080 },
      { port: "http" },
      { port: "dns" },
      { port: "metrics" },
      { port: 50, endPort: 100 },
      { port: 9000, endPort: 9100 },
    ),
  )
  .map(([protocol, rest]) => ({ protocol, ...rest }));

const k8sRuleArbitrary: fc.Arbitrary<K8sRule> = fc.record({
  peers: fc.array(peerArbitrary, { maxLength: 2 }),
  ports: fc.array(portArbitrary, { maxLength: 2 }),
});

/** The `index`th Kubernetes NetworkPolicy of a cluster, in one of `namespaces`. */
export function k8sPolicyArbitrary(
  index: number,
  namespaces: readonly string[],
): fc.Arbitrary<K8sNetworkPolicy> {
  return fc.record({
    namespace: fc.constantFrom(...namespaces),
    name: fc.constant(`k${index}`),
    podSelector,
    ingress: fc.array(k8sRuleArbitrary, { maxLength: 2 }),
    egress: fc.array(k8sRuleArbitrary, { maxLength: 2 }),
    policyTypes: fc.constantFrom<("Ingress" | "Egress")[]>(["Ingress"], ["Egress"], ["Ingress", "Egress"]),
    source: fc.constant(RANDOM_SOURCE),
  });
}

/** A StagedKubernetesNetworkPolicy, sometimes staged for deletion. */
export function stagedK8sPolicyArbitrary(
  index: number,
  namespaces: readonly string[],
): fc.Arbitrary<StagedK8sPolicy> {
  return fc
    .tuple(k8sPolicyArbitrary(index, namespaces), fc.constantFrom<StagedAction>("Set", "Set", "Delete"))
    .map(([p, stagedAction]) => ({ ...p, name: `s${index}`, stagedAction }));
}

const subjectArbitrary: fc.Arbitrary<AdminSubject> = fc.oneof(
  namespaceSelector.map((namespaces): AdminSubject => ({ namespaces })),
  fc
    .tuple(namespaceSelector, podSelector)
    .map(([n, p]): AdminSubject => ({ pods: { namespaceSelector: n, podSelector: p } })),
);

const adminPeerArbitrary: fc.Arbitrary<AdminPeer> = fc.oneof(
  subjectArbitrary,
  fc.constantFrom<AdminPeer>({ networks: ["10.0.0.0/28"] }, { networks: ["192.168.1.0/24", "fd00::/124"] }),
);

const adminPortArbitrary: fc.Arbitrary<AdminPort> = fc.constantFrom<AdminPort>(
  { portNumber: { protocol: "TCP", port: 80 } },
  { portNumber: { protocol: "UDP", port: 53 } },
  { portRange: { protocol: "TCP", start: 8000, end: 9000 } },
  { portRange: { protocol: "SCTP", start: 3000, end: 4000 } },
);

function adminRuleArbitrary(actions: readonly AdminRule["action"][]): fc.Arbitrary<AdminRule> {
  return fc.record({
    action: fc.constantFrom(...actions),
    peers: fc.array(adminPeerArbitrary, { minLength: 1, maxLength: 2 }),
    ports: fc.array(adminPortArbitrary, { maxLength: 2 }),
  });
}

/** An AdminNetworkPolicy (Allow, Deny, Pass rules) or the BaselineAdminNetworkPolicy (Allow, Deny). */
export function adminPolicyArbitrary(kind: AdminPolicy["kind"]): fc.Arbitrary<AdminPolicy> {
  const actions: AdminRule["action"][] =
    kind === "AdminNetworkPolicy" ? ["Allow", "Deny", "Pass"] : ["Allow", "Deny"];
  return fc
    .record({
      subject: subjectArbitrary,
      priority: fc.constantFrom(10, 20, 500),
      ingress: fc.array(adminRuleArbitrary(actions), { maxLength: 2 }),
      egress: fc.array(adminRuleArbitrary(actions), { maxLength: 2 }),
    })
    .map((r) => {
      const p: AdminPolicy = {
        kind,
        name: kind === "AdminNetworkPolicy" ? "anp" : "default",
        subject: r.subject,
        ingress: r.ingress,
        egress: r.egress,
        source: RANDOM_SOURCE,
      };
      if (kind === "AdminNetworkPolicy") p.priority = r.priority;
      return p;
    });
}
