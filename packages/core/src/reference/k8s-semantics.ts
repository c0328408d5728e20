// Kubernetes NetworkPolicy semantics straight from the Kubernetes documentation, with no Calico in between.
import type { EvalOptions, EndpointRef, FlowSpec } from "../eval/types.js";
import type {
  K8sLabelSelector,
  K8sNetworkPolicy,
  K8sPeer,
  K8sPolicyPort,
  K8sRule,
  LabelMap,
  Workload,
} from "../model/k8s.js";
import type { Snapshot } from "../model/snapshot.js";
import { cidrContains, parseCIDR, parseIP, type IPAddress } from "../net/ip.js";
import type { ReferenceVerdict } from "./reference.js";

/** One end of a flow in Kubernetes terms: a pod (if it is one) and its address in the flow's family. */
interface End {
  pod?: Workload;
  ip?: IPAddress;
}

/** matchLabels and matchExpressions, evaluated directly. */
function selects(sel: K8sLabelSelector, labels: LabelMap): boolean {
  const has = (k: string): boolean => Object.hasOwn(labels, k);
  return (
    Object.entries(sel.matchLabels).every(([k, v]) => has(k) && labels[k] === v) &&
    sel.matchExpressions.every((e) => {
      switch (e.operator) {
        case "In":
          return has(e.key) && e.values.includes(labels[e.key]!);
        case "NotIn":
          return !has(e.key) || !e.values.includes(labels[e.key]!);
        case "Exists":
          return has(e.key);
        case "DoesNotExist":
          return !has(e.key);
      }
    })
  );
}

function inCIDR(text: string, ip: IPAddress | undefined): boolean {
  const c = parseCIDR(text);
  const bits = ip?.family === 4 ? 32 : 128;
  return (
    ip !== undefined &&
    c !== undefined &&
    cidrContains(c, { family: ip.family, network: ip.value, prefix: bits, hostBitsSet: false })
  );
}

function namespaceLabels(s: Snapshot, ns: string): LabelMap {
  return s.namespaces.find((n) => n.name === ns)?.labels ?? {};
}

/** A peer of a rule of a policy in namespace `ns` matches the other end. */
function peerMatches(s: Snapshot, ns: string, peer: K8sPeer, other: End): boolean {
  if (peer.ipBlock)
    return inCIDR(peer.ipBlock.cidr, other.ip) && !peer.ipBlock.except.some((x) => inCIDR(x, other.ip));
  const pod = other.pod;
  if (!pod) return false;
  const nsOK = peer.namespaceSelector
    ? selects(peer.namespaceSelector, namespaceLabels(s, pod.namespace))
    : pod.namespace === ns;
  return nsOK && (!peer.podSelector || selects(peer.podSelector, pod.labels));
}

/** A port entry matches: same protocol, and the port (numeric, range, or named on the destination pod). */
function portMatches(p: K8sPolicyPort, flow: FlowSpec, dstPod: Workload | undefined): boolean {
  const protocol = { TCP: 6, UDP: 17, SCTP: 132 }[p.protocol];
  if (protocol !== flow.protocol) return false;
  if (p.port === undefined) return true;
  const port = flow.dstPort;
  if (port === undefined) return false;
  if (typeof p.port === "number") return port >= p.port && port <= (p.endPort ?? p.port);
  return (dstPod?.ports ?? []).some((c) => c.name === p.port && c.protocol === p.protocol && c.port === port);
}

function ruleAllows(
  s: Snapshot,
  ns: string,
  r: K8sRule,
  other: End,
  flow: FlowSpec,
  dstPod: Workload | undefined,
): boolean {
  return (
    (r.peers.length === 0 || r.peers.some((p) => peerMatches(s, ns, p, other))) &&
    (r.ports.length === 0 || r.ports.some((p) => portMatches(p, flow, dstPod)))
  );
}

/** A pod is isolated for a direction when a policy selecting it lists it; then only those policies' rules allow. */
function direction(
  s: Snapshot,
  policies: readonly K8sNetworkPolicy[],
  pod: Workload,
  dir: "Ingress" | "Egress",
  other: End,
  flow: FlowSpec,
  dstPod: Workload | undefined,
): "allow" | "deny" {
  const isolating = policies.filter(
    (p) => p.namespace === pod.namespace && selects(p.podSelector, pod.labels) && p.policyTypes.includes(dir),
  );
  if (isolating.length === 0) return "allow";
  const allowed = isolating.some((p) =>
    (dir === "Ingress" ? p.ingress : p.egress).some((r) =>
      ruleAllows(s, p.namespace, r, other, flow, dstPod),
    ),
  );
  return allowed ? "allow" : "deny";
}

function resolve(s: Snapshot, ref: EndpointRef): { pod?: Workload; ips: IPAddress[]; explicit?: IPAddress } {
  const pods = s.workloads.filter((w) => !w.hostNetwork);
  const ipsOf = (w: Workload): IPAddress[] =>
    w.ips.map((t) => parseIP(t)).filter((a): a is IPAddress => a !== undefined);
  if (ref.kind === "workload") {
    const pod = pods.find((w) => w.namespace === ref.namespace && w.name === ref.name);
    return pod ? { pod, ips: ipsOf(pod) } : { ips: [] };
  }
  if (ref.kind === "hostendpoint") return { ips: [] };
  const ip = parseIP(ref.ip);
  if (!ip) return { ips: [] };
  const pod = pods.find((w) => ipsOf(w).some((a) => a.family === ip.family && a.value === ip.value));
  return pod ? { pod, ips: [ip], explicit: ip } : { ips: [ip], explicit: ip };
}

/** The Kubernetes verdict of a flow on a cluster whose only policies are (staged, in pending mode) NetworkPolicies. */
export function kubernetesVerdict(s: Snapshot, flow: FlowSpec, options: EvalOptions = {}): ReferenceVerdict {
  const a = resolve(s, flow.src);
  const b = resolve(s, flow.dst);
  const fam =
    a.explicit?.family ??
    b.explicit?.family ??
    ([4, 6] as const).find((f) =>
      [a, b].every((e) => e.ips.length === 0 || e.ips.some((x) => x.family === f)),
    ) ??
    4;
  const end = (r: typeof a): End => {
    const ip = r.ips.find((x) => x.family === fam);
    return { ...(r.pod ? { pod: r.pod } : {}), ...(ip ? { ip } : {}) };
  };
  const src = end(a);
  const dst = end(b);
  const staged =
    options.pending === true ? s.stagedK8sPolicies.filter((p) => p.stagedAction !== "Delete") : [];
  const policies = [...s.k8sPolicies, ...staged];
  const egress = src.pod ? direction(s, policies, src.pod, "Egress", dst, flow, dst.pod) : "allow";
  const ingress = dst.pod ? direction(s, policies, dst.pod, "Ingress", src, flow, dst.pod) : "allow";
  return { verdict: egress === "allow" && ingress === "allow" ? "allow" : "deny", egress, ingress };
}
