// Ingest of one part of a line-oriented source, fed in pieces and line by line so flows never pile up: parse, attribute, aggregate.
import {
  aggregateFlows,
  type AggregatedFlow,
  type AggregationOptions,
  type AttributedFlow,
  type Attributor,
  type Issue,
  type LineParser,
} from "@netward/core";
import { readLines } from "../inputs/flow-lines.js";
import { unattributed } from "./ingest-pipeline.js";

/** Bytes read at a time from a file (a piece ends anywhere; lines across pieces are joined): 1 MiB stays in cache. */
export const PIECE_BYTES = 1 << 20;

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

/** How far a part has got: bytes of whole lines read, records read and bad records. */
export interface PartProgress {
  bytes: number;
  records: number;
  bad: number;
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

/** The bytes of some pieces one after the other (without copying when only one is not empty). */
function concat(all: readonly Uint8Array[]): Uint8Array {
  const pieces = all.filter((p) => p.length > 0);
  if (pieces.length === 1) return pieces[0]!;
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The pieces of a part's bytes, in order: each call gives the next (valid until the next call), or undefined after the last. */
export type NextPiece = () => Uint8Array | undefined;

/** The pieces of bytes already in memory: the whole of them at once. */
export function wholeBytes(bytes: Uint8Array): NextPiece {
  let given = false;
  return () => (given ? undefined : ((given = true), bytes));
}

/**
 * Ingests a part of a source, read piece by piece (whole lines overall, the last one possibly unterminated;
 * a line may span pieces), starting at `start`: gives what parsing, attributing and aggregating all its lines
 * at once gives, with line issues before record issues. Each line is parsed, attributed and aggregated before
 * the next is read, so neither lines nor flows pile up.
 */
export function ingestPart(
  next: NextPiece,
  start: PartStart,
  file: string,
  parser: LineParser,
  attributor: Attributor | undefined,
  levels: AggregationOptions,
  onPiece?: (done: PartProgress) => void,
): PartResult {
  const out: PartResult = { records: 0, denied: 0, drift: 0, rows: [], lineIssues: [], recordIssues: [] };
  function* flows(): Generator<AttributedFlow> {
    let rest: Uint8Array = new Uint8Array(0);
    let bad = 0;
    const at = { ...start };
    const unfinished: Uint8Array[] = [];
    for (;;) {
      const piece = next();
      if (piece !== undefined && piece.indexOf(0x0a) === -1) {
        unfinished.push(new Uint8Array(piece));
        continue;
      }
      const bytes = concat([rest, ...unfinished.splice(0), ...(piece === undefined ? [] : [piece])]);
      const lines = readLines(bytes, { ...at }, { file, final: piece === undefined });
      for (let item = lines.next(); ; item = lines.next()) {
        if (item.done === true) {
          rest = new Uint8Array(item.value);
          break;
        }
        at.line++;
        if ("issue" in item.value) {
          out.lineIssues.push(item.value.issue);
          bad++;
          continue;
        }
        const r = parser.parseLine(item.value.line, file);
        if ("issue" in r) {
          out.recordIssues.push(r.issue);
          if (r.issue.severity === "error") bad++;
        }
        if (!("flow" in r)) continue;
        const a = attributor ? attributor.attribute(r.flow) : unattributed(r.flow);
        out.records++;
        if ((a.enforced?.verdict ?? a.flow.action) === "deny") out.denied++;
        if (a.drift) out.drift++;
        yield a;
      }
      at.offset += bytes.length - rest.length;
      onPiece?.({
        bytes: at.offset - start.offset,
        records: out.records,
        bad,
      });
      if (piece === undefined) return;
    }
  }
  out.rows = aggregateFlows(flows(), levels);
  return out;
}
