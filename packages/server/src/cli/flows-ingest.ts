// The two ways `flows ingest` reads its sources: each whole and once (by content), or followed as they grow.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { AggregationOptions, Attributor, Issue } from "@netward/core";
import { readStdin } from "../inputs/files.js";
import { followIngest } from "../flows/follow-ingest.js";
import type { PartProgress } from "../flows/ingest-part.js";
import { UnknownFormatError, type ReadOptions } from "../flows/ingest-pipeline.js";
import {
  ingestBytes,
  ingestFile,
  IngestPool,
  type IngestSetup,
  type ManifestSource,
  type SourceResult,
} from "../flows/parallel-ingest.js";
import type { FlowStore } from "../store/flow-store.js";
import type { FlowSource } from "./flow-sources.js";
import { issueWhere } from "./issues-text.js";
import type { Progress } from "./progress.js";

/** What an ingest came to: records read, denied, drift, bad records and aggregated rows stored. */
export interface IngestTotals {
  records: number;
  denied: number;
  drift: number;
  bad: number;
  rows: number;
}

/** What every source of one ingest shares: the store, how to read, attribute and aggregate, and the progress. */
export interface IngestContext {
  store: FlowStore;
  read: ReadOptions;
  attributor: Attributor | undefined;
  /** Where the attributor's manifests came from, for worker threads to load them too. */
  manifests?: ManifestSource;
  levels: AggregationOptions;
  progress: Progress;
  /** Threads to parse, attribute and aggregate line-oriented sources in (1: this thread only). */
  workers: number;
}

const report = (progress: Progress, issue: Issue) =>
  progress.log(`${issueWhere(issue)}: ${issue.severity}: ${issue.message}\n`);

/** The bytes of all the sources, when every one is a file that can be looked at. */
async function totalSize(sources: readonly string[]): Promise<number | undefined> {
  if (sources.includes("-")) return undefined;
  const sizes = await Promise.all(
    sources.map((s) =>
      stat(s).then(
        (st) => st.size,
        () => undefined,
      ),
    ),
  );
  return sizes.every((n) => n !== undefined) ? sizes.reduce((a, n) => a + n, 0) : undefined;
}

/** Reads a whole file a mebibyte at a time, saying how many bytes have been read after each. */
async function readInChunks(path: string, onBytes: (read: number) => void): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let read = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    chunks.push(chunk as Buffer);
    read += (chunk as Buffer).length;
    onBytes(read);
  }
  const out = new Uint8Array(read);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Reads one source, in pieces where its format allows, with its SHA-256. */
async function ingestOne(
  source: string,
  setup: IngestSetup,
  onRead: (read: number) => void,
): Promise<SourceResult> {
  if (source !== "-") return ingestFile(source, setup, () => readInChunks(source, onRead));
  const bytes = await readStdin();
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  return { ...(await ingestBytes(bytes, source, setup)), sha256, size: bytes.length };
}

/** Reads each source and stores its rows with its content mark, skipping a source already ingested. */
export async function ingestSources(sources: readonly FlowSource[], c: IngestContext) {
  const totals: IngestTotals = { records: 0, denied: 0, drift: 0, bad: 0, rows: 0 };
  let skipped = 0;
  const size = await totalSize(sources.map((s) => s.path));
  let done = 0;
  const show = (p: PartProgress) =>
    c.progress.update({
      records: totals.records + p.records,
      bad: totals.bad + p.bad,
      bytes: done + p.bytes,
      ...(size === undefined ? {} : { size }),
    });
  const pool =
    c.workers > 1
      ? new IngestPool(
          c.manifests === undefined ? { levels: c.levels } : { manifests: c.manifests, levels: c.levels },
          c.workers,
        )
      : undefined;
  const setup: IngestSetup = {
    read: c.read,
    attributor: c.attributor,
    levels: c.levels,
    onProgress: show,
    ...(pool === undefined ? {} : { pool }),
  };
  try {
    for (const { path: source, inFolder } of sources) {
      let batch;
      try {
        batch = await ingestOne(source, setup, (bytes) => show({ bytes, records: 0, bad: 0 }));
      } catch (err) {
        if (!(inFolder && err instanceof UnknownFormatError)) throw err;
        c.progress.log(`${source}: not a flow file netward reads (format not recognised); skipped\n`);
        continue;
      }
      done += batch.size;
      for (const issue of batch.issues) report(c.progress, issue);
      const mark = { name: source, sha256: batch.sha256, bytes: batch.size };
      if (await c.store.ingest(mark, batch.rows)) {
        totals.records += batch.records;
        totals.denied += batch.denied;
        totals.drift += batch.drift;
        totals.bad += batch.bad;
        totals.rows += batch.rows.length;
      } else {
        c.progress.log(`${source}: already ingested (same content); skipped\n`);
        skipped++;
      }
      show({ bytes: 0, records: 0, bad: 0 });
    }
  } finally {
    await pool?.stop();
  }
  return { totals, skipped };
}

/** Follows the sources until SIGINT or SIGTERM (or the end of standard input), each batch stored with its cursor. */
export async function followSources(sources: readonly string[], c: IngestContext) {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    const totals = await followIngest({
      sources,
      store: c.store,
      read: c.read,
      attributor: () => c.attributor,
      levels: c.levels,
      signal: controller.signal,
      onIssue: (issue) => report(c.progress, issue),
      onNotice: (message) => c.progress.log(`${message}\n`),
      onProgress: (t) => c.progress.update({ records: t.records, bad: t.bad, bytes: t.bytes, size: t.size }),
    });
    return { totals, skipped: 0 };
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}
