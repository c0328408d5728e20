// Aggregated rows as a few typed arrays and a string table, so worker threads hand them over without cloning objects.
import type { AggregatedFlow, AggregationLevel } from "@netward/core";

/** Rows in columns: 5 numbers a row (bucket, count, packets, bytes, drift), 8 codes a row, and the strings coded. */
export interface RowColumns {
  length: number;
  numbers: Float64Array;
  codes: Int32Array;
  strings: string[];
}

const verdicts: AggregatedFlow["verdict"][] = ["allow", "deny", "unknown"];
const NUMBERS = 5;
const CODES = 8;

/** Encodes rows into columns (absent ports and policies coded as -1). */
export function encodeRows(rows: readonly AggregatedFlow[]): RowColumns {
  const numbers = new Float64Array(rows.length * NUMBERS);
  const codes = new Int32Array(rows.length * CODES);
  const strings: string[] = [];
  const index = new Map<string, number>();
  const code = (s: string | undefined): number => {
    if (s === undefined) return -1;
    let i = index.get(s);
    if (i === undefined) {
      i = strings.push(s) - 1;
      index.set(s, i);
    }
    return i;
  };
  rows.forEach((r, i) => {
    numbers.set([r.bucket, r.count, r.packets, r.bytes, r.drift], i * NUMBERS);
    codes.set(
      [
        verdicts.indexOf(r.verdict),
        r.level,
        code(r.src),
        r.srcPort ?? -1,
        code(r.dst),
        r.dstPort ?? -1,
        r.protocol,
        code(r.policy),
      ],
      i * CODES,
    );
  });
  return { length: rows.length, numbers, codes, strings };
}

/** Decodes columns back into the rows `encodeRows` was given. */
export function decodeRows(c: RowColumns): AggregatedFlow[] {
  const rows: AggregatedFlow[] = new Array<AggregatedFlow>(c.length);
  for (let i = 0; i < c.length; i++) {
    const n = i * NUMBERS;
    const k = i * CODES;
    const r: AggregatedFlow = {
      bucket: c.numbers[n]!,
      verdict: verdicts[c.codes[k]!]!,
      level: c.codes[k + 1]! as AggregationLevel,
      src: c.strings[c.codes[k + 2]!]!,
      dst: c.strings[c.codes[k + 4]!]!,
      protocol: c.codes[k + 6]!,
      count: c.numbers[n + 1]!,
      packets: c.numbers[n + 2]!,
      bytes: c.numbers[n + 3]!,
      drift: c.numbers[n + 4]!,
    };
    if (c.codes[k + 3]! >= 0) r.srcPort = c.codes[k + 3]!;
    if (c.codes[k + 5]! >= 0) r.dstPort = c.codes[k + 5]!;
    if (c.codes[k + 7]! >= 0) r.policy = c.strings[c.codes[k + 7]!]!;
    rows[i] = r;
  }
  return rows;
}
