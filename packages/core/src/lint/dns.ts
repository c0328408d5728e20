// `deny-all-blocks-dns`: a deny-all egress policy whose pods then cannot reach the cluster DNS on port 53.
import { compileSnapshot, evaluateFlow, type Engine } from "../eval/engine.js";
import { formatEndpointRef } from "../eval/flow-spec-parse.js";
import type { EndpointRef, PolicyRef, SideVerdict } from "../eval/types.js";
import type { Issue } from "../model/issue.js";
import type { Snapshot } from "../model/snapshot.js";
import { formatIP } from "../net/ip.js";
import type { Endpoint } from "../policy/endpoints.js";
import { finding, nameList, type LintContext, type LintPolicy } from "./context.js";

const KUBE_SYSTEM = "kube-system";
const TCP = 6;
const UDP = 17;

/** Name of the kube-dns pod netward adds for this check when the manifests have none. */
const DNS_STAND_IN = "kube-dns-stand-in";

const isKubeDns = (e: Endpoint) =>
  e.ref.kind === "workload" && e.ref.namespace === KUBE_SYSTEM && e.labels.get("k8s-app") === "kube-dns";

/** The snapshot plus a kube-dns Deployment as kubeadm deploys it (and kube-system, if undeclared). */
function withStandIn(s: Snapshot): Snapshot {
  const namespaces = s.namespaces.some((n) => n.name === KUBE_SYSTEM)
    ? s.namespaces
    : [
        ...s.namespaces,
        { name: KUBE_SYSTEM, labels: { "kubernetes.io/metadata.name": KUBE_SYSTEM }, declared: false },
      ];
  const standIn = {
    kind: "Deployment" as const,
    namespace: KUBE_SYSTEM,
    name: DNS_STAND_IN,
    labels: { "k8s-app": "kube-dns" },
    serviceAccount: "coredns",
    ports: [
      { name: "dns", port: 53, protocol: "UDP" as const },
      { name: "dns-tcp", port: 53, protocol: "TCP" as const },
    ],
    replicas: 1,
    hostNetwork: false,
    ips: [],
    source: { file: "", line: 0, column: 0 },
  };
  return { ...s, namespaces, workloads: [...s.workloads, standIn] };
}

/** Where DNS may be: the kube-dns pods (or a stand-in), and every address an egress Allow rule opens. */
interface DnsTargets {
  engine: Engine;
  kubeDns: EndpointRef[];
  addresses: EndpointRef[];
  description: string;
}

function dnsTargets(ctx: LintContext): DnsTargets {
  const real = ctx.endpoints.filter(isKubeDns);
  const engine =
    real.length > 0
      ? ctx.engine
      : compileSnapshot(withStandIn(ctx.snapshot), { calicoVersion: ctx.calicoVersion });
  const kubeDns: EndpointRef[] =
    real.length > 0
      ? real.map((e) => e.ref)
      : [{ kind: "workload", namespace: KUBE_SYSTEM, name: DNS_STAND_IN }];
  const nets = ctx.policies.flatMap((p) =>
    p.compiled.egress
      .filter((r) => r.action === "Allow")
      .flatMap((r) => [...(r.dst.nets?.[4] ?? []), ...(r.dst.nets?.[6] ?? [])]),
  );
  const ips = [...new Set(nets.map((c) => formatIP(c.family, c.network)))];
  const description =
    real.length > 0
      ? `the cluster DNS (${nameList(real.map((e) => e.description))})`
      : "the cluster DNS (kube-dns pods in kube-system, which the manifests lack: a stand-in labelled k8s-app=kube-dns was used)";
  return { engine, kubeDns, addresses: ips.map((ip) => ({ kind: "ip", ip })), description };
}

const samePolicy = (a: PolicyRef, b: PolicyRef) =>
  a.tier === b.tier && a.kind === b.kind && a.name === b.name && a.namespace === b.namespace;

/** True when the side's deciding step is one of the policy's rules, or an end of tier it took part in. */
function decidedBy(side: SideVerdict, p: LintPolicy): boolean {
  const last = side.hits[side.hits.length - 1];
  if (last === undefined) return false;
  return (
    samePolicy(last, p.compiled.ref) || (last.selectedBy ?? []).some((r) => samePolicy(r, p.compiled.ref))
  );
}

/** Whether the endpoint's egress allows DNS to any target, and whether this policy is what denied it. */
function dnsOutcome(
  t: DnsTargets,
  src: EndpointRef,
  p: LintPolicy,
): "allowed" | "blocked" | "blocked elsewhere" {
  const pending = p.compiled.staged;
  let involved = false;
  for (const dst of [...t.kubeDns, ...t.addresses]) {
    for (const protocol of [UDP, TCP]) {
      const side = evaluateFlow(t.engine, { src, dst, protocol, dstPort: 53 }, { pending }).egress;
      if (side.verdict === "allow") return "allowed";
      involved ||= decidedBy(side, p);
    }
  }
  return involved ? "blocked" : "blocked elsewhere";
}

/** A policy that selects pods for Egress and has no egress Allow (or Pass) rule. */
function deniesAllEgress(p: LintPolicy): boolean {
  return (
    p.compiled.types.has("Egress") &&
    !p.compiled.egress.some((r) => r.action === "Allow" || r.action === "Pass")
  );
}

/** Deny-all egress policies whose selected pods have no egress allow to UDP or TCP port 53 anywhere in the walk. */
export function denyAllBlocksDns(ctx: LintContext): Issue[] {
  let targets: DnsTargets | undefined;
  return ctx.policies.flatMap((p) => {
    if (!deniesAllEgress(p)) return [];
    const pods = [...p.selected]
      .map((i) => ctx.endpoints[i]!)
      .filter((e) => e.kind === "workload" && !isKubeDns(e));
    if (pods.length === 0) return [];
    const t = (targets ??= dnsTargets(ctx));
    const blocked = pods.filter((e) => dnsOutcome(t, e.ref, p) === "blocked");
    if (blocked.length === 0) return [];
    const o = p.origin;
    const typesAt =
      o.family === "admin"
        ? []
        : o.family === "k8s"
          ? [["spec", "policyTypes", o.policy.policyTypes.indexOf("Egress")]]
          : [["spec", "types", o.policy.types.indexOf("Egress")]];
    const staged = p.compiled.staged ? "once enforced, would deny " : "denies ";
    const names = nameList(blocked.map((e) => formatEndpointRef(e.ref)));
    return [
      finding(ctx, p, [...typesAt, ["spec", "egress"]], {
        code: "deny-all-blocks-dns",
        severity: "warning",
        message: `${p.label}: ${staged}all egress of ${blocked.length} pod${blocked.length === 1 ? "" : "s"} (${names}), and no policy lets ${blocked.length === 1 ? "it" : "them"} reach ${t.description} or any address a rule opens on UDP or TCP port 53, so name lookups fail`,
        fix: "allow egress to UDP and TCP port 53 of the kube-dns pods (namespace kube-system, label k8s-app: kube-dns)",
      }),
    ];
  });
}
