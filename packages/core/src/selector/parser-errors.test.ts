// Tests for parseSelector on invalid input: Calico's rejections, with the exact column and message of each.
import { assert, describe, expect, it } from "vitest";
import { parseSelector, type SelectorError } from "./parser.js";
import { printSelector } from "./print.js";

/** Parse input that must be rejected and return the error. */
function errorOf(input: string): SelectorError {
  const result = parseSelector(input);
  assert(!result.ok, `expected ${JSON.stringify(input.slice(0, 60))} to be rejected`);
  return result.error;
}

const OPERATORS = "(==, !=, in, not in, contains, starts with, ends with)";

describe("parseSelector rejects what Calico rejects", () => {
  it.each([
    // Calico's own bad-selector list.
    [
      "b == b",
      6,
      'expected a quoted string after "==" at column 6, found label "b" (values must be quoted: "b")',
    ],
    ["b contains b", 12, 'expected a quoted string after "contains" at column 12, found label "b"'],
    ["b starts with b", 15, 'expected a quoted string after "starts with" at column 15'],
    ["b ends with b", 13, 'expected a quoted string after "ends with" at column 13'],
    ["'b1' == b", 1, 'expected a label, has(), all(), global(), "!" or "(" at column 1, found string "b1"'],
    ["b", 2, `expected an operator ${OPERATORS} after label "b" at column 2, but the selector ended`],
    ["a b", 3, `expected an operator ${OPERATORS} after label "a" at column 3, found "b"`],
    ["!", 2, 'expected a label, has(), all(), global(), "!" or "(" at column 2, but the selector ended'],
    ['foo == "bar" &', 14, 'unknown operator "&" at column 14 (did you mean "&&"?)'],
    ['foo == "bar" |', 14, 'unknown operator "|" at column 14 (did you mean "||"?)'],
    ["foo != ||", 8, 'expected a quoted string after "!=" at column 8, found "||"'],
    ['foo in {"", ||', 13, 'expected a quoted string or "}" in the set at column 13, found "||"'],
    ['foo in ""', 8, 'expected "{" after "in" at column 8, found string "" (sets are written {"a", "b"})'],
    ['"FOO', 1, 'unterminated string starting at column 1 (missing closing ")'],
    ["\"FOO'", 1, "unterminated string starting at column 1"],
    ["'FOO", 1, "unterminated string starting at column 1 (missing closing ')"],
    ["(", 2, "but the selector ended"],
    ['(a == "foo"', 12, 'expected ")" at column 12 to close the "(" at column 1, but the selector ended'],
    [")", 1, 'found ")"'],
    ["()", 2, 'expected a label, has(), all(), global(), "!" or "(" at column 2, found ")"'],
    ["%", 1, 'unexpected character "%" at column 1'],
    ['a == "b" && %', 13, 'unexpected character "%" at column 13'],
    ['a == "b" || %', 13, 'unexpected character "%" at column 13'],
    ["a ", 3, 'after label "a" at column 3, but the selector ended'],
    ["has(foo) &&", 12, "at column 12, but the selector ended"],
    // Calico's tokenizer rejections.
    ['label starts foo "value"', 14, 'expected "with" after "starts" at column 14, found "f"'],
    ['label ends foo "value"', 12, 'expected "with" after "ends" at column 12, found "f"'],
    [
      'label squiggles "value"',
      7,
      `expected an operator ${OPERATORS} after label "label" at column 7, found "squiggles"`,
    ],
    ['a not in "bar"', 10, 'expected "{" after "not in" at column 10, found string "bar"'],
    ["b in c", 6, 'expected "{" after "in" at column 6, found label "c"'],
  ])("rejects %j at column %i", (input, column, message) => {
    const error = errorOf(input);
    expect(error.column).toBe(column);
    expect(error.message).toContain(message);
  });
});

describe("parseSelector explains each kind of mistake", () => {
  it.each([
    // Whitespace: spaces and tabs only.
    ['a == "b"\n', 9, "newline is not allowed in a selector at column 9"],
    ['a ==\n"b"', 5, "newline is not allowed in a selector at column 5"],
    ['\na == "b"', 1, "newline is not allowed in a selector at column 1"],
    ['a\n== "b"', 2, "newline is not allowed in a selector at column 2"],
    ["has(\na)", 5, "newline is not allowed in a selector at column 5"],
    ['a == "b" &&\r\nc == "d"', 12, "carriage return is not allowed in a selector at column 12"],
    ['a\u00a0== "b"', 2, "found U+00A0 (only spaces and tabs may separate tokens)"],
    ['a == "b"\f', 9, "unexpected character U+000C at column 9 (only spaces and tabs may separate tokens)"],
    [
      "a == \u201cb\u201d",
      6,
      'unexpected character "\u201c" (U+201C) at column 6 (use straight quotes " or \')',
    ],
    ['a == "b" \u00e9', 10, 'unexpected character "\u00e9" (U+00E9) at column 10'],
    // Word boundaries and operator spelling.
    ["has (a)", 5, `expected an operator ${OPERATORS} after label "has" at column 5, found "("`],
    ['ain {"x"}', 5, 'after label "ain" at column 5, found "{"'],
    ['a inx {"x"}', 3, 'after label "a" at column 3, found "inx"'],
    ['a containsx "x"', 3, 'found "containsx"'],
    ['a startswithx "x"', 3, 'found "startswithx"'],
    ['a not inx {"x"}', 3, 'found "not"'],
    ['a not {"x"}', 7, 'expected "in" after "not" at column 7, found "{"'],
    ["a starts", 9, 'expected "with" after "starts" at column 9, but the selector ended'],
    ['a IN {"x"}', 3, 'unknown operator "IN" at column 3 (operators are lower case: did you mean "in"?)'],
    ['a startsWith "x"', 3, 'did you mean "starts with"?'],
    ['a = "b"', 3, 'unknown operator "=" at column 3 (did you mean "=="?)'],
    ['a === "b"', 5, 'unknown operator "=" at column 5'],
    ['a > "1"', 3, `expected an operator ${OPERATORS} after label "a" at column 3, found ">"`],
    ['a ! = "b"', 3, 'found "!"'],
    ['!= "a"', 1, 'found "!="'],
    ['&& a == "b"', 1, 'found "&&"'],
    ["a has(b)", 3, 'found "has"'],
    // has(), all(), global().
    ["has()", 5, 'expected a label after "has(" at column 5, found ")"'],
    ["has(%)", 5, 'expected a label after "has(" at column 5, found "%"'],
    ["has(a b)", 7, 'expected ")" to close "has(" at column 7, found "b"'],
    ["has(a", 6, 'expected ")" to close "has(" at column 6, but the selector ended'],
    ["all(x)", 5, 'expected ")" after "all(" at column 5, found "x" (all() takes no arguments)'],
    ["global(", 8, 'expected ")" after "global(" at column 8, but the selector ended'],
    // Quoting.
    ["a == 'b", 6, "unterminated string starting at column 6 (missing closing ')"],
    [`a == "it's`, 6, 'unterminated string starting at column 6 (missing closing ")'],
    // Sets.
    ["a in {,}", 7, 'expected a quoted string or "}" in the set at column 7, found ","'],
    ['a in {"a",,}', 11, 'expected a quoted string or "}" in the set at column 11, found ","'],
    ['a in {"a" "b"}', 11, 'expected "," or "}" in the set at column 11, found string "b"'],
    [
      'a in {"a"',
      10,
      'expected "}" at column 10 to close the set opened at column 6, but the selector ended',
    ],
    ["a in {a}", 7, 'found label "a" (values must be quoted: "a")'],
    ['a in ("a")', 6, 'expected "{" after "in" at column 6, found "("'],
    // Structure.
    ['a == "b")', 9, 'unmatched ")" at column 9'],
    ['a == "b" c == "d"', 10, 'expected "&&", "||" or the end of the selector at column 10, found label "c"'],
    ["has(a) has(b)", 8, 'found "has(b)"'],
    ['(a == "b" c)', 11, 'expected "&&", "||" or ")" at column 11, found label "c"'],
    ['a == "b" && || c == "d"', 13, 'found "||"'],
  ])("rejects %j at column %i", (input, column, message) => {
    const error = errorOf(input);
    expect(error.column).toBe(column);
    expect(error.message).toContain(message);
  });

  it("rejects labels longer than 512 characters", () => {
    const label = "x".repeat(513);
    expect(errorOf(`${label} == "v"`)).toEqual({
      column: 1,
      message: "label at column 1 is 513 characters long; the limit is 512",
    });
    expect(errorOf(`has(${label})`).column).toBe(5);
    expect(errorOf(`a == "v" || ${"y".repeat(1_000_000)} == "v"`).column).toBe(13);
  });

  it("reports the leftmost problem first", () => {
    expect(errorOf(") %").column).toBe(1);
    expect(errorOf('a b "unterminated').column).toBe(3);
  });

  it("caps parenthesis nesting at 1000 levels instead of overflowing the stack", () => {
    expect(errorOf(`${"(".repeat(1001)}has(a)${")".repeat(1001)}`)).toEqual({
      column: 1001,
      message: "too many nested parentheses at column 1001 (the limit is 1000)",
    });
    expect(errorOf("(".repeat(100_000)).column).toBe(1001);
    expect(errorOf("!(".repeat(100_000)).column).toBe(2002);
  });

  it("caps && and || groups at 1000 levels, so that every accepted selector prints to an accepted one", () => {
    const nested = (levels: number): string =>
      `${"has(a) || has(b) && (".repeat(levels)}has(c)${")".repeat(levels)}`;
    const accepted = parseSelector(nested(500));
    assert(accepted.ok);
    expect(parseSelector(printSelector(accepted.selector))).toEqual(accepted);
    expect(errorOf(nested(501))).toEqual({
      column: 11,
      message: "too many nested && and || groups at column 11 (the limit is 1000)",
    });
  });
});
