// Tests for the parallel ingest: worker threads give exactly what the single-thread pipeline gives.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Attributor, compileSnapshot, type AggregationOptions } from "@netward/core";
import { describe, expect, it } from "vitest";
import { loadSnapshot } from "../cli/load-engine.js";
import { UsageError } from "../cli/usage-error.js";
import { attributeAndAggregate, parseFlowBytes, type ReadOptions } from "./ingest-pipeline.js";
import { ingestInWorkers, lineRanges, type ManifestSource } from "./parallel-ingest.js";

const root = join(import.meta.dirname, "../../../..");
const levels: AggregationOptions = { allowedLevel: 2, deniedLevel: 1 };
const shop: ManifestSource = {
  paths: [join(root, "examples/shop")],
  options: { calicoVersion: "v3.31", namespace: "default" },
};

/** What the single-thread pipeline gives for a source. */
async function singleThread(bytes: Uint8Array, file: string, read: ReadOptions, manifests: ManifestSource) {
  const snapshot = await loadSnapshot(manifests.paths, manifests.options);
  const attributor = new Attributor(compileSnapshot(snapshot, { calicoVersion: "v3.31" }));
  const all = parseFlowBytes(bytes, file, read);
  return {
    ...attributeAndAggregate(all.flows, all.issues, attributor, levels),
    issues: all.issues,
    format: all.format,
  };
}

/** A generated Calico flow log: the samples shuffled and repeated, with CRLF, blank, long and non-UTF-8 lines. */
function generatedLog(): Uint8Array {
  const lines = ["flows.log", "malformed.log"].flatMap((f) =>
    readFileSync(join(root, "examples/flows/calico-flowlog", f), "utf8")
      .split("\n")
      .filter(Boolean),
  );
  const parts: Buffer[] = [];
  for (let i = 0; i < 1500; i++) {
    const text = lines[(i * 7919) % lines.length]!;
    const shifted = text.replace(
      /"start_time":(\d+)/,
      (_, t: string) => `"start_time":${Number(t) + (i % 9) * 15}`,
    );
    parts.push(Buffer.from(`${shifted}${i % 5 === 0 ? "\r\n" : "\n"}`));
    if (i % 97 === 0) parts.push(Buffer.from("\n"));
    if (i % 401 === 0) parts.push(Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]));
    if (i === 700) parts.push(Buffer.from(`${"x".repeat((1 << 20) + 10)}\n`));
  }
  parts.push(Buffer.from(lines[0]!));
  return Buffer.concat(parts);
}

describe("lineRanges", () => {
  it("covers the bytes in at most the parts asked for, each part ending just after a newline", () => {
    const bytes = Buffer.from("a\nbb\n\nccc\nd");
    for (const parts of [1, 2, 3, 5, 20]) {
      const ranges = lineRanges(bytes, parts);
      expect(ranges.length).toBeLessThanOrEqual(parts);
      expect(ranges.map((r) => bytes.subarray(r.from, r.to).toString()).join("")).toBe(bytes.toString());
      for (const r of ranges.slice(0, -1)) expect(bytes[r.to - 1]).toBe(0x0a);
    }
    expect(lineRanges(new Uint8Array(0), 3)).toEqual([]);
  });
});

describe("ingestInWorkers gives what the single-thread pipeline gives", () => {
  const samples = [
    "calico-flowlog/flows.log",
    "calico-flowlog/malformed.log",
    "whisker/flows.jsonl",
    "whisker/watch-stream.txt",
    "whisker/list.json",
    "hubble/observe.jsonl",
    "kernel-log/syslog-3164.log",
    "kernel-log/malformed.log",
    "netward/flows.jsonl",
    "pcap/loopback.pcap",
  ];
  it.each(samples)("examples/flows/%s with examples/shop", async (sample) => {
    const file = `examples/flows/${sample}`;
    const bytes = readFileSync(join(root, file));
    const read: ReadOptions = { format: "auto", year: 2026 };
    const expected = await singleThread(bytes, file, read, shop);
    expect(await ingestInWorkers(bytes, file, read, shop, levels, 2, { pieceBytes: 512 })).toEqual(expected);
    expect(await ingestInWorkers(bytes, file, read, shop, levels, 1, { pieceBytes: 512 })).toEqual(expected);
  });

  it("a generated Calico flow log with bad lines, split in three parts of many pieces", async () => {
    const bytes = generatedLog();
    const read: ReadOptions = { format: "calico-flowlog" };
    const expected = await singleThread(bytes, "gen.log", read, shop);
    expect(expected.bad).toBeGreaterThan(10);
    expect(await ingestInWorkers(bytes, "gen.log", read, shop, levels, 3, { pieceBytes: 4096 })).toEqual(
      expected,
    );
  });

  it("a flow log of the benchmark's generator over a realistic cluster", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netward-parallel-"));
    try {
      const generator = join(root, "bench/generate-flowlog.js");
      const { writeFlowLog } = (await import(generator)) as {
        writeFlowLog: (
          size: string,
          dir: string,
          lines: number,
        ) => Promise<{ manifests: string; flows: string }>;
      };
      const out = await writeFlowLog("S", dir, 4000);
      const bytes = readFileSync(out.flows);
      const manifests = { ...shop, paths: [out.manifests] };
      const read: ReadOptions = { format: "auto" };
      const expected = await singleThread(bytes, out.flows, read, manifests);
      expect(expected.records).toBe(4000);
      expect(expected.denied).toBeGreaterThan(0);
      const got = await ingestInWorkers(bytes, out.flows, read, manifests, levels, 2, { pieceBytes: 65536 });
      expect(got).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("without manifests, and with manifests that have errors (a usage error)", async () => {
    const file = "examples/flows/calico-flowlog/flows.log";
    const bytes = readFileSync(join(root, file));
    const read: ReadOptions = { format: "auto" };
    const all = parseFlowBytes(bytes, file, read);
    expect(await ingestInWorkers(bytes, file, read, undefined, levels, 2)).toEqual({
      ...attributeAndAggregate(all.flows, all.issues, undefined, levels),
      issues: all.issues,
      format: "calico-flowlog",
    });
    const broken = { ...shop, paths: [join(root, "examples/broken")] };
    await expect(ingestInWorkers(bytes, file, read, broken, levels, 2)).rejects.toBeInstanceOf(UsageError);
  });
});
