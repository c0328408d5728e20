// Tests for andSelectors, negateSelector and selectorLabelKeys.
import { describe, expect, it } from "vitest";
import type { Selector } from "./ast.js";
import { andSelectors, negateSelector } from "./combine.js";
import { selectorLabelKeys } from "./label-keys.js";
import { parseSelector } from "./parser.js";
import { printSelector } from "./print.js";

const a: Selector = { kind: "has", label: "a" };
const b: Selector = { kind: "eq", label: "b", value: "1" };
const c: Selector = { kind: "in", label: "c", values: ["x"] };

describe("andSelectors", () => {
  it("gives all() for no operands or only all()", () => {
    expect(andSelectors()).toEqual({ kind: "all" });
    expect(andSelectors({ kind: "all" }, { kind: "all" })).toEqual({ kind: "all" });
  });

  it("returns a single remaining operand unchanged", () => {
    expect(andSelectors(a)).toBe(a);
    expect(andSelectors({ kind: "all" }, a)).toBe(a);
  });

  it("flattens and operands and drops all()", () => {
    const ab: Selector = { kind: "and", operands: [a, b] };
    expect(andSelectors(ab, { kind: "all" }, c)).toEqual({ kind: "and", operands: [a, b, c] });
    expect(printSelector(andSelectors(ab, c))).toBe('(has(a) && b == "1" && c in {"x"})');
  });

  it("keeps or and global() operands", () => {
    const or: Selector = { kind: "or", operands: [a, b] };
    expect(andSelectors(or, { kind: "global" })).toEqual({ kind: "and", operands: [or, { kind: "global" }] });
  });
});

describe("negateSelector", () => {
  it("adds one negation and removes an existing one", () => {
    expect(negateSelector(a)).toEqual({ kind: "not", operand: a });
    expect(negateSelector(negateSelector(a))).toEqual(a);
  });
});

describe("selectorLabelKeys", () => {
  it.each([
    ["", []],
    ["all() || global()", []],
    ['a == "1" && !has(b) || c in {} && d not in {"x"} && a != "2"', ["a", "b", "c", "d"]],
    ['z contains "" && y starts with "" && x ends with ""', ["z", "y", "x"]],
  ])("lists the keys of %j", (input, keys) => {
    const result = parseSelector(input);
    expect(result.ok && selectorLabelKeys(result.selector)).toEqual(keys);
  });
});
