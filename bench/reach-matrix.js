// Benchmark: the full workload-level reachability matrix on generated clusters S, M, L and XL, with the naive baseline.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sizes, writeRealistic } from "./generate-realistic.js";

/** Pairs the naive evaluator is timed on, per size (it is too slow for all pairs; the total is extrapolated). */
const naiveSample = { S: 40, M: 10 };

/** Sizes where an incremental update after one policy change is timed against a fresh computation. */
const updateSizes = new Set(["S", "M", "L"]);

/** Runs the benchmark for the sizes named in NETWARD_BENCH_SIZES (default all) and returns the rows for RESULTS.md. */
export async function benchReachMatrix() {
  const wanted = (process.env["NETWARD_BENCH_SIZES"] ?? "S,M,L,XL").split(",");
  const dir = mkdtempSync(join(tmpdir(), "netward-reach-"));
  const rows = [];
  const notes = [];
  for (const size of wanted) {
    const file = join(dir, `${size}.json`);
    writeRealistic(size, file);
    const mb = statSync(file).size / 1e6;
    const r = spawnSync(
      process.execPath,
      [
        "--max-old-space-size=16000",
        join(import.meta.dirname, "reach-size.js"),
        file,
        String(naiveSample[size] ?? 0),
        updateSizes.has(size) ? "update" : "",
      ],
      { encoding: "utf8", maxBuffer: 1 << 20 },
    );
    rmSync(file);
    if (r.status !== 0) throw new Error(`reach benchmark ${size} failed: ${r.stderr}`);
    const out = JSON.parse(r.stdout.trim().split("\n").pop());
    const t = out.timings;
    const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
    rows.push([
      `${size} (${sizes[size].toLocaleString("en")} pods, ${mb.toFixed(0)} MB)`,
      `${out.workloads.toLocaleString("en")} workloads, ${out.peers.toLocaleString("en")} ends`,
      s(t.load),
      s(t.compile),
      s(t.classes),
      s(t.matrix),
      `${out.pairs.toLocaleString("en")} (${out.allowed.toLocaleString("en")} allowed)`,
      `${out.maxRssMB.toLocaleString("en")} MB`,
    ]);
    notes.push(
      `${size}: ${out.stats.classes} classes, ${out.stats.groups} subject groups, ${out.stats.variants} variants, ${out.stats.sets} distinct connection sets, ${out.externals} external ranges; ${out.errors} load errors.`,
    );
    if (out.update) {
      const u = out.update;
      notes.push(
        `${size} after one policy change (${u.policy} loses its first ingress rule): Reachability.update and the full matrix ${s(t.update)} (${u.reusedRows.toLocaleString("en")} of ${u.rows.toLocaleString("en")} side rows reused), a fresh computation ${s(t.fresh)}; same result: ${u.agree ? "yes" : "NO"}.`,
      );
    }
    if (out.naive) {
      const engineTotal = (t.engineSample / out.naive.engineSampledPairs) * out.naive.fastPairs;
      notes.push(
        `${size} against the engine pair by pair (evaluateFlow for every pair x ${out.naive.atoms} atoms, timed on ${out.naive.engineSampledPairs} random pairs in ${s(t.engineSample)}, extrapolated): ${s(engineTotal)}, netward reach ${s(t.fastWorkloadMatrix)}, **${Math.round(engineTotal / t.fastWorkloadMatrix).toLocaleString("en")}x**.`,
      );
      const naiveTotal = (t.naiveSample / out.naive.sampledPairs) * out.naive.fastPairs;
      notes.push(
        `${size} against the naive evaluator (reference evaluator, every pair x ${out.naive.atoms} protocol/port atoms, timed on ${out.naive.sampledPairs} random pairs = ${out.naive.evaluations} flows in ${s(t.naiveSample)}, extrapolated to all ${out.naive.fastPairs.toLocaleString("en")} workload pairs): naive ${s(naiveTotal)}, netward ${s(t.fastWorkloadMatrix)} for the same pairs, **${Math.round(naiveTotal / t.fastWorkloadMatrix).toLocaleString("en")}x**.`,
      );
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return {
    title: "Full workload-level reachability matrix on generated clusters",
    header: ["size", "ends", "load", "compile", "classes + external ranges", "matrix", "pairs", "peak RSS"],
    rows,
    notes,
  };
}
