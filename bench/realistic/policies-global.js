// The cluster-wide Calico GlobalNetworkPolicy of the security and platform tiers.
import { privateNets } from "./catalog.js";
import { calico } from "./objects.js";

/**
 * Global policy for workloads of protected namespaces: `security` denies threats, metadata access and traffic
 * across the PCI boundary, then passes; `platform` allows DNS and metrics scraping, then passes.
 */
export function* globalPolicies() {
  const global = (name, spec) =>
    calico("GlobalNetworkPolicy", name, undefined, {
      ...spec,
      namespaceSelector: spec.namespaceSelector ?? 'network-policy == "enforced"',
    });
  const threat = { selector: 'threat-feed == "blocklist"' };
  yield global("security.threat-feed", {
    tier: "security",
    order: 10,
    selector: "all()",
    types: ["Ingress", "Egress"],
    ingress: [
      { action: "Log", source: threat },
      { action: "Deny", source: threat },
    ],
    egress: [{ action: "Deny", destination: threat }],
  });
  yield global("security.cloud-metadata", {
    tier: "security",
    order: 20,
    selector: "!has(metadata-access)",
    types: ["Egress"],
    egress: [{ action: "Deny", destination: { selector: 'network == "cloud-metadata"' } }],
  });
  const outsidePCI = {
    namespaceSelector:
      'compliance != "pci" && projectcalico.org/name not in {"monitoring", "ingress-nginx", "kube-system"}',
  };
  yield global("security.pci-isolation", {
    tier: "security",
    order: 30,
    namespaceSelector: 'compliance == "pci" && network-policy == "enforced"',
    selector: "all()",
    types: ["Ingress", "Egress"],
    ingress: [
      { action: "Log", source: outsidePCI },
      { action: "Deny", source: outsidePCI },
    ],
    egress: [
      {
        action: "Allow",
        protocol: "TCP",
        destination: { selector: 'partner == "card-acquirer"', ports: [443] },
      },
      { action: "Deny", protocol: "TCP", destination: { notNets: privateNets, notPorts: [443] } },
      { action: "Deny", destination: outsidePCI },
    ],
  });
  yield global("security.pass-to-next-tier", {
    tier: "security",
    order: 1000,
    selector: "all()",
    types: ["Ingress", "Egress"],
    ingress: [{ action: "Pass" }],
    egress: [{ action: "Pass" }],
  });
  yield calico("StagedGlobalNetworkPolicy", "security.quarantine", undefined, {
    tier: "security",
    order: 5,
    namespaceSelector: 'network-policy == "enforced"',
    selector: 'quarantine == "true"',
    types: ["Ingress", "Egress"],
    ingress: [{ action: "Deny" }],
    egress: [{ action: "Deny" }],
  });
  const kubeDNS = (protocol) => ({
    action: "Allow",
    protocol,
    destination: {
      namespaceSelector: 'projectcalico.org/name == "kube-system"',
      selector: 'k8s-app == "kube-dns"',
      ports: [53],
    },
  });
  yield global("platform.allow-dns", {
    tier: "platform",
    order: 10,
    selector: "all()",
    types: ["Egress"],
    egress: [kubeDNS("UDP"), kubeDNS("TCP")],
  });
  const prometheus = {
    namespaceSelector: 'projectcalico.org/name == "monitoring"',
    selector: 'app.kubernetes.io/name == "prometheus"',
  };
  yield global("platform.allow-prometheus-scrape", {
    tier: "platform",
    order: 20,
    selector: "has(app) || has(app.kubernetes.io/name) || has(k8s-app)",
    types: ["Ingress"],
    ingress: [
      { action: "Allow", protocol: "TCP", source: prometheus, destination: { ports: ["metrics", 9100] } },
    ],
  });
}
