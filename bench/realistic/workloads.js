// The Kubernetes objects of a workload as the API server lists them: controller, ReplicaSet, pods and service.
import { match, meta, oneOf } from "./objects.js";
import { allocateIP } from "./plan.js";

const hashAlphabet = "bcdfghjklmnpqrstvwxz2456789";
const token = (pick, n) => Array.from({ length: n }, () => oneOf(pick, hashAlphabet)).join("");

function uid(pick) {
  const h = Array.from({ length: 32 }, () => Math.floor(pick() * 16).toString(16)).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

function podSpec(w) {
  const containerPorts = w.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol }));
  return {
    serviceAccountName: w.serviceAccount,
    containers: [{ name: "main", image: w.image, ports: containerPorts }],
  };
}

const ownerRef = (kind, name, uid) => ({
  apiVersion: "apps/v1",
  kind,
  name,
  uid,
  controller: true,
  blockOwnerDeletion: true,
});

/**
 * The workload object as the API server lists it (with its ReplicaSet for a Deployment), and how its pods are
 * named, labelled and owned: `<rs>-<suffix>` for Deployments, `<sts>-<ordinal>` for StatefulSets, `<ds>-<suffix>`.
 */
function controllers(ns, w, pick) {
  const id = uid(pick);
  const revision = token(pick, 10);
  const template = (labels) => ({ metadata: { labels }, spec: podSpec(w) });
  const spec = { selector: match(w.selector), template: template(w.labels) };
  const top = { apiVersion: "apps/v1", kind: w.kind, metadata: { ...meta(w.name, ns.name), uid: id } };
  const revisionLabel = { "controller-revision-hash": `${w.name}-${revision}` };
  if (w.kind === "DaemonSet")
    return {
      objects: [{ ...top, spec, status: { desiredNumberScheduled: w.replicas, numberReady: w.replicas } }],
      owner: ownerRef(w.kind, w.name, id),
      prefix: w.name,
      name: () => `${w.name}-${token(pick, 5)}`,
      labels: () => ({ ...w.labels, ...revisionLabel, "pod-template-generation": "1" }),
    };
  if (w.kind === "StatefulSet")
    return {
      objects: [
        {
          ...top,
          spec: { replicas: w.replicas, serviceName: w.name, ...spec },
          status: { replicas: w.replicas },
        },
      ],
      owner: ownerRef(w.kind, w.name, id),
      prefix: w.name,
      name: (i) => `${w.name}-${i}`,
      labels: (i) => ({
        ...w.labels,
        ...revisionLabel,
        "statefulset.kubernetes.io/pod-name": `${w.name}-${i}`,
        "apps.kubernetes.io/pod-index": `${i}`,
      }),
    };
  const hash = { "pod-template-hash": revision };
  const rs = { name: `${w.name}-${revision}`, uid: uid(pick), labels: { ...w.labels, ...hash } };
  const replicaSet = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      ...meta(rs.name, ns.name, rs.labels),
      uid: rs.uid,
      ownerReferences: [ownerRef("Deployment", w.name, id)],
    },
    spec: {
      replicas: w.replicas,
      selector: match({ ...w.selector, ...hash }),
      template: template(rs.labels),
    },
    status: { replicas: w.replicas },
  };
  return {
    objects: [
      { ...top, spec: { replicas: w.replicas, ...spec }, status: { replicas: w.replicas } },
      replicaSet,
    ],
    owner: ownerRef("ReplicaSet", rs.name, rs.uid),
    prefix: rs.name,
    name: () => `${rs.name}-${token(pick, 5)}`,
    labels: () => rs.labels,
  };
}

/** A workload, its ReplicaSet if any, and its pods, each on a node (every node for a DaemonSet) with an IP from that node's blocks. */
export function* workloadItems(cluster, ns, w, pick) {
  const c = controllers(ns, w, pick);
  yield* c.objects;
  const names = new Set();
  for (let i = 0; i < w.replicas; i++) {
    const node = w.kind === "DaemonSet" ? cluster.nodes[i] : oneOf(pick, cluster.workers);
    let name = c.name(i);
    while (names.has(name)) name = c.name(i);
    names.add(name);
    const ip = allocateIP(cluster, node);
    yield {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        ...meta(name, ns.name, c.labels(i)),
        generateName: `${c.prefix}-`,
        uid: uid(pick),
        ownerReferences: [c.owner],
      },
      spec: { ...podSpec(w), nodeName: node.name },
      status: { phase: "Running", hostIP: node.ip, podIP: ip, podIPs: [{ ip }] },
    };
  }
}

/** The Service in front of a workload's pods, headless for a StatefulSet. */
export function service(ns, w) {
  const list = w.ports.map((p) => ({ name: p.name, protocol: p.protocol, port: p.port, targetPort: p.name }));
  const headless = w.kind === "StatefulSet" ? { clusterIP: "None" } : {};
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta(w.name, ns.name),
    spec: {
      ...headless,
      selector: w.labels.app ? { app: w.labels.app, component: w.labels.component } : w.selector,
      ports: list,
    },
  };
}
