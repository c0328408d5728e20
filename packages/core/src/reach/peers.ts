// The ends that reachability reports: workloads (one representative per owner) or pods, and host endpoints.
import type { Engine } from "../eval/engine.js";
import type { Workload } from "../model/k8s.js";
import type { EndpointEntry } from "../policy/endpoints.js";

/** One end of a reported connection (the DESIGN.md `reach -o json` Peer). */
export type Peer =
  | { kind: "workload"; namespace: string; name: string; workloadKind: string }
  | { kind: "pod"; namespace: string; name: string }
  | { kind: "hostendpoint"; node: string; name: string }
  | { kind: "external"; range: string }
  | {
      kind: "hypothetical";
      description: string;
      namespaceLabels: Record<string, string>;
      labels: Record<string, string>;
    };

/** A reported end and the endpoint that represents it (absent for external ranges). */
export interface ReachPeer {
  peer: Peer;
  entry?: EndpointEntry;
  /** For a pod: the workload it belongs to, as `namespace/name`. */
  workload?: string;
}

/** Report every pod, or one representative per workload. */
export type ReachMode = "workload" | "pod";

const workloadKey = (namespace: string, kind: string, name: string) => `${namespace}/${kind}/${name}`;

/** The owner a pod or workload is reported under: a declared workload, or an owner known only by reference. */
type Owner = { declared: Workload } | { kind: string; namespace: string; name: string } | undefined;

/**
 * Follows controller references up to the topmost declared workload (a Deployment's ReplicaSets and pods fold
 * into it); a pod whose owner is not declared is reported under that owner (a ReplicaSet named
 * `<deployment>-<pod-template-hash>` under its Deployment).
 */
function ownerOf(w: Workload, declared: ReadonlyMap<string, Workload>): Owner {
  if (!w.owner) return undefined;
  let top: Workload | undefined;
  let current = w;
  for (let depth = 0; depth < 8 && current.owner; depth++) {
    const next = declared.get(workloadKey(current.namespace, current.owner.kind, current.owner.name));
    if (!next || next === w) break;
    top = current = next;
  }
  if (top) return { declared: top };
  const { kind, name } = w.owner;
  const hash = w.labels["pod-template-hash"];
  if (w.kind === "Pod" && kind === "ReplicaSet" && hash !== undefined && name.endsWith(`-${hash}`)) {
    const deployment = name.slice(0, -hash.length - 1);
    const d = declared.get(workloadKey(w.namespace, "Deployment", deployment));
    return d ? { declared: d } : { kind: "Deployment", namespace: w.namespace, name: deployment };
  }
  return { kind, namespace: w.namespace, name };
}

/**
 * The declared Deployment a standalone workload endpoint's pod belongs to: its name is
 * `<deployment>-<pod-template-hash>-<suffix>` (calicoctl output often comes without the pods themselves).
 */
function deploymentOfPod(
  namespace: string,
  pod: string,
  hash: string | undefined,
  declared: ReadonlyMap<string, Workload>,
): Workload | undefined {
  if (hash === undefined) return undefined;
  const at = pod.lastIndexOf(`-${hash}-`);
  return at > 0 ? declared.get(workloadKey(namespace, "Deployment", pod.slice(0, at))) : undefined;
}

/** The endpoints to report, in manifest order: per workload (pods folded into their owner) or per pod. */
export function endpointPeers(engine: Engine, mode: ReachMode): ReachPeer[] {
  const declared = new Map<string, Workload>();
  const entryOf = new Map<Workload, EndpointEntry>();
  for (const e of engine.endpoints) {
    if (!e.workload) continue;
    entryOf.set(e.workload, e);
    if (e.workload.kind !== "Pod")
      declared.set(workloadKey(e.workload.namespace, e.workload.kind, e.workload.name), e.workload);
  }
  const withPods = new Set<Workload>();
  const groups = new Map<string, EndpointEntry[]>();
  const owners = new Map<EndpointEntry, Owner>();
  for (const e of engine.endpoints) {
    const w = e.workload;
    if (!w) continue;
    const owner = ownerOf(w, declared);
    owners.set(e, owner);
    if (w.kind !== "Pod" || owner === undefined) continue;
    if ("declared" in owner) withPods.add(owner.declared);
    else {
      const key = workloadKey(owner.namespace, owner.kind, owner.name);
      const list = groups.get(key);
      if (list) list.push(e);
      else groups.set(key, [e]);
    }
  }
  const out: ReachPeer[] = [];
  const seenGroups = new Set<string>();
  for (const e of engine.endpoints) {
    const w = e.workload;
    if (!w) {
      if (e.name.startsWith("hep:")) {
        const [node = "", name = ""] = e.name.slice(4).split("/");
        out.push({ peer: { kind: "hostendpoint", node, name }, entry: e });
      } else {
        const [namespace = "", name = ""] = e.name.split("/");
        const deployment = deploymentOfPod(
          namespace,
          name,
          e.get().labels.get("pod-template-hash"),
          declared,
        );
        if (deployment !== undefined && mode === "workload") continue;
        const pod: ReachPeer = { peer: { kind: "pod", namespace, name }, entry: e };
        if (deployment !== undefined) pod.workload = `${namespace}/${deployment.name}`;
        out.push(pod);
      }
      continue;
    }
    const owner = owners.get(e);
    if (w.kind !== "Pod") {
      if (owner !== undefined && "declared" in owner) continue;
      if (mode === "pod" && withPods.has(w)) continue;
      out.push({
        peer: { kind: "workload", namespace: w.namespace, name: w.name, workloadKind: w.kind },
        entry: e,
      });
      continue;
    }
    if (mode === "pod") {
      const pod: ReachPeer = { peer: { kind: "pod", namespace: w.namespace, name: w.name }, entry: e };
      if (owner !== undefined) {
        const o = "declared" in owner ? owner.declared : owner;
        pod.workload = `${o.namespace}/${o.name}`;
      }
      out.push(pod);
      continue;
    }
    if (owner === undefined) {
      out.push({
        peer: { kind: "workload", namespace: w.namespace, name: w.name, workloadKind: "Pod" },
        entry: e,
      });
      continue;
    }
    if ("declared" in owner) continue;
    const key = workloadKey(owner.namespace, owner.kind, owner.name);
    if (seenGroups.has(key)) continue;
    seenGroups.add(key);
    const members = groups.get(key)!;
    const first = members.reduce((a, b) => (b.name < a.name ? b : a));
    out.push({
      peer: { kind: "workload", namespace: owner.namespace, name: owner.name, workloadKind: owner.kind },
      entry: first,
    });
  }
  return out;
}

/** A peer as people read it: `shop/api [Deployment]`, `shop/api-7d9f-x2k4q`, `hep:node-1/eth0`, or an address range. */
export function peerLabel(peer: Peer): string {
  switch (peer.kind) {
    case "workload":
      return `${peer.namespace}/${peer.name} [${peer.workloadKind}]`;
    case "pod":
      return `${peer.namespace}/${peer.name}`;
    case "hostendpoint":
      return `hep:${peer.node}/${peer.name}`;
    case "external":
      return peer.range;
    case "hypothetical":
      return `(${peer.description})`;
  }
}
