// Ingests followed files (or standard input) as they grow: each batch of lines parsed, attributed and stored with its cursor.
import { resolve } from "node:path";
import type { AggregationOptions, AttributedFlow, Attributor, Flow, Issue, LineParser } from "@netward/core";
import { followFile, followLines, followStream, type LineBatch } from "../inputs/follow.js";
import { detectFlowFormat, flowFormats, lineParserFor } from "../inputs/flow-format.js";
import type { FileCursor, FlowStore } from "../store/flow-store.js";
import { attributeAndAggregate, UnknownFormatError, type ReadOptions } from "./ingest-pipeline.js";

/** Raised for a source that cannot be followed (a packet capture, a Whisker JSON document); the message says why. */
export class CannotFollowError extends Error {}

/** What following has come to: records, denied, drift, bad records, rows stored, bytes read, and those plus the bytes still to read. */
export interface FollowTotals {
  records: number;
  denied: number;
  drift: number;
  bad: number;
  rows: number;
  bytes: number;
  size: number;
}

/** What to follow, into which store, how to attribute and aggregate, when to stop, and where to report. */
export interface FollowIngestOptions {
  sources: readonly string[];
  store: FlowStore;
  read: ReadOptions;
  /** The attributor to use for the next batch (a server swaps it when the manifests reload). */
  attributor: () => Attributor | undefined;
  levels: AggregationOptions;
  signal: AbortSignal;
  /** Called with every batch's attributed flows once they are stored. */
  onAttributed?: (flows: readonly AttributedFlow[]) => void;
  intervalMs?: number;
  stdin?: AsyncIterable<Uint8Array>;
  onIssue: (issue: Issue) => void;
  onNotice: (message: string) => void;
  onProgress?: (totals: Readonly<FollowTotals>) => void;
}

const wholeDocument = /^\s*(\[|\{\s*"(total|items)")/;

/** The line parser for a followed source, from the format given or its first bytes; undefined while it cannot tell yet. */
function parserFor(head: Uint8Array, file: string, read: ReadOptions, sure: boolean): LineParser | undefined {
  const format = read.format === "auto" ? detectFlowFormat(head) : read.format;
  if (format === "pcap")
    throw new CannotFollowError(`${file}: a packet capture cannot be followed; ingest it without --follow`);
  if (format === undefined) {
    if (!sure) return undefined;
    throw new UnknownFormatError(
      `${file}: cannot tell the flow format; give --format (${flowFormats.join(", ")})`,
    );
  }
  if (format === "whisker" && wholeDocument.test(new TextDecoder().decode(head.subarray(0, 64))))
    throw new CannotFollowError(
      `${file}: a Whisker JSON document (not one record a line) cannot be followed; ingest it without --follow`,
    );
  return lineParserFor(format, read.year === undefined ? {} : { year: read.year });
}

function parse(batch: LineBatch, parser: LineParser, file: string): { flows: Flow[]; issues: Issue[] } {
  const flows: Flow[] = [];
  const issues = [...batch.issues];
  for (const line of batch.lines) {
    const r = parser.parseLine(line, file);
    if ("flow" in r) flows.push(r.flow);
    else if ("issue" in r) issues.push(r.issue);
  }
  return { flows, issues };
}

const sameCursor = (a: FileCursor | undefined, b: FileCursor) =>
  a !== undefined && a.identity === b.identity && a.offset === b.offset && a.line === b.line;

/** Follows every source until the signal fires (or standard input ends), storing each batch with its file's cursor. */
export async function followIngest(o: FollowIngestOptions): Promise<FollowTotals> {
  const totals: FollowTotals = { records: 0, denied: 0, drift: 0, bad: 0, rows: 0, bytes: 0, size: 0 };
  const positions = new Map<string, { identity: string; offset: number; size: number }>();
  let writing: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = writing.then(work);
    writing = next.catch(() => undefined);
    return next;
  };
  const stop = new AbortController();
  const abort = () => stop.abort();
  o.signal.addEventListener("abort", abort, { once: true });
  if (o.signal.aborted) abort();

  const followOne = async (source: string) => {
    const key = source === "-" ? "-" : resolve(source);
    let committed = source === "-" ? undefined : await serial(() => o.store.cursor(key));
    const events =
      source === "-"
        ? followStream(o.stdin ?? process.stdin, stop.signal)
        : followFile(source, {
            signal: stop.signal,
            onNotice: o.onNotice,
            ...(committed === undefined ? {} : { start: committed }),
            ...(o.intervalMs === undefined ? {} : { intervalMs: o.intervalMs }),
          });
    let parser: LineParser | undefined;
    for await (const batch of followLines(events, source)) {
      const sure = batch.lines.length > 0 || batch.issues.length > 0;
      parser ??= batch.head.length >= 4 || sure ? parserFor(batch.head, source, o.read, sure) : undefined;
      const { flows, issues } =
        parser === undefined ? { flows: [], issues: batch.issues } : parse(batch, parser, source);
      for (const issue of issues) o.onIssue(issue);
      const result = attributeAndAggregate(
        flows,
        issues,
        o.attributor(),
        o.levels,
        o.onAttributed !== undefined,
      );
      const cursor: FileCursor = { file: key, identity: batch.identity, ...batch.cursor };
      if (source === "-") {
        if (result.rows.length > 0) await serial(() => o.store.insert(result.rows));
      } else if (result.rows.length > 0 || !sameCursor(committed, cursor)) {
        await serial(() => o.store.advance(cursor, result.rows));
        committed = cursor;
      }
      if (result.attributed !== undefined && result.attributed.length > 0)
        o.onAttributed?.(result.attributed);
      totals.records += result.records;
      totals.denied += result.denied;
      totals.drift += result.drift;
      totals.bad += result.bad;
      totals.rows += result.rows.length;
      const before = positions.get(key);
      if (before?.identity === batch.identity && batch.cursor.offset >= before.offset)
        totals.bytes += batch.cursor.offset - before.offset;
      positions.set(key, { identity: batch.identity, offset: batch.cursor.offset, size: batch.size });
      totals.size = totals.bytes;
      for (const p of positions.values()) totals.size += Math.max(0, p.size - p.offset);
      o.onProgress?.(totals);
    }
  };

  try {
    const results = await Promise.allSettled(
      o.sources.map((s) =>
        followOne(s).catch((err: unknown) => {
          abort();
          throw err;
        }),
      ),
    );
    const failed = results.find((r) => r.status === "rejected");
    if (failed !== undefined) throw failed.reason;
  } finally {
    o.signal.removeEventListener("abort", abort);
  }
  return totals;
}
