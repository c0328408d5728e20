// Parallel ingest: a line-oriented source split at line boundaries, each part ingested in a worker thread, the parts merged.
import { Worker } from "node:worker_threads";
import {
  Attributor,
  compileSnapshot,
  mergeAggregated,
  type AggregationOptions,
  type FlowFormat,
  type Issue,
} from "@netward/core";
import { loadSnapshot } from "../cli/load-engine.js";
import { UsageError } from "../cli/usage-error.js";
import type { ManifestOptions } from "../cli/validate.js";
import { detectFlowFormat, lineParserFor } from "../inputs/flow-format.js";
import {
  countLines,
  ingestPart,
  lineBoundary,
  PIECE_BYTES,
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

/** The part of a source a worker is sent (its bytes are transferred, not copied). */
export interface PartRequest {
  bytes: Uint8Array;
  start: PartStart;
  file: string;
  format: Exclude<FlowFormat, "pcap">;
  year?: number;
  pieceBytes: number;
}

/** A worker's answer: the part's result with its rows in columns. */
export type PartReply = Omit<PartResult, "rows"> & { rows: RowColumns };

/** A worker's answer when it could not ingest its part (`usage` for manifests with errors). */
interface PartFailure {
  error: string;
  usage: boolean;
}

/** True when this module runs from its TypeScript source (under vitest) rather than built. */
const fromSource = import.meta.url.endsWith(".ts");

/** The worker's built module: beside this one when built, else under dist (without the source condition). */
const workerURL = fromSource
  ? new URL("../../dist/flows/ingest-worker.js", import.meta.url)
  : new URL("./ingest-worker.js", import.meta.url);

/** The line-oriented format of a source, or undefined for a capture, a Whisker document or an unknown format. */
function lineFormat(bytes: Uint8Array, read: ReadOptions): Exclude<FlowFormat, "pcap"> | undefined {
  const chosen = read.format === "auto" ? detectFlowFormat(bytes.subarray(0, 65536)) : read.format;
  if (chosen === undefined || chosen === "pcap") return undefined;
  const head = new TextDecoder().decode(bytes.subarray(0, 64));
  return chosen === "whisker" && /^\s*(\[|\{\s*"(total|items)")/.test(head) ? undefined : chosen;
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

/** Starts a worker; `send` posts its part and resolves with its answer (it is stopped by `stop`). */
function startWorker(setup: WorkerSetup) {
  const worker = new Worker(workerURL, { workerData: setup, ...(fromSource ? { execArgv: [] } : {}) });
  const answer = new Promise<PartReply | PartFailure>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) =>
      reject(new Error(`an ingest worker stopped (exit code ${code}) before answering`)),
    );
  });
  answer.catch(() => undefined);
  return {
    send(part: PartRequest): Promise<PartReply | PartFailure> {
      worker.postMessage(part, [part.bytes.buffer as ArrayBuffer]);
      return answer;
    },
    stop: () => worker.terminate(),
  };
}

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

async function inProcess(
  bytes: Uint8Array,
  file: string,
  read: ReadOptions,
  manifests: ManifestSource | undefined,
  levels: AggregationOptions,
  pieceBytes: number,
): Promise<IngestResult> {
  const attributor =
    manifests === undefined
      ? undefined
      : new Attributor(
          compileSnapshot(await loadSnapshot(manifests.paths, manifests.options), {
            calicoVersion: manifests.options.calicoVersion,
          }),
        );
  const format = lineFormat(bytes, read);
  if (format === undefined) {
    const all = parseFlowBytes(bytes, file, read);
    return {
      ...attributeAndAggregate(all.flows, all.issues, attributor, levels),
      issues: all.issues,
      format: all.format,
    };
  }
  const parser = lineParserFor(format, read.year === undefined ? {} : { year: read.year });
  return fromParts(
    [ingestPart(bytes, { line: 1, offset: 0 }, file, parser, attributor, levels, pieceBytes)],
    format,
  );
}

/**
 * Ingests a whole source already in memory with `workers` worker threads (each loads and compiles the
 * manifests itself): the same totals, rows (in the same order) and issues as the single-thread pipeline.
 * With one worker or less, or a capture or Whisker document, it runs in this thread; an unknown format
 * throws UnknownFormatError and manifests with errors a UsageError.
 */
export async function ingestInWorkers(
  bytes: Uint8Array,
  file: string,
  read: ReadOptions,
  manifests: ManifestSource | undefined,
  levels: AggregationOptions,
  workers: number,
  options: { pieceBytes?: number } = {},
): Promise<IngestResult> {
  const pieceBytes = options.pieceBytes ?? PIECE_BYTES;
  const format = lineFormat(bytes, read);
  if (format === undefined || workers <= 1)
    return inProcess(bytes, file, read, manifests, levels, pieceBytes);
  const ranges = lineRanges(bytes, workers);
  const setup: WorkerSetup = manifests === undefined ? { levels } : { manifests, levels };
  const pool = ranges.map(() => startWorker(setup));
  try {
    let line = 1;
    const answers = ranges.map((r, i) => {
      const start = { line, offset: r.from };
      line += countLines(bytes, r.from, r.to);
      const part = new Uint8Array(bytes.subarray(r.from, r.to));
      const request: PartRequest = { bytes: part, start, file, format, pieceBytes };
      if (read.year !== undefined) request.year = read.year;
      return pool[i]!.send(request);
    });
    const parts: PartResult[] = [];
    for (const reply of await Promise.all(answers)) {
      if ("error" in reply) throw reply.usage ? new UsageError(reply.error) : new Error(reply.error);
      parts.push({ ...reply, rows: decodeRows(reply.rows) });
    }
    return fromParts(parts, format);
  } finally {
    await Promise.all(pool.map((w) => w.stop()));
  }
}
