// Tests for matchSelector and compileSelector: every operator, missing labels, negation parity and precedence.
import { assert, describe, expect, it } from "vitest";
import type { Selector } from "./ast.js";
import { compileSelector } from "./compile.js";
import { labelsOf } from "./labels.js";
import { matchSelector } from "./match.js";
import { parseSelector } from "./parser.js";

/** Parse a selector that must be valid. */
function sel(input: string): Selector {
  const result = parseSelector(input);
  assert(result.ok, `${input} should parse`);
  return result.selector;
}

type LabelMap = Record<string, string>;

/** Each row: a selector, label sets it matches, and label sets it does not match. */
const CASES: readonly (readonly [string, readonly LabelMap[], readonly LabelMap[]])[] = [
  ['a == "b"', [{ a: "b" }, { a: "b", c: "d" }], [{}, { a: "c" }, { c: "d" }, { a: "B" }, { a: "b " }]],
  ['a != "b"', [{}, { a: "c" }, { c: "b" }], [{ a: "b" }]],
  [
    'a contains "a"',
    [{ a: "a" }, { a: "bab" }, { a: "aaa", b: "c" }],
    [{}, { a: "b" }, { b: "aaa" }, { a: "A" }],
  ],
  ['a contains ""', [{ a: "" }, { a: "x" }], [{}]],
  ['a starts with "a"', [{ a: "a" }, { a: "abb" }], [{}, { a: "b" }, { a: "baa" }, { b: "aaa" }]],
  ['a ends with "a"', [{ a: "a" }, { a: "bba" }], [{}, { a: "b" }, { a: "aab" }, { b: "aaa" }]],
  [`a in {"'", '"', "c"}`, [{ a: "c" }, { a: '"' }, { a: "'" }], [{}, { a: "e" }, { a: "C" }]],
  [`a not in {"'", '"', "c"}`, [{}, { a: "e" }], [{ a: "c" }, { a: '"' }, { a: "'" }]],
  ["a in {}", [], [{}, { a: "" }, { a: "x" }]],
  ["a not in {}", [{}, { a: "" }, { a: "x" }], []],
  ['a == ""', [{ a: "" }], [{}, { a: "x" }]],
  ["has(a)", [{ a: "" }, { a: "b" }], [{}, { b: "a" }]],
  ["!has(a)", [{}, { b: "b" }], [{ a: "b" }]],
  ["!!has(a)", [{ a: "b" }], [{}]],
  ["!!!has(a)", [{}], [{ a: "b" }]],
  ["! !!has(a)", [{}], [{ a: "b" }]],
  ["!(!has(a))", [{ a: "b" }], [{}]],
  ["", [{}, { a: "b" }], []],
  ["all()", [{}, { a: "b" }], []],
  ["global()", [{}, { a: "b" }], []],
  ["a == 'a1' && b == 'b1'", [{ a: "a1", b: "b1" }], [{ a: "a1" }, { b: "b1" }, { a: "a1", b: "b2" }]],
  ["a == 'a1' || b == 'b1'", [{ a: "a1" }, { b: "b1" }, { a: "a1", b: "b1" }], [{}, { a: "a2", b: "b2" }]],
  ["a != 'a1' && !b == 'b1'", [{}, { a: "a2" }], [{ a: "a1", b: "b1" }, { b: "b1" }]],
  ["! a == 'a1' || ! b == 'b1'", [{}, { a: "a1" }], [{ a: "a1", b: "b1" }]],
  ["!(!has(a) || has(b))", [{ a: "a" }], [{}, { a: "a", b: "b" }]],
  // && binds tighter than ||: a || (b && c).
  ['a == "1" || b == "2" && c == "3"', [{ a: "1" }, { b: "2", c: "3" }], [{ b: "2" }, { c: "3" }, {}]],
  [
    '(a == "1" || b == "2") && c == "3"',
    [
      { a: "1", c: "3" },
      { b: "2", c: "3" },
    ],
    [{ a: "1" }, { b: "2" }],
  ],
  ['!a == "1" && b == "2"', [{ b: "2" }, { a: "2", b: "2" }], [{ a: "1", b: "2" }, {}]],
  ['!(a == "1" && b == "2")', [{}, { a: "1" }], [{ a: "1", b: "2" }]],
];

describe.each(CASES)("selector %j", (input, matches, nonMatches) => {
  const selector = sel(input);
  const compiled = compileSelector(selector);

  it.each(matches.map((labels) => [labels]))("matches %j", (labels) => {
    expect(matchSelector(selector, labelsOf(labels))).toBe(true);
    expect(matchSelector(selector, new Map(Object.entries(labels)))).toBe(true);
    expect(compiled(labelsOf(labels))).toBe(true);
  });

  it.each(nonMatches.map((labels) => [labels]))("does not match %j", (labels) => {
    expect(matchSelector(selector, labelsOf(labels))).toBe(false);
    expect(matchSelector(selector, new Map(Object.entries(labels)))).toBe(false);
    expect(compiled(labelsOf(labels))).toBe(false);
  });
});

describe("labelsOf", () => {
  it("ignores inherited properties", () => {
    const labels = labelsOf({ a: "b" });
    expect(labels.get("a")).toBe("b");
    expect(labels.get("toString")).toBeUndefined();
    expect(labels.get("constructor")).toBeUndefined();
    expect(matchSelector(sel("has(toString)"), labels)).toBe(false);
  });
});
