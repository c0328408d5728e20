// The Calico host endpoints of a realistic cluster's nodes and the global policy that protects them.
import { nodeCIDR, podCIDR } from "./catalog.js";
import { calico } from "./objects.js";

/** One host endpoint per node on eth0, SSH from the management network, and pre-DNAT protection of NodePorts. */
export function* hostItems(cluster) {
  for (const node of cluster.nodes) {
    const labels = {
      "node-role": node.role,
      "topology.kubernetes.io/zone": node.zone,
      "kubernetes.io/hostname": node.name,
    };
    yield calico(
      "HostEndpoint",
      `${node.name}-eth0`,
      undefined,
      { node: node.name, interfaceName: "eth0", expectedIPs: [node.ip] },
      labels,
    );
  }
  const nodePorts = { ports: ["30000:32767"] };
  yield calico("GlobalNetworkPolicy", "host-nodeports", undefined, {
    order: 50,
    selector: 'node-role == "worker"',
    preDNAT: true,
    applyOnForward: true,
    types: ["Ingress"],
    ingress: [
      {
        action: "Allow",
        protocol: "TCP",
        source: { selector: 'network == "corporate"' },
        destination: nodePorts,
      },
      { action: "Deny", protocol: "TCP", destination: nodePorts },
    ],
  });
  yield calico("GlobalNetworkPolicy", "host-management-access", undefined, {
    order: 100,
    selector: "has(node-role)",
    types: ["Ingress", "Egress"],
    ingress: [
      {
        action: "Allow",
        protocol: "TCP",
        source: { selector: 'network == "management"' },
        destination: { ports: [22, 10250] },
      },
      { action: "Allow", source: { nets: [nodeCIDR, podCIDR.text] } },
      { action: "Deny" },
    ],
    egress: [{ action: "Allow" }],
  });
}
