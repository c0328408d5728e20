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
  const max = options.maxLineBytes ?? MAX_LINE_BYTES;
  const lines: InputLine[] = [];
  const issues: Issue[] = [];
  let from = 0;
  let line = start.line;
  const where = (n: number) => (options.file === undefined ? { line: n } : { file: options.file, line: n });
  const take = (to: number) => {
    let end = to;
    if (end > from && bytes[end - 1] === 0x0d) end--;
    const offset = start.offset + from;
    if (end - from > max) {
      issues.push({
        code: "flow-too-long",
        severity: "error",
        message: `line ${line} is ${end - from} bytes, more than the ${max} netward reads; skipped`,
        ...where(line),
      });
    } else {
      try {
        lines.push({ text: decoder.decode(bytes.subarray(from, end)), line, offset });
      } catch {
        issues.push({
          code: "flow-encoding",
          severity: "error",
          message: `line ${line} (byte offset ${offset}) is not valid UTF-8; skipped`,
          fix: "convert the file to UTF-8",
          ...where(line),
        });
      }
    }
    line++;
  };
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, from)) {
    take(i);
    from = i + 1;
  }
  if (options.final && from < bytes.length) {
    take(bytes.length);
    from = bytes.length;
  }
  return { lines, issues, rest: bytes.subarray(from) };
}
