// Ingest of one source, in this thread or split at line boundaries over a pool of worker threads, the parts merged.
import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync } from "node:fs";
import { Worker } from "node:worker_threads";
import {
  mergeAggregated,
  type AggregationOptions,
  type Attributor,
  type FlowFormat,
  type Issue,
} from "@netward/core";
import { UsageError } from "../cli/usage-error.js";
import type { ManifestOptions } from "../cli/validate.js";
import { countFileLines, filePieces, nextLineStart } from "../inputs/flow-file.js";
import { detectFlowFormat, lineParserFor } from "../inputs/flow-format.js";
import {
  countLines,
  ingestPart,
  lineBoundary,
  PIECE_BYTES,
  wholeBytes,
  type PartProgress,
  type PartResult,
  type PartStart,
} from "./ingest-part.js";
import {
  attributeAndAggregate,
  parseFlowBytes,
  type BatchResult,
  type ReadOptions,
} from "./ingest-pipeline.js";
import { decodeRows, type RowColumns } from "./row-columns.js";

/** Manifests to attribute flows with: paths and the options to read them with. */
export interface ManifestSource {
  paths: readonly string[];
  options: ManifestOptions;
}

/** What a source came to: the batch totals and rows, its bad records as issues, and the format read. */
export interface IngestResult extends BatchResult {
  issues: Issue[];
  format: FlowFormat;
}

/** What each worker is started with. */
export interface WorkerSetup {
  manifests?: ManifestSource;
  levels: AggregationOptions;
}

/** A part of a source sent to a worker: its bytes (transferred), or a byte range of a file the worker reads itself. */
export interface PartRequest {
  id: number;
  source: { bytes: Uint8Array } | { path: string; from: number; to: number };
  start: PartStart;
  file: string;
  format: Exclude<FlowFormat, "pcap">;
  read: Omit<ReadOptions, "format">;
}

/** A worker's answer: the part's result with its rows in columns. */
export type PartReply = Omit<PartResult, "rows"> & { rows: RowColumns };

/** A message from a worker: how far a part has got, its answer, or why it could not ingest it (`usage` for manifests with errors). */
export type WorkerMessage =
  | { id: number; progress: PartProgress }
  | { id: number; reply: PartReply }
  | { id: number; error: string; usage: boolean };

/** True when this module runs from its TypeScript source (under vitest) rather than built. */
const fromSource = import.meta.url.endsWith(".ts");

/** The worker's built module: beside this one when built, else under dist (without the source condition). */
const workerURL = fromSource
  ? new URL("../../dist/flows/ingest-worker.js", import.meta.url)
  : new URL("./ingest-worker.js", import.meta.url);

/** The line-oriented format of a source from its first bytes, or undefined for a capture, a Whisker document or an unknown format. */
function lineFormat(head: Uint8Array, read: ReadOptions): Exclude<FlowFormat, "pcap"> | undefined {
  const chosen = read.format === "auto" ? detectFlowFormat(head.subarray(0, 65536)) : read.format;
  if (chosen === undefined || chosen === "pcap") return undefined;
  const text = new TextDecoder().decode(head.subarray(0, 64));
  return chosen === "whisker" && /^\s*(\[|\{\s*"(total|items)")/.test(text) ? undefined : chosen;
}

/** Byte ranges of about equal size, at most `parts`, each ending just after a newline (the last at the end). */
export function lineRanges(bytes: Uint8Array, parts: number): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  for (let from = 0, k = 1; from < bytes.length; k++) {
    const to =
      k >= parts ? bytes.length : lineBoundary(bytes, from, Math.ceil((bytes.length * k) / parts) - from);
    out.push({ from, to });
    from = to;
  }
  return out;
}

/** A worker's reply turned back into a part's result, or the error it stands for. */
function partOf(message: WorkerMessage): PartResult {
  if ("error" in message) throw message.usage ? new UsageError(message.error) : new Error(message.error);
  if (!("reply" in message)) throw new Error("an ingest worker answered out of turn");
  return { ...message.reply, rows: decodeRows(message.reply.rows) };
}

/** Worker threads that each load and compile the manifests once, then ingest the parts they are sent, one at a time. */
export class IngestPool {
  readonly #workers: { worker: Worker; ids: Set<number> }[];
  readonly #waiting = new Map<number, { resolve: (r: PartResult) => void; reject: (e: unknown) => void }>();
  readonly #progress = new Map<number, (p: PartProgress) => void>();
  #next = 0;

  constructor(
    setup: WorkerSetup,
    readonly size: number,
  ) {
    this.#workers = Array.from({ length: size }, () => this.#start(setup));
  }

  #start(setup: WorkerSetup): { worker: Worker; ids: Set<number> } {
    const worker = new Worker(workerURL, { workerData: setup, ...(fromSource ? { execArgv: [] } : {}) });
    const ids = new Set<number>();
    const fail = (err: unknown) => {
      for (const id of ids) this.#waiting.get(id)?.reject(err);
      ids.clear();
    };
    worker.on("message", (m: WorkerMessage) => {
      if ("progress" in m) return this.#progress.get(m.id)?.(m.progress);
      const waiting = this.#waiting.get(m.id);
      this.#waiting.delete(m.id);
      this.#progress.delete(m.id);
      ids.delete(m.id);
      try {
        waiting?.resolve(partOf(m));
      } catch (err) {
        waiting?.reject(err);
      }
    });
    worker.on("error", fail);
    worker.on("exit", (code) =>
      fail(new Error(`an ingest worker stopped (exit code ${code}) before answering`)),
    );
    return { worker, ids };
  }

  /** Sends a part to worker `k` (its bytes, if any, are transferred); resolves with its result. */
  run(
    k: number,
    part: Omit<PartRequest, "id">,
    onProgress: (p: PartProgress) => void = () => undefined,
  ): Promise<PartResult> {
    const id = this.#next++;
    const { worker, ids } = this.#workers[k % this.size]!;
    const request: PartRequest = { id, ...part };
    return new Promise<PartResult>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#progress.set(id, onProgress);
      ids.add(id);
      const transfer = "bytes" in part.source ? [part.source.bytes.buffer as ArrayBuffer] : [];
      worker.postMessage(request, transfer);
    });
  }

  /** Stops every worker. */
  async stop(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.worker.terminate()));
  }
}

/** What ingesting a source needs besides the source: how to read, attribute (here or in a pool) and aggregate. */
export interface IngestSetup {
  read: ReadOptions;
  attributor: Attributor | undefined;
  levels: AggregationOptions;
  /** Worker threads to split line-oriented sources over; without a pool, everything runs in this thread. */
  pool?: IngestPool;
  /** Told the bytes of whole lines read and the records and bad records so far, now and then. */
  onProgress?: (p: PartProgress) => void;
}

/** A source's result with the SHA-256 and size of its bytes (its content mark). */
export type SourceResult = IngestResult & { sha256: string; size: number };

function fromParts(parts: readonly PartResult[], format: FlowFormat): IngestResult {
  const issues = [...parts.flatMap((p) => p.lineIssues), ...parts.flatMap((p) => p.recordIssues)];
  return {
    records: parts.reduce((n, p) => n + p.records, 0),
    denied: parts.reduce((n, p) => n + p.denied, 0),
    drift: parts.reduce((n, p) => n + p.drift, 0),
    bad: issues.filter((i) => i.severity === "error").length,
    rows: parts.length === 1 ? parts[0]!.rows : mergeAggregated(parts.map((p) => p.rows)),
    issues,
    format,
  };
}

/** Progress of several parts at once, added up. */
function sumOf(parts: number, onProgress: ((p: PartProgress) => void) | undefined) {
  const each: PartProgress[] = Array.from({ length: parts }, () => ({ bytes: 0, records: 0, bad: 0 }));
  return (k: number) => (p: PartProgress) => {
    each[k] = p;
    onProgress?.({
      bytes: each.reduce((n, q) => n + q.bytes, 0),
      records: each.reduce((n, q) => n + q.records, 0),
      bad: each.reduce((n, q) => n + q.bad, 0),
    });
  };
}

const lineRead = (read: ReadOptions): Omit<ReadOptions, "format"> => ({
  ...(read.year === undefined ? {} : { year: read.year }),
  ...(read.bootTime === undefined ? {} : { bootTime: read.bootTime }),
});

/**
 * Ingests a whole source already in memory: the same totals, rows (in the same order) and issues as the
 * single-thread pipeline, whether or not a pool shares the work. A capture or Whisker document runs in this
 * thread; an unknown format throws UnknownFormatError and manifests with errors (in a worker) a UsageError.
 */
export async function ingestBytes(bytes: Uint8Array, file: string, s: IngestSetup): Promise<IngestResult> {
  const format = lineFormat(bytes, s.read);
  if (format === undefined) {
    const all = parseFlowBytes(bytes, file, s.read);
    return {
      ...attributeAndAggregate(all.flows, all.issues, s.attributor, s.levels),
      issues: all.issues,
      format: all.format,
    };
  }
  if (s.pool === undefined || s.pool.size <= 1) {
    const parser = lineParserFor(format, lineRead(s.read));
    const start = { line: 1, offset: 0 };
    return fromParts(
      [ingestPart(wholeBytes(bytes), start, file, parser, s.attributor, s.levels, s.onProgress)],
      format,
    );
  }
  const pool = s.pool;
  const progress = sumOf(pool.size, s.onProgress);
  let line = 1;
  const parts = lineRanges(bytes, pool.size).map((r, k) => {
    const start = { line, offset: r.from };
    line += countLines(bytes, r.from, r.to);
    const source = { bytes: new Uint8Array(bytes.subarray(r.from, r.to)) };
    return pool.run(k, { source, start, file, format, read: lineRead(s.read) }, progress(k));
  });
  return fromParts(await Promise.all(parts), format);
}

/** The SHA-256 of a file from its start up to `size`, read a piece at a time. */
function sha256Of(fd: number, size: number): string {
  const hash = createHash("sha256");
  const next = filePieces(fd, 0, size, PIECE_BYTES);
  for (let piece = next(); piece !== undefined; piece = next()) hash.update(piece);
  return hash.digest("hex");
}

/** Ingests a line-oriented file in parts over the pool; this thread counts lines to start each part, then hashes. */
async function fileInPool(
  fd: number,
  path: string,
  size: number,
  format: Exclude<FlowFormat, "pcap">,
  pool: IngestPool,
  s: IngestSetup,
): Promise<SourceResult> {
  const ends: number[] = [];
  for (let k = 1, from = 0; k <= pool.size && from < size; k++) {
    from =
      k === pool.size ? size : nextLineStart(fd, Math.max(from, Math.ceil((size * k) / pool.size) - 1), size);
    ends.push(from);
  }
  const progress = sumOf(ends.length, s.onProgress);
  const parts: Promise<PartResult>[] = [];
  let start = { line: 1, offset: 0 };
  for (const [k, to] of ends.entries()) {
    const source = { path, from: start.offset, to };
    parts.push(pool.run(k, { source, start, file: path, format, read: lineRead(s.read) }, progress(k)));
    start = { line: start.line + countFileLines(fd, start.offset, to), offset: to };
    await new Promise((resolve) => setImmediate(resolve));
  }
  const sha256 = sha256Of(fd, size);
  return { ...fromParts(await Promise.all(parts), format), sha256, size };
}

/**
 * Ingests a file: a line-oriented one read a piece at a time (in this thread, or in parts over the pool, each
 * worker reading its own part), anything else read whole. Gives what `ingestBytes` gives for its bytes, with
 * their SHA-256.
 */
export async function ingestFile(
  path: string,
  s: IngestSetup,
  readWhole: () => Promise<Uint8Array>,
): Promise<SourceResult> {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const head = filePieces(fd, 0, size, 65536)() ?? new Uint8Array(0);
    const format = lineFormat(head, s.read);
    if (format === undefined) {
      const bytes = await readWhole();
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      return { ...(await ingestBytes(bytes, path, s)), sha256, size: bytes.length };
    }
    if (s.pool !== undefined && s.pool.size > 1) return await fileInPool(fd, path, size, format, s.pool, s);
    const hash = createHash("sha256");
    const next = filePieces(fd, 0, size, PIECE_BYTES);
    const hashed = () => {
      const piece = next();
      if (piece !== undefined) hash.update(piece);
      return piece;
    };
    const parser = lineParserFor(format, lineRead(s.read));
    const start = { line: 1, offset: 0 };
    const part = ingestPart(hashed, start, path, parser, s.attributor, s.levels, s.onProgress);
    return { ...fromParts([part], format), sha256: hash.digest("hex"), size };
  } finally {
    closeSync(fd);
  }
}
