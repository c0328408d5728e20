// The shared test suite every line-oriented flow parser must pass: good records kept, bad ones reported, no throws.
import fc from "fast-check";
import { expect, it } from "vitest";
import type { Flow } from "./flow.js";
import type { LineParser, RecordResult } from "./parser.js";

/** What a parser's suite needs: good lines of every variant, and lines that are bad in this format's own ways. */
export interface SuiteInput {
  good: readonly string[];
  /** Lines that look like records but have fields of the wrong type or range: each must give an issue. */
  wrongTypes: readonly string[];
}

const parse = (parser: LineParser, text: string, line: number): RecordResult =>
  parser.parseLine({ text, line, offset: line * 100 }, "sample.log");

const withoutOrigin = (f: Flow) => ({ ...f, origin: { ...f.origin, line: 0, offset: 0 } });

/** Registers the shared suite for one parser (call inside a `describe`). */
export function lineParserSuite(parser: LineParser, input: SuiteInput): void {
  it("parses every good sample line into a flow", () => {
    input.good.forEach((text, i) => {
      const r = parse(parser, text, i + 1);
      expect("flow" in r, `line ${i + 1}: ${JSON.stringify(r)}`).toBe(true);
    });
  });

  it("reports each wrong-typed record as an issue with its line, keeping the good records around it", () => {
    const lines = input.good.flatMap((g, i) => [g, input.wrongTypes[i % input.wrongTypes.length]!]);
    const results = lines.map((text, i) => parse(parser, text, i + 1));
    results.forEach((r, i) => {
      if (i % 2 === 0) expect("flow" in r).toBe(true);
      else {
        expect("issue" in r, `line ${i + 1}: ${lines[i]}`).toBe(true);
        if ("issue" in r) {
          expect(r.issue.line).toBe(i + 1);
          expect(r.issue.file).toBe("sample.log");
        }
      }
    });
  });

  it("survives truncated lines, binary garbage and huge lines, and never changes the good records", () => {
    const garbage = [
      ...input.good.map((g) => g.slice(0, Math.floor(g.length / 2))),
      "\u0000\u0001\u0002\uFFFD binary \u0007",
      "{",
      "[]",
      "null",
      "x".repeat(200_000),
      "",
    ];
    for (const text of garbage) {
      const r = parse(parser, text, 7);
      if ("issue" in r) expect(r.issue.line).toBe(7);
    }
    input.good.forEach((text, i) => {
      const alone = parse(parser, text, i + 1);
      const again = parse(parser, text, i + 1000);
      expect("flow" in alone && "flow" in again).toBe(true);
      if ("flow" in alone && "flow" in again)
        expect(withoutOrigin(again.flow)).toEqual(withoutOrigin(alone.flow));
    });
  });

  it("never throws on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        parse(parser, text, 1);
      }),
      { numRuns: 500 },
    );
  });
}
