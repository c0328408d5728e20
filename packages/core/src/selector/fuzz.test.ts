// Fuzz tests: parseSelector never throws on any string, reports columns inside the input, and stays fast.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSelector } from "./parser.js";
import { printSelector } from "./print.js";

/** Valid selectors to mutate. */
const CORPUS = [
  "",
  "all()",
  "global()",
  'a == "b"',
  "a != 'b'",
  'app.kubernetes.io/name contains "we"',
  'a starts with "x" || a ends with "y"',
  'role in {"db", "cache",}',
  "tier not in {}",
  "has(a) && !has(b)",
  '!(a == "1" && (b == "2" || !c in {"3"}))',
  "  has( key )\t&&\tall( )  ",
  'a notin{"x"} && b startswith "y"',
];

/** Pieces of selector syntax, so that random sequences look almost right. */
const PIECES = [
  "(",
  ")",
  "!",
  "&&",
  "||",
  "==",
  "!=",
  "=",
  "&",
  "|",
  "{",
  "}",
  ",",
  '"',
  "'",
  " ",
  "\t",
  "\n",
  "\r",
  "a",
  "b",
  "in",
  "not",
  "has(",
  "all(",
  "global(",
  "contains",
  "starts",
  "with",
  "ends",
  "-",
  "/",
  ".",
  "\u00e9",
  "\u{1F600}",
  "\u00a0",
  "\0",
];

/** Check one input: no throw, a well-formed result, and accepted input printing to accepted input. */
function check(input: string): void {
  const result = parseSelector(input);
  if (result.ok) {
    expect(parseSelector(printSelector(result.selector))).toEqual(result);
    return;
  }
  expect(result.error.message.length).toBeGreaterThan(0);
  expect(Number.isInteger(result.error.column)).toBe(true);
  expect(result.error.column).toBeGreaterThanOrEqual(1);
  expect(result.error.column).toBeLessThanOrEqual(input.length + 1);
}

/** A mutation: insert, delete or replace text at a position given as a fraction of the length. */
const mutation = fc.tuple(
  fc.constantFrom("insert", "delete", "replace"),
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: "binary", maxLength: 3 })),
);

/** Apply mutations to a string. */
function mutate(text: string, mutations: readonly (readonly [string, number, string])[]): string {
  let out = text;
  for (const [kind, where, piece] of mutations) {
    const at = Math.floor(where * out.length);
    const end = kind === "insert" ? at : Math.min(out.length, at + Math.max(1, piece.length));
    out = out.slice(0, at) + (kind === "delete" ? "" : piece) + out.slice(end);
  }
  return out;
}

describe("parseSelector on hostile input", () => {
  it("survives random unicode strings", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), check), { numRuns: 3000 });
  });

  it("survives random sequences of selector syntax", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }), (pieces) =>
        check(pieces.join("")),
      ),
      { numRuns: 3000 },
    );
  });

  it("survives random mutations of valid selectors", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CORPUS),
        fc.array(mutation, { minLength: 1, maxLength: 5 }),
        (text, mutations) => check(mutate(text, mutations)),
      ),
      { numRuns: 3000 },
    );
  });

  it("survives random nesting, balanced or not", () => {
    const nesting = fc.tuple(
      fc.nat({ max: 3000 }),
      fc.nat({ max: 3000 }),
      fc.constantFrom("(", "!(", "!", "a == 'b' || (", "has(a) && !("),
      fc.constantFrom("has(a)", "", "a", ")"),
    );
    fc.assert(
      fc.property(nesting, ([open, close, prefix, middle]) =>
        check(prefix.repeat(open) + middle + ")".repeat(close)),
      ),
      { numRuns: 1000 },
    );
  });

  it.each([
    ["100,000 open parentheses", "(".repeat(100_000)],
    ["100,000 balanced parentheses", `${"(".repeat(100_000)}has(a)${")".repeat(100_000)}`],
    ["100,000 close parentheses", ")".repeat(100_000)],
    ["a million !", `${"!".repeat(1_000_000)}has(a)`],
    ["a million-character label", `${"a".repeat(1_000_000)} == "b"`],
    ["a million-character value", `a == "${"b".repeat(1_000_000)}"`],
    ["a million-character unterminated string", `a == "${"b".repeat(1_000_000)}`],
    ["100,000 terms", Array.from({ length: 100_000 }, (_, i) => `k${i} == "v"`).join(" && ")],
    [
      "a set of 100,000 values",
      `a in {${Array.from({ length: 100_000 }, (_, i) => `"${i % 977}"`).join(", ")}}`,
    ],
    ["a million blanks", " \t".repeat(500_000)],
    ["a million newlines", "\n".repeat(1_000_000)],
  ])("handles %s within the time limit", (_name, input) => check(input), 5000);
});
