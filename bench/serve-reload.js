// Benchmark: how long `netward serve` takes to answer with an edited manifest, from the write to the first new verdict.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { median } from "./measure.js";

const root = join(import.meta.dirname, "..");
const edits = 20;

async function verdict(url) {
  const response = await fetch(`${url}api/eval`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ from: "shop/storefront", to: "shop/checkout-api", port: "tcp/9090" }),
  });
  return (await response.json()).data.verdict;
}

/** Edits the shop's storefront egress policy back and forth, timing each edit until the API's verdict follows it. */
export async function benchServeReload() {
  const dir = mkdtempSync(join(tmpdir(), "netward-reload-"));
  const manifests = join(dir, "shop");
  cpSync(join(root, "examples/shop"), manifests, { recursive: true });
  const child = spawn(process.execPath, [
    join(root, "packages/server/bin/netward.js"),
    "serve",
    manifests,
    "--port",
    "0",
    "--data",
    join(dir, "data"),
  ]);
  let out = "";
  child.stdout.on("data", (b) => (out += b));
  try {
    while (!/serving at (\S+)/.test(out)) await new Promise((r) => setTimeout(r, 20));
    const url = /serving at (\S+)/.exec(out)[1];
    const file = join(manifests, "policies-shop.yaml");
    const original = readFileSync(file, "utf8");
    const times = [];
    for (let i = 0; i < edits; i++) {
      const closed = i % 2 === 0;
      const want = closed ? "deny" : "allow";
      const start = performance.now();
      writeFileSync(file, closed ? original.replace("port: 9090", "port: 9091") : original);
      while ((await verdict(url)) !== want) await new Promise((r) => setTimeout(r, 5));
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const ms = (v) => `${v.toFixed(0)} ms`;
    return {
      title: "Reload: an edited manifest to the first verdict that follows it",
      header: ["edits", "median", "p95", "max"],
      rows: [
        [String(edits), ms(median(times)), ms(times[Math.ceil(0.95 * times.length) - 1]), ms(times.at(-1))],
      ],
      notes: [
        "`netward serve examples/shop` (a copy); each edit flips the storefront egress port in policies-shop.yaml; the",
        "time runs from the write to the first POST /api/eval answering with the new verdict (polled every 5 ms); it",
        "includes the 200 ms the watcher waits for a burst of writes to settle. Target: within 2 s.",
      ],
    };
  } finally {
    child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}
