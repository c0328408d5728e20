// Benchmark: `netward eval` end to end on a 10,000-pod cluster, and warm evaluation throughput on distinct flows.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { buildSnapshot, compileSnapshot, evaluateFlow, loadDocuments } from "@netward/core";
import { referenceVerdict } from "../packages/core/dist/reference/reference.js";
import { parseManifestText } from "../packages/server/dist/inputs/yaml-documents.js";
import { prng } from "./generate-manifests.js";
import { generateCluster } from "./generate-cluster.js";
import { median } from "./measure.js";

const pods = 10_000;
const bin = join(import.meta.dirname, "../packages/server/bin/netward.js");

function randomFlows(podItems, count, seed) {
  const pick = prng(seed);
  const ref = (p) => ({ kind: "workload", namespace: p.metadata.namespace, name: p.metadata.name });
  const ports = [8080, 9090, 9005, 443, 5432];
  return Array.from({ length: count }, () => ({
    src: ref(podItems[Math.floor(pick() * podItems.length)]),
    dst: ref(podItems[Math.floor(pick() * podItems.length)]),
    protocol: 6,
    dstPort: ports[Math.floor(pick() * ports.length)],
  }));
}

/** Runs the benchmark and returns the rows for RESULTS.md. */
export async function benchEvalFlows() {
  const cluster = generateCluster(pods);
  const text = JSON.stringify(cluster, null, 2);
  const dir = mkdtempSync(join(tmpdir(), "netward-bench-"));
  writeFileSync(join(dir, "cluster.json"), text);
  const podItems = cluster.items.filter((i) => i.kind === "Pod");
  const [a, b] = [podItems[1], podItems[2]];
  const args = [
    bin,
    "eval",
    dir,
    "--from",
    `${a.metadata.namespace}/${a.metadata.name}`,
    "--to",
    `${b.metadata.namespace}/${b.metadata.name}`,
    "--port",
    "tcp/8080",
  ];
  const cli = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: "utf8" });
    cli.push(performance.now() - start);
    if (r.status !== 0 && r.status !== 1) throw new Error(`netward eval failed: ${r.stderr}`);
  }
  const nodeStart = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    spawnSync(process.execPath, ["-e", ""]);
    nodeStart.push(performance.now() - start);
  }

  let start = performance.now();
  const loaded = loadDocuments(parseManifestText(text, "cluster.json").documents);
  const snapshot = buildSnapshot(loaded.objects).snapshot;
  const loadMs = performance.now() - start;
  start = performance.now();
  const engine = compileSnapshot(snapshot);
  const compileMs = performance.now() - start;

  const flows = randomFlows(podItems, 20_000, 3);
  for (const f of flows.slice(0, 2000)) evaluateFlow(engine, f);
  start = performance.now();
  let allowed = 0;
  for (const f of flows) if (evaluateFlow(engine, f).verdict === "allow") allowed++;
  const evalMs = performance.now() - start;

  const naive = flows.slice(0, 100);
  start = performance.now();
  for (const f of naive) referenceVerdict(snapshot, f);
  const naiveMs = performance.now() - start;
  const engineRate = flows.length / (evalMs / 1000);
  const naiveRate = naive.length / (naiveMs / 1000);

  return {
    title: `Evaluating flows on a ${pods.toLocaleString("en")}-pod cluster`,
    header: ["measure", "value"],
    rows: [
      [
        "`netward eval` end to end (process start, load JSON, compile, one flow), median of 5",
        `${median(cli).toFixed(0)} ms`,
      ],
      ["of which: bare `node -e ''` start, median of 5", `${median(nodeStart).toFixed(0)} ms`],
      ["load + validate + snapshot in process", `${loadMs.toFixed(0)} ms`],
      ["compile (endpoints, policies, tiers)", `${compileMs.toFixed(0)} ms`],
      [
        "warm throughput, 20,000 distinct random flows",
        `${Math.round(engineRate).toLocaleString("en")} flows/s (${allowed} allowed)`,
      ],
      ["naive reference evaluator, first 100 of the same flows", `${naiveRate.toFixed(1)} flows/s`],
      ["engine / naive", `${Math.round(engineRate / naiveRate).toLocaleString("en")}x`],
    ],
    notes: [`${cluster.items.length} objects, ${(text.length / 1e6).toFixed(1)} MB of JSON.`],
  };
}
