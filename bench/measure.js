// Timing helpers for benchmarks: cases run interleaved after warm-up, reported as medians.
import { performance } from "node:perf_hooks";

/** Median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs every case in turn, `runs` rounds after `warmup` rounds; returns each case's median time in ms. */
export async function interleave(cases, { runs = 5, warmup = 1 } = {}) {
  const times = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (let round = 0; round < warmup + runs; round++) {
    for (const [name, fn] of Object.entries(cases)) {
      const start = performance.now();
      await fn();
      if (round >= warmup) times[name].push(performance.now() - start);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([name, t]) => [name, median(t)]));
}
