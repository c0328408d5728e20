// Golden tests for printSelector: Calico's String() format, and printing trees no parser produces.
import { describe, expect, it } from "vitest";
import type { Selector } from "./ast.js";
import { parseSelector } from "./parser.js";
import { printSelector, quoteValue } from "./print.js";

describe("printSelector", () => {
  it.each([
    // Calico's canonicalisation table.
    ["", "all()"],
    [" all() ", "all()"],
    ["! (has( b)||! has(a ))", "!(has(b) || !has(a))"],
    ['! (a == "b"&&! c != "d")', '!(a == "b" && !c != "d")'],
    [`a == "'"`, `a == "'"`],
    [`a == '"'`, `a == '"'`],
    [`a contains '"'`, `a contains '"'`],
    [`a contains "'"`, `a contains "'"`],
    [`a startswith '"'`, `a starts with '"'`],
    [`a endswith "'"`, `a ends with "'"`],
    [`a!='"'`, `a != '"'`],
    ['a in {"d"}', 'a in {"d"}'],
    ['a in {"d", "a", "b"}', 'a in {"a", "b", "d"}'],
    ['a in {"z", "z", "x", "y", "x", "a"}', 'a in {"a", "x", "y", "z"}'],
    [`a in {"'", '"', "c"}`, `a in {'"', "'", "c"}`],
    // Calico's visitor table, without the prefix.
    ["!(k == 'v')", '!k == "v"'],
    ["k == 'v' || has(x)", '(k == "v" || has(x))'],
    [
      "!(!(k == 'v' && has(t) || all()) && (a in {'b', 'c'}))",
      '!(!((k == "v" && has(t)) || all()) && a in {"b", "c"})',
    ],
    // Precedence and grouping.
    ['a == "1" || b == "2" && c == "3"', '(a == "1" || (b == "2" && c == "3"))'],
    ['(a == "1" || b == "2") && c == "3"', '((a == "1" || b == "2") && c == "3")'],
    ["global() && all()", "(global() && all())"],
    ["a not in {}", "a not in {}"],
  ])("prints %j as %s", (input, expected) => {
    const result = parseSelector(input);
    expect(result.ok && printSelector(result.selector)).toBe(expected);
  });

  it("prints every node kind", () => {
    const sel: Selector = {
      kind: "or",
      operands: [
        { kind: "and", operands: [{ kind: "global" }, { kind: "has", label: "a" }] },
        { kind: "not", operand: { kind: "startsWith", label: "b", value: "x" } },
        { kind: "endsWith", label: "c", value: "y" },
        { kind: "notIn", label: "d", values: ["1", "2"] },
      ],
    };
    expect(printSelector(sel)).toBe(
      '((global() && has(a)) || !b starts with "x" || c ends with "y" || d not in {"1", "2"})',
    );
  });

  it('quotes with " unless the value contains "', () => {
    expect(quoteValue("plain")).toBe('"plain"');
    expect(quoteValue("it's")).toBe(`"it's"`);
    expect(quoteValue('say "hi"')).toBe(`'say "hi"'`);
    expect(quoteValue("")).toBe('""');
  });
});
