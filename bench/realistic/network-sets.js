// The cluster-wide Calico GlobalNetworkSets of a realistic cluster.
import { calico, labelMap, oneOf } from "./objects.js";

/** Cluster-wide address sets: corporate, management, cloud metadata, partners, SaaS and a threat feed. */
export function* globalNetworkSets(pick) {
  const threats = new Set();
  while (threats.size < 16) {
    const [a, b, c] = [
      oneOf(pick, [45, 91, 103, 185, 194]),
      Math.floor(pick() * 256),
      Math.floor(pick() * 256),
    ];
    threats.add(pick() < 0.5 ? `${a}.${b}.${c}.0/24` : `${a}.${b}.${c}.${1 + Math.floor(pick() * 254)}/32`);
  }
  const sets = [
    ["corporate-networks", "network=corporate", ["172.16.0.0/16", "172.20.0.0/14", "192.168.100.0/22"]],
    ["management-networks", "network=management", ["10.250.0.0/24", "10.250.1.0/28"]],
    ["cloud-metadata", "network=cloud-metadata", ["169.254.169.254/32", "169.254.170.2/32"]],
    [
      "partner-card-acquirer",
      "network=partner partner=card-acquirer",
      ["198.51.100.0/26", "203.0.113.64/27"],
    ],
    ["partner-logistics", "network=partner partner=logistics", ["198.51.100.128/25", "192.0.2.0/25"]],
    ["partner-analytics", "network=partner partner=analytics", ["203.0.113.128/25"]],
    ["saas-apis", "network=saas", ["52.94.0.0/22", "34.120.0.0/16", "151.101.0.0/16"]],
    ["threat-feed", "threat-feed=blocklist", [...threats].sort()],
  ];
  for (const [name, labels, nets] of sets)
    yield calico("GlobalNetworkSet", name, undefined, { nets }, labelMap(labels));
}
