// Parses a whole flow file of a line-oriented format: split into lines, one record a line, nothing lost or thrown.
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
