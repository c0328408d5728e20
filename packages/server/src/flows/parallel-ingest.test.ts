// Tests for the parallel ingest: worker threads give exactly what the single-thread pipeline gives.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Attributor, compileSnapshot, type AggregationOptions } from "@netward/core";
import { describe, expect, it } from "vitest";
import { loadSnapshot } from "../cli/load-engine.js";
import { UsageError } from "../cli/usage-error.js";
import { attributeAndAggregate, parseFlowBytes, type ReadOptions } from "./ingest-pipeline.js";
import { ingestPart, wholeBytes } from "./ingest-part.js";
import { lineParserFor } from "../inputs/flow-format.js";
import {
  ingestBytes,
  ingestFile,
  IngestPool,
  lineRanges,
  type IngestResult,
  type IngestSetup,
  type ManifestSource,
} from "./parallel-ingest.js";

const root = join(import.meta.dirname, "../../../..");
const levels: AggregationOptions = { allowedLevel: 2, deniedLevel: 1 };
const shop: ManifestSource = {
  paths: [join(root, "examples/shop")],
  options: { calicoVersion: "v3.31", namespace: "default" },
};

/** The attributor of some manifests. */
async function attributorOf(manifests: ManifestSource): Promise<Attributor> {
  const snapshot = await loadSnapshot(manifests.paths, manifests.options);
  return new Attributor(compileSnapshot(snapshot, { calicoVersion: "v3.31" }));
}

/** What the whole-source pipeline gives for a source. */
async function singleThread(bytes: Uint8Array, file: string, read: ReadOptions, manifests: ManifestSource) {
  const attributor = await attributorOf(manifests);
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

/** Every way of ingesting a source (bytes or file, in this thread or over `workers` threads), each result without its mark. */
async function everyWay(
  bytes: Uint8Array,
  file: string,
  read: ReadOptions,
  manifests: ManifestSource | undefined,
  workers: number,
): Promise<IngestResult[]> {
  const attributor = manifests === undefined ? undefined : await attributorOf(manifests);
  const dir = mkdtempSync(join(tmpdir(), "netward-parallel-"));
  const pool = new IngestPool(manifests === undefined ? { levels } : { manifests, levels }, workers);
  try {
    const path = join(dir, "source");
    writeFileSync(path, bytes);
    const out: IngestResult[] = [];
    for (const setup of [
      { read, attributor, levels },
      { read, attributor, levels, pool },
    ] as IngestSetup[]) {
      out.push(await ingestBytes(bytes, file, setup));
      const { sha256, size, ...result } = await ingestFile(path, setup, () => Promise.resolve(bytes));
      expect(sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(size).toBe(bytes.length);
      const issues = result.issues.map((i) => (i.file === path ? { ...i, file } : i));
      out.push({ ...result, issues });
    }
    return out;
  } finally {
    await pool.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("every way of ingesting gives what the whole-source pipeline gives", () => {
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
    for (const got of await everyWay(bytes, file, read, shop, 2)) expect(got).toEqual(expected);
  });

  it("a generated Calico flow log with bad lines, split in three parts", async () => {
    const bytes = generatedLog();
    const read: ReadOptions = { format: "calico-flowlog" };
    const expected = await singleThread(bytes, "gen.log", read, shop);
    expect(expected.bad).toBeGreaterThan(10);
    for (const got of await everyWay(bytes, "gen.log", read, shop, 3)) expect(got).toEqual(expected);
  });

  it("the same, read in small pieces that cut lines anywhere", async () => {
    const bytes = generatedLog();
    const attributor = await attributorOf(shop);
    const parser = lineParserFor("calico-flowlog", {});
    const start = { line: 1, offset: 0 };
    const whole = ingestPart(wholeBytes(bytes), start, "gen.log", parser, attributor, levels);
    for (const size of [1, 97, 4096, 1 << 20]) {
      let at = 0;
      const next = () => (at >= bytes.length ? undefined : bytes.subarray(at, (at += size)));
      expect(ingestPart(next, start, "gen.log", parser, attributor, levels)).toEqual(whole);
    }
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
      for (const got of await everyWay(bytes, out.flows, read, manifests, 2)) expect(got).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("without manifests, and with manifests that have errors (a usage error)", async () => {
    const file = "examples/flows/calico-flowlog/flows.log";
    const bytes = readFileSync(join(root, file));
    const read: ReadOptions = { format: "auto" };
    const all = parseFlowBytes(bytes, file, read);
    const expected = {
      ...attributeAndAggregate(all.flows, all.issues, undefined, levels),
      issues: all.issues,
      format: "calico-flowlog",
    };
    for (const got of await everyWay(bytes, file, read, undefined, 2)) expect(got).toEqual(expected);
    const broken = { ...shop, paths: [join(root, "examples/broken")] };
    const pool = new IngestPool({ manifests: broken, levels }, 2);
    try {
      await expect(
        ingestBytes(bytes, file, { read, attributor: undefined, levels, pool }),
      ).rejects.toBeInstanceOf(UsageError);
    } finally {
      await pool.stop();
    }
  });
});
