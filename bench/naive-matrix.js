// The naive way to a reachability matrix: every pair, every protocol and port atom of the whole cluster, one flow each.
import { prng } from "./generate-manifests.js";

const PORTED = [6, 17, 132];

/** Every port edge any policy or named port mentions, per protocol: one probe per atom, plus ICMP and an unnamed protocol. */
export function portAtoms(snapshot) {
  const cuts = new Set([1]);
  const visit = (value) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== "object") return;
    for (const [key, v] of Object.entries(value)) {
      if (key === "source") continue;
      if ((key === "port" || key === "containerPort" || key === "endPort") && typeof v === "number") {
        cuts.add(v);
        cuts.add(v + 1);
      } else if (key === "ports" || key === "notPorts") {
        for (const p of Array.isArray(v) ? v : []) {
          const text = String(typeof p === "object" ? (p.port ?? "") : p);
          const [a, b] = text.split(":").map(Number);
          if (Number.isInteger(a)) cuts.add(a);
          if (Number.isInteger(b ?? a)) cuts.add((b ?? a) + 1);
          visit(p);
        }
      } else visit(v);
    }
  };
  visit([snapshot.k8sPolicies, snapshot.calicoPolicies, snapshot.stagedK8sPolicies, snapshot.workloads]);
  const starts = [...cuts].filter((n) => n >= 1 && n <= 65535).sort((a, b) => a - b);
  return [
    ...PORTED.flatMap((protocol) => starts.map((dstPort) => ({ protocol, dstPort }))),
    { protocol: 1 },
    { protocol: 47 },
  ];
}

/** A seeded random sample of ordered pairs of distinct workloads, as engine endpoint references. */
export function naivePairs(peers, count) {
  const pick = prng(11);
  const ref = (p) => ({ kind: "workload", namespace: p.peer.namespace, name: p.peer.name });
  const out = [];
  while (out.length < count) {
    const a = peers[Math.floor(pick() * peers.length)];
    const b = peers[Math.floor(pick() * peers.length)];
    if (a !== b) out.push([ref(a), ref(b)]);
  }
  return out;
}
