// Tests for parseSelector on valid input: Calico's accepted spellings, whitespace, word boundaries and tree shape.
import { assert, describe, expect, it } from "vitest";
import type { Selector } from "./ast.js";
import { MAX_LABEL_LENGTH } from "./lexer.js";
import { parseSelector } from "./parser.js";
import { printSelector } from "./print.js";

/** Parse input that must be valid and return its tree. */
function parsed(input: string): Selector {
  const result = parseSelector(input);
  assert(result.ok, `expected ${JSON.stringify(input)} to parse: ${result.ok ? "" : result.error.message}`);
  return result.selector;
}

/** Parse input that must be valid and return its canonical form. */
function canonical(input: string): string {
  return printSelector(parsed(input));
}

describe("parseSelector accepts what Calico accepts", () => {
  it.each([
    ["", "all()"],
    [" ", "all()"],
    ["\t \t", "all()"],
    ["all()", "all()"],
    [" all() ", "all()"],
    [" (all() )", "all()"],
    ["all( )", "all()"],
    ["global()", "global()"],
    ["global(\t)", "global()"],
    ['a=="b"', 'a == "b"'],
    ["label == 'value'", 'label == "value"'],
    ['a!="b"', 'a != "b"'],
    ["a!='\"'", "a != '\"'"],
    ['a contains "x"', 'a contains "x"'],
    ['label contains"value"', 'label contains "value"'],
    ['contains contains "contains"', 'contains contains "contains"'],
    ['a starts with "x"', 'a starts with "x"'],
    ['a startswith "x"', 'a starts with "x"'],
    ['a starts  with "x"', 'a starts with "x"'],
    ['a starts\twith "x"', 'a starts with "x"'],
    ['startswith starts with "value"', 'startswith starts with "value"'],
    ['a ends with "x"', 'a ends with "x"'],
    ['a endswith "x"', 'a ends with "x"'],
    ['endswith ends with "value"', 'endswith ends with "value"'],
    ['a in {"x"}', 'a in {"x"}'],
    ['a in{"x"}', 'a in {"x"}'],
    ['a not in {"x"}', 'a not in {"x"}'],
    ['a notin{"x"}', 'a not in {"x"}'],
    ['a not \t in {"x"}', 'a not in {"x"}'],
    ["a in {}", "a in {}"],
    ["a not in {}", "a not in {}"],
    ["a in { }", "a in {}"],
    ['a in {"a",}', 'a in {"a"}'],
    ['a in { "b" , "a" , }', 'a in {"a", "b"}'],
    ["has(a)", "has(a)"],
    ["has( key )", "has(key)"],
    ["has(\tkey\t)", "has(key)"],
    ["has(calico/k8s_NS-.1/role)", "has(calico/k8s_NS-.1/role)"],
    [
      'calico/k8s_ns == "kube-system" && k8s-app == "kube-dns"',
      '(calico/k8s_ns == "kube-system" && k8s-app == "kube-dns")',
    ],
    ['instance == "x"', 'instance == "x"'],
    ['in == "x"', 'in == "x"'],
    ['has == "x"', 'has == "x"'],
    ['all == "x"', 'all == "x"'],
    ['global == "x"', 'global == "x"'],
    ["not in {}", "not in {}"],
    ["not not in {}", "not not in {}"],
    ['- == "x"', '- == "x"'],
    ['a == ""', 'a == ""'],
    ["a == 'x\ny'", 'a == "x\ny"'],
    ["\ta\t==\t'b'\t&&\thas(c)\t", '(a == "b" && has(c))'],
    ["has(a)&&has(b)||!has(c)", "((has(a) && has(b)) || !has(c))"],
    ["! has(a)", "!has(a)"],
    ["!\thas(a)", "!has(a)"],
    ["! (has( b)||! has(a ))", "!(has(b) || !has(a))"],
    ['! (a == "b"&&! c != "d")', '!(a == "b" && !c != "d")'],
    ["!(k == 'v')", '!k == "v"'],
    ['((a == "b"))', 'a == "b"'],
  ])("parses %j as %s", (input, expected) => {
    expect(canonical(input)).toBe(expected);
  });

  it("accepts labels up to 512 characters", () => {
    const label = "x".repeat(MAX_LABEL_LENGTH);
    expect(parsed(`${label} == "v"`)).toEqual({ kind: "eq", label, value: "v" });
    expect(parsed(`has(${label})`)).toEqual({ kind: "has", label });
  });
});

describe("parseSelector builds canonical trees", () => {
  it("reads every operator", () => {
    expect(parsed('a == "1"')).toEqual({ kind: "eq", label: "a", value: "1" });
    expect(parsed('a != "1"')).toEqual({ kind: "ne", label: "a", value: "1" });
    expect(parsed('a contains "1"')).toEqual({ kind: "contains", label: "a", value: "1" });
    expect(parsed('a starts with "1"')).toEqual({ kind: "startsWith", label: "a", value: "1" });
    expect(parsed('a ends with "1"')).toEqual({ kind: "endsWith", label: "a", value: "1" });
    expect(parsed('a in {"2", "1", "2"}')).toEqual({ kind: "in", label: "a", values: ["1", "2"] });
    expect(parsed('a not in {"1"}')).toEqual({ kind: "notIn", label: "a", values: ["1"] });
    expect(parsed("has(a)")).toEqual({ kind: "has", label: "a" });
    expect(parsed("all()")).toEqual({ kind: "all" });
    expect(parsed("global()")).toEqual({ kind: "global" });
  });

  it("sorts set values by code point, as Go compares strings", () => {
    expect(parsed(`a in {"\u{1F600}", "\uFF21", "b", "B", ""}`)).toEqual({
      kind: "in",
      label: "a",
      values: ["", "B", "b", "\uFF21", "\u{1F600}"],
    });
  });

  it("applies a run of ! by parity to the single following term", () => {
    const has: Selector = { kind: "has", label: "a" };
    expect(parsed("!!has(a)")).toEqual(has);
    expect(parsed("!!!has(a)")).toEqual({ kind: "not", operand: has });
    expect(parsed("!! ! has(a)")).toEqual({ kind: "not", operand: has });
    expect(parsed("!(!has(a))")).toEqual(has);
    expect(parsed('!a == "1" && b == "2"')).toEqual({
      kind: "and",
      operands: [
        { kind: "not", operand: { kind: "eq", label: "a", value: "1" } },
        { kind: "eq", label: "b", value: "2" },
      ],
    });
  });

  it("binds && tighter than ||", () => {
    expect(parsed('a == "1" || b == "2" && c == "3"')).toEqual({
      kind: "or",
      operands: [
        { kind: "eq", label: "a", value: "1" },
        {
          kind: "and",
          operands: [
            { kind: "eq", label: "b", value: "2" },
            { kind: "eq", label: "c", value: "3" },
          ],
        },
      ],
    });
  });

  it("keeps explicit groups instead of flattening them, as Calico does", () => {
    expect(canonical('(a == "1" && b == "2") && c == "3"')).toBe('((a == "1" && b == "2") && c == "3")');
    expect(canonical('a == "1" && b == "2" && c == "3"')).toBe('(a == "1" && b == "2" && c == "3")');
    expect(canonical('(a == "1" || b == "2") && c == "3"')).toBe('((a == "1" || b == "2") && c == "3")');
  });

  it("parses deeply nested input within the limit and long ! runs", () => {
    expect(parsed(`${"(".repeat(1000)}has(a)${")".repeat(1000)}`)).toEqual({ kind: "has", label: "a" });
    expect(parsed(`${"!".repeat(100_001)}has(a)`)).toEqual({
      kind: "not",
      operand: { kind: "has", label: "a" },
    });
    expect(parsed(`${"!(".repeat(1000)}has(a)${")".repeat(1000)}`)).toEqual({ kind: "has", label: "a" });
  });
});
