// The interface every line-oriented flow parser implements, and what parsing one record can give.
import type { Issue } from "../model/issue.js";
import type { Flow, FlowFormat } from "./flow.js";

/** One line of input: its text (without the line ending), 1-based number and byte offset. */
export interface InputLine {
  text: string;
  line: number;
  offset: number;
}

/** One record's outcome: a flow, a line that is not a record of this format (skipped silently), or a bad record. */
export type RecordResult = { flow: Flow } | { skip: true } | { issue: Issue };

/** Parses one line of a line-oriented format; never throws, whatever the line holds. */
export interface LineParser {
  format: FlowFormat;
  parseLine(line: InputLine, file?: string): RecordResult;
}
