// Deterministic generator of realistic clusters (workloads, pods, tiered Kubernetes and Calico policy, hosts) as kubectl JSON.
import { closeSync, openSync, writeSync } from "node:fs";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { prng } from "./generate-manifests.js";
import { hostItems } from "./realistic/hosts.js";
import { globalNetworkSets } from "./realistic/network-sets.js";
import { calico, meta } from "./realistic/objects.js";
import { planCluster } from "./realistic/plan.js";
import { calicoAppPolicies } from "./realistic/policies-calico.js";
import { globalPolicies } from "./realistic/policies-global.js";
import { k8sAppPolicies, systemPolicies } from "./realistic/policies-k8s.js";
import { service, workloadItems } from "./realistic/workloads.js";

/** Pods per cluster size. */
export const sizes = { S: 100, M: 2_000, L: 20_000, XL: 100_000 };

/** Every object of one namespace: the namespace, its service accounts, policy, workloads with pods, services. */
function* namespaceItems(cluster, ns, pick) {
  yield {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: meta(ns.name, undefined, { "kubernetes.io/metadata.name": ns.name, ...ns.labels }),
  };
  for (const [name, labels] of ns.serviceAccounts)
    yield { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(name, ns.name, labels) };
  if (ns.system) yield* systemPolicies(ns);
  else if (!ns.unprotected) {
    const tiers = new Set(ns.workloads.map((w) => w.labels.tier));
    yield* k8sAppPolicies(ns, tiers);
    yield* calicoAppPolicies(ns, tiers, pick);
  }
  for (const w of ns.workloads) {
    yield* workloadItems(cluster, ns, w, pick);
    if (!w.canary) yield service(ns, w);
  }
}

/** Every object of the cluster of `size`, in the order they are written. */
function* clusterItems(size, seed) {
  const pods = sizes[size];
  if (pods === undefined) throw new Error(`unknown size ${size}; known: ${Object.keys(sizes).join(", ")}`);
  const pick = prng(seed);
  const cluster = planCluster(pods, pick);
  yield calico("Tier", "security", undefined, { order: 100 });
  yield calico("Tier", "platform", undefined, { order: 200, defaultAction: "Pass" });
  yield* globalNetworkSets(pick);
  yield* globalPolicies();
  yield* hostItems(cluster);
  for (const ns of cluster.namespaces) yield* namespaceItems(cluster, ns, pick);
}

/** The cluster of `size` ("S", "M", "L" or "XL"), deterministic from `seed`, as one kubectl List object. */
export function generateRealistic(size, { seed = 1 } = {}) {
  return { apiVersion: "v1", kind: "List", items: [...clusterItems(size, seed)] };
}

/** Counts one written object into `summary`. */
function count(summary, item) {
  const { kind } = item;
  if (kind === "Pod") summary.pods++;
  else if (kind === "Deployment" || kind === "StatefulSet" || kind === "DaemonSet") summary.workloads++;
  else if (kind === "Namespace") {
    summary.namespaces++;
    if (item.metadata.labels["network-policy"] === undefined) summary.unprotected++;
  } else if (kind.endsWith("NetworkSet")) summary.networkSets++;
  else if (kind === "HostEndpoint") summary.hostEndpoints++;
  else if (kind.endsWith("NetworkPolicy")) {
    const name =
      kind === "NetworkPolicy"
        ? `${kind} (${item.apiVersion.startsWith("networking") ? "k8s" : "Calico"})`
        : kind;
    summary.policies[name] = (summary.policies[name] ?? 0) + 1;
  }
}

/**
 * Writes the cluster of `size` to `path` item by item, as the same text as
 * `JSON.stringify(generateRealistic(size, { seed }), null, 2)` plus a newline; returns what it wrote and the bytes.
 */
export function writeRealistic(size, path, { seed = 1 } = {}) {
  const summary = {
    pods: 0,
    workloads: 0,
    namespaces: 0,
    unprotected: 0,
    policies: {},
    networkSets: 0,
    hostEndpoints: 0,
    bytes: 0,
  };
  const fd = openSync(path, "w");
  let chunk = '{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n';
  const flush = () => {
    const buffer = Buffer.from(chunk);
    for (let done = 0; done < buffer.length;) done += writeSync(fd, buffer, done);
    summary.bytes += buffer.length;
    chunk = "";
  };
  try {
    let first = true;
    for (const item of clusterItems(size, seed)) {
      count(summary, item);
      chunk += `${first ? "" : ",\n"}    ${JSON.stringify(item, null, 2).replaceAll("\n", "\n    ")}`;
      first = false;
      if (chunk.length > 1 << 20) flush();
    }
    chunk += "\n  ]\n}\n";
    flush();
  } finally {
    closeSync(fd);
  }
  return summary;
}

/** One line describing what `writeRealistic` wrote. */
export function describeSummary(size, s) {
  const policies = Object.entries(s.policies).map(([kind, n]) => `${n} ${kind}`);
  return (
    `${size}: ${s.pods} pods, ${s.workloads} workloads, ${s.namespaces} namespaces (${s.unprotected} unprotected), ` +
    `policies: ${policies.join(", ")}; ${s.networkSets} network sets, ${s.hostEndpoints} host endpoints, ${(s.bytes / 1e6).toFixed(1)} MB`
  );
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const [size, out, seed = "1"] = process.argv.slice(2);
  if (!size || !out || sizes[size] === undefined || !Number.isInteger(Number(seed))) {
    console.error(
      `usage: node bench/generate-realistic.js <${Object.keys(sizes).join("|")}> <out.json> [seed]`,
    );
    process.exit(2);
  }
  const start = performance.now();
  const summary = writeRealistic(size, out, { seed: Number(seed) });
  console.log(
    `${describeSummary(size, summary)}, written in ${((performance.now() - start) / 1000).toFixed(1)} s`,
  );
}
