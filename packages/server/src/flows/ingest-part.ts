// Ingest of one part of a line-oriented source, piece by piece so flows never pile up: split, parse, attribute, aggregate.
import {
  mergeAggregated,
  type AggregatedFlow,
  type AggregationOptions,
  type Attributor,
  type Flow,
  type Issue,
  type LineParser,
} from "@netward/core";
import { splitLines } from "../inputs/flow-lines.js";
import { attributeAndAggregate } from "./ingest-pipeline.js";

/** Bytes read at a time within a part (a piece ends at a newline; a longer line makes a longer piece). */
export const PIECE_BYTES = 4 << 20;

/** Where a part starts in its source: the 1-based line number and byte offset of its first byte. */
export interface PartStart {
  line: number;
  offset: number;
}

/** What one part came to: totals, aggregated rows, and its issues (line issues apart from record issues). */
export interface PartResult {
  records: number;
  denied: number;
  drift: number;
  rows: AggregatedFlow[];
  lineIssues: Issue[];
  recordIssues: Issue[];
}

/** The number of newlines in `bytes` from `from` up to `to`. */
export function countLines(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a, from); i !== -1 && i < to; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

/** The end of the range starting at `from` of about `size` bytes that ends just after a newline (or at the end). */
export function lineBoundary(bytes: Uint8Array, from: number, size: number): number {
  const nl = bytes.indexOf(0x0a, Math.max(from, from + size - 1));
  return nl === -1 ? bytes.length : nl + 1;
}

/**
 * Ingests `bytes` (whole lines of a source, the last one possibly unterminated) starting at `start`: gives
 * what parsing, attributing and aggregating them all at once gives, with line issues before record issues.
 */
export function ingestPart(
  bytes: Uint8Array,
  start: PartStart,
  file: string,
  parser: LineParser,
  attributor: Attributor | undefined,
  levels: AggregationOptions,
  pieceBytes = PIECE_BYTES,
): PartResult {
  const out: PartResult = { records: 0, denied: 0, drift: 0, rows: [], lineIssues: [], recordIssues: [] };
  const lists: AggregatedFlow[][] = [];
  let line = start.line;
  for (let from = 0; from < bytes.length;) {
    const to = lineBoundary(bytes, from, pieceBytes);
    const split = splitLines(
      bytes.subarray(from, to),
      { line, offset: start.offset + from },
      { file, final: true },
    );
    line += split.lines.length + split.issues.length;
    out.lineIssues.push(...split.issues);
    const flows: Flow[] = [];
    for (const text of split.lines) {
      const r = parser.parseLine(text, file);
      if ("flow" in r) flows.push(r.flow);
      else if ("issue" in r) out.recordIssues.push(r.issue);
    }
    const batch = attributeAndAggregate(flows, [], attributor, levels);
    out.records += batch.records;
    out.denied += batch.denied;
    out.drift += batch.drift;
    lists.push(batch.rows);
    from = to;
  }
  out.rows = lists.length === 1 ? lists[0]! : mergeAggregated(lists);
  return out;
}
