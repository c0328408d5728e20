// Plans a realistic cluster (nodes, namespaces, workloads) and hands out its pod IPs from per-node blocks.
import { zones, podCIDR } from "./catalog.js";
import { ipv4 } from "./objects.js";
import { appNamespaces, systemNamespaces } from "./namespaces.js";
import { fillNamespace } from "./applications.js";

/** Decides every node, namespace and workload of a cluster of exactly `pods` pods. */
export function planCluster(pods, pick) {
  const nodeCount = Math.max(2, Math.round(pods / 30));
  const nodes = Array.from({ length: nodeCount }, (_, i) => {
    const ip = ipv4(0x0a800000 + 10 + i);
    const role = nodeCount >= 10 && i < 3 ? "control-plane" : "worker";
    return {
      name: `ip-${ip.replaceAll(".", "-")}`,
      ip,
      role,
      zone: zones[i % zones.length],
      block: 0,
      used: 64,
    };
  });
  const system = systemNamespaces(pods, nodeCount);
  const appPods = pods - system.flatMap((n) => n.workloads).reduce((sum, w) => sum + w.replicas, 0);
  const appNs = appNamespaces(Math.max(3, Math.round(pods / 50)), pick);
  const weights = appNs.map(() => 0.3 + pick() * pick() * 3);
  const total = weights.reduce((a, b) => a + b, 0);
  const budgets = weights.map((w) => Math.floor((appPods * w) / total));
  for (let i = 0; budgets.reduce((a, b) => a + b, 0) < appPods; i++) budgets[i]++;
  appNs.forEach((ns, i) => fillNamespace(ns, budgets[i], pick));
  const workers = nodes.filter((n) => n.role === "worker");
  return { nodes, workers, namespaces: [...system, ...appNs], blocks: 0 };
}

/** The next pod IP on a node, opening a new /26 block of the pod CIDR for it when its current one is full. */
export function allocateIP(cluster, node) {
  if (node.used === 64) {
    if (cluster.blocks === podCIDR.blocks) throw new Error(`the pod CIDR ${podCIDR.text} is full`);
    node.block = podCIDR.base + 64 * cluster.blocks++;
    node.used = 0;
  }
  return ipv4(node.block + node.used++);
}
