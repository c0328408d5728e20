// Splits bytes into text lines for the line-oriented flow formats, with offsets, UTF-8 checks and a length limit.
import type { InputLine, Issue } from "@netward/core";

/** The longest line read (1 MiB); longer lines are reported and skipped. */
export const MAX_LINE_BYTES = 1 << 20;

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Splits a chunk of bytes into lines. Returns the complete lines, the issues of bad ones (too long, not
 * UTF-8), and the unfinished tail to prepend to the next chunk (pass `final` for the last chunk).
 */
export function splitLines(
  bytes: Uint8Array,
  start: { line: number; offset: number },
  options: { file?: string; final?: boolean; maxLineBytes?: number } = {},
): { lines: InputLine[]; issues: Issue[]; rest: Uint8Array } {
  const lines: InputLine[] = [];
  const issues: Issue[] = [];
  const items = readLines(bytes, start, options);
  let next = items.next();
  for (; !next.done; next = items.next()) {
    if ("line" in next.value) lines.push(next.value.line);
    else issues.push(next.value.issue);
  }
  const rest = next.value;
  return { lines, issues, rest };
}

/** One line read: its text, or the issue that made it unreadable. */
export type LineItem = { line: InputLine } | { issue: Issue };

/**
 * Splits a chunk of bytes into lines as `splitLines` does, one line (or bad line's issue) at a time, so no
 * line outlives its use; returns the unfinished tail.
 */
export function* readLines(
  bytes: Uint8Array,
  start: { line: number; offset: number },
  options: { file?: string; final?: boolean; maxLineBytes?: number },
): Generator<LineItem, Uint8Array> {
  const max = options.maxLineBytes ?? MAX_LINE_BYTES;
  const where = (n: number) => (options.file === undefined ? { line: n } : { file: options.file, line: n });
  const take = (from: number, to: number, line: number): LineItem => {
    let end = to;
    if (end > from && bytes[end - 1] === 0x0d) end--;
    const offset = start.offset + from;
    if (end - from > max)
      return {
        issue: {
          code: "flow-too-long",
          severity: "error",
          message: `line ${line} is ${end - from} bytes, more than the ${max} netward reads; skipped`,
          ...where(line),
        },
      };
    try {
      return { line: { text: decoder.decode(bytes.subarray(from, end)), line, offset } };
    } catch {
      return {
        issue: {
          code: "flow-encoding",
          severity: "error",
          message: `line ${line} (byte offset ${offset}) is not valid UTF-8; skipped`,
          fix: "convert the file to UTF-8",
          ...where(line),
        },
      };
    }
  };
  let from = 0;
  let line = start.line;
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, from)) {
    yield take(from, i, line++);
    from = i + 1;
  }
  if (options.final && from < bytes.length) {
    yield take(from, bytes.length, line);
    from = bytes.length;
  }
  return bytes.subarray(from);
}
