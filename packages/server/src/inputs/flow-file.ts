// Flow files of a line-oriented format: parsed whole (one record a line, nothing lost or thrown), or read in pieces.
import { readSync } from "node:fs";
import type { Flow, Issue, LineParser } from "@netward/core";
import { splitLines } from "./flow-lines.js";

/** What a flow file held: its flows, the lines that were not records (skipped), and the bad records. */
export interface ParsedFlowFile {
  flows: Flow[];
  skipped: number[];
  issues: Issue[];
}

/** Parses every line of a file's bytes with a line parser. */
export function parseFlowFile(bytes: Uint8Array, parser: LineParser, file: string): ParsedFlowFile {
  const split = splitLines(bytes, { line: 1, offset: 0 }, { file, final: true });
  const out: ParsedFlowFile = { flows: [], skipped: [], issues: [...split.issues] };
  for (const line of split.lines) {
    const r = parser.parseLine(line, file);
    if ("flow" in r) out.flows.push(r.flow);
    else if ("issue" in r) out.issues.push(r.issue);
    else out.skipped.push(line.line);
  }
  return out;
}

/**
 * The bytes of a file from `from` up to `to`, `size` at a time, read into one buffer: a piece is only valid
 * until the next is asked for (reusing the buffer spares the collector a large allocation per piece).
 */
export function filePieces(fd: number, from: number, to: number, size: number): () => Uint8Array | undefined {
  let at = from;
  const buffer = new Uint8Array(Math.max(0, Math.min(size, to - from)));
  return () => {
    if (at >= to) return undefined;
    const length = Math.min(buffer.length, to - at);
    let got = 0;
    while (got < length) {
      const n = readSync(fd, buffer, got, length - got, at + got);
      if (n === 0) break;
      got += n;
    }
    at = got === length ? at + got : to;
    return buffer.subarray(0, got);
  };
}

/** The offset just after the first newline at or after `at` in a file of `size` bytes (or `size` when none). */
export function nextLineStart(fd: number, at: number, size: number): number {
  const window = Buffer.allocUnsafe(1 << 16);
  for (let from = at; from < size; from += window.length) {
    const n = readSync(fd, window, 0, Math.min(window.length, size - from), from);
    if (n === 0) break;
    const nl = window.subarray(0, n).indexOf(0x0a);
    if (nl !== -1) return from + nl + 1;
  }
  return size;
}

/** The number of newlines in a file from `from` up to `to`. */
export function countFileLines(fd: number, from: number, to: number): number {
  const next = filePieces(fd, from, to, 1 << 22);
  let n = 0;
  for (let piece = next(); piece !== undefined; piece = next())
    for (let i = piece.indexOf(0x0a); i !== -1; i = piece.indexOf(0x0a, i + 1)) n++;
  return n;
}
