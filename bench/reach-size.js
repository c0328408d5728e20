// One size of the reachability benchmark, run in its own process so peak memory is its own: prints one JSON line.
import { performance } from "node:perf_hooks";
import { compileSnapshot, evaluateFlow, Reachability } from "@netward/core";
import { referenceVerdict } from "../packages/core/dist/reference/reference.js";
import { loadCluster } from "../packages/server/dist/inputs/load.js";
import { naivePairs, portAtoms } from "./naive-matrix.js";

const [file, naiveSample, measureUpdate] = [
  process.argv[2],
  Number(process.argv[3] ?? 0),
  process.argv[4] === "update",
];
const timings = {};
let start = performance.now();
const lap = (name) => {
  const now = performance.now();
  timings[name] = now - start;
  start = now;
};

const cluster = await loadCluster([file], {});
lap("load");
const engine = compileSnapshot(cluster.snapshot);
for (const e of engine.endpoints) e.get();
lap("compile");
const reach = new Reachability(engine, { mode: "workload" });
lap("classes");
let pairs = 0;
let allowed = 0;
for (const c of reach.connections({ show: "all" })) {
  pairs++;
  if (c.conns !== reach.index.sets.none) allowed++;
}
lap("matrix");
const out = {
  timings,
  pairs,
  allowed,
  peers: reach.peers.length,
  workloads: reach.peers.filter((p) => p.peer.kind === "workload").length,
  externals: reach.peers.filter((p) => p.peer.kind === "external").length,
  stats: reach.index.stats(),
  errors: cluster.issues.filter((i) => i.severity === "error").length,
};

if (naiveSample > 0) {
  // The same question for workload pairs only (the reference evaluator has no host endpoints), both ways.
  start = performance.now();
  const fast = new Reachability(engine, { mode: "workload", external: false });
  const workloads = fast.peers.map((p, i) => [p, i]).filter(([p]) => p.peer.kind === "workload");
  let fastPairs = 0;
  for (const [, i] of workloads) {
    for (const [, j] of workloads) {
      if (i === j) continue;
      fast.conns(i, j);
      fastPairs++;
    }
  }
  lap("fastWorkloadMatrix");
  const atoms = portAtoms(cluster.snapshot);
  const sample = naivePairs(
    workloads.map(([p]) => p),
    naiveSample,
  );
  start = performance.now();
  let evaluations = 0;
  for (const [a, b] of sample) {
    for (const probe of atoms) {
      referenceVerdict(cluster.snapshot, { src: a, dst: b, ...probe });
      evaluations++;
    }
  }
  lap("naiveSample");
  const engineSample = naivePairs(
    workloads.map(([p]) => p),
    naiveSample * 50,
  );
  start = performance.now();
  for (const [a, b] of engineSample)
    for (const probe of atoms) evaluateFlow(engine, { src: a, dst: b, ...probe });
  lap("engineSample");
  out.naive = {
    fastPairs,
    sampledPairs: sample.length,
    engineSampledPairs: engineSample.length,
    atoms: atoms.length,
    evaluations,
  };
}

if (measureUpdate) {
  // One Kubernetes policy loses its first ingress rule: update the matrix, or compute it afresh.
  const index = cluster.snapshot.k8sPolicies.findIndex((p) => p.ingress.length > 0);
  const policies = [...cluster.snapshot.k8sPolicies];
  const changed = policies[index];
  policies[index] = { ...changed, ingress: changed.ingress.slice(1) };
  const next = compileSnapshot({ ...cluster.snapshot, k8sPolicies: policies });
  const all = (r) => {
    let n = 0;
    for (const c of r.connections({ show: "all" })) if (c.conns !== r.index.sets.none) n++;
    return n;
  };
  start = performance.now();
  const updated = Reachability.update(reach, next);
  const updatedAllowed = all(updated);
  lap("update");
  const fresh = new Reachability(next, { mode: "workload" });
  const freshAllowed = all(fresh);
  lap("fresh");
  out.update = {
    policy: `${changed.namespace}/${changed.name}`,
    reusedRows: updated.reusedRows,
    rows: 2 * reach.index.stats().classes,
    agree: updatedAllowed === freshAllowed,
  };
}
out.maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify(out));
