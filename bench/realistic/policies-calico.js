// The namespaced Calico policy of protected application namespaces: tiered rules, network sets and staged proposals.
import { calico } from "./objects.js";

/** Calico policy and sets of a protected application namespace in all three tiers, and some staged proposals. */
export function calicoAppPolicies(ns, tiers, pick) {
  const n = ns.name;
  const out = [];
  const apis = [
    ...new Set(ns.workloads.filter((w) => w.labels.component === "api").map((w) => w.labels.app)),
  ];
  for (const app of apis) {
    const rule = {
      action: "Allow",
      protocol: "TCP",
      source: { selector: `app == "${app}" || has(grpc-client)` },
      destination: { ports: ["grpc", "9000:9010"] },
    };
    out.push(
      calico("NetworkPolicy", `${app}-internal`, n, {
        order: 500,
        selector: `app == "${app}" && component in {"api", "worker"}`,
        types: ["Ingress"],
        ingress: [rule],
      }),
    );
  }
  if (tiers.has("data")) {
    const monitoring = { namespaceSelector: 'projectcalico.org/name == "monitoring"' };
    const clients = { serviceAccounts: { selector: 'db-access == "true"' } };
    const ingress = [
      { action: "Pass", source: clients },
      { action: "Pass", source: { selector: 'tier == "data"' } },
      { action: "Pass", source: monitoring },
      { action: "Log" },
      { action: "Deny" },
    ];
    const toData = { selector: 'tier == "data"', ports: ["postgres", "redis", "9092:9094"] };
    out.push(
      calico("NetworkPolicy", "security.data-access", n, {
        tier: "security",
        order: 100,
        selector: 'tier == "data"',
        types: ["Ingress"],
        ingress,
      }),
      calico("NetworkPolicy", "platform.db-clients", n, {
        tier: "platform",
        order: 100,
        selector: "all()",
        serviceAccountSelector: 'db-access == "true"',
        types: ["Egress"],
        egress: [{ action: "Allow", protocol: "TCP", destination: toData }],
      }),
    );
  }
  if (ns.pci) {
    const acquirers = {
      action: "Allow",
      protocol: "TCP",
      destination: { selector: 'partner == "card-acquirer"', ports: [443] },
    };
    out.push(
      calico(
        "NetworkSet",
        "card-acquirers",
        n,
        { nets: ["198.51.100.64/27", "203.0.113.0/27"] },
        { partner: "card-acquirer" },
      ),
      calico("NetworkPolicy", "allow-acquirer-egress", n, {
        order: 400,
        selector: 'tier == "backend"',
        types: ["Egress"],
        egress: [acquirers],
      }),
    );
  }
  if (pick() < 0.1)
    out.push(
      calico("StagedKubernetesNetworkPolicy", "default-deny-egress", n, {
        stagedAction: "Set",
        podSelector: {},
        policyTypes: ["Egress"],
      }),
    );
  if (tiers.has("frontend") && pick() < 0.1) {
    const egress = [
      { action: "Allow", protocol: "TCP", destination: { selector: 'tier == "backend"', ports: ["http"] } },
      { action: "Deny" },
    ];
    out.push(
      calico("StagedNetworkPolicy", "platform.frontend-egress", n, {
        stagedAction: "Set",
        tier: "platform",
        order: 50,
        selector: 'tier == "frontend"',
        types: ["Egress"],
        egress,
      }),
    );
  }
  if (apis.length > 0 && pick() < 0.05)
    out.push(calico("StagedNetworkPolicy", `${apis[0]}-internal`, n, { stagedAction: "Delete" }));
  return out;
}
