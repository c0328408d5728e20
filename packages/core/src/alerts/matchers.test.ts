// Table tests for Alertmanager matcher parsing, matching, printing and the RE2 translation.
import { compileRe2 } from "./re2.js";
import { describe, expect, it } from "vitest";
import {
  compareMatchers,
  matchersMatch,
  matchersString,
  parseMatcher,
  parseMatchers,
  type Matcher,
} from "./matchers.js";

const plain = (m: Matcher): [string, string, string] => [m.name, m.type, m.value];

describe("parseMatcher", () => {
  it.each([
    ['a="b"', ["a", "=", "b"]],
    ['a=~"b.*"', ["a", "=~", "b.*"]],
    ["a!=b", ["a", "!=", "b"]],
    ["a!~b c", ["a", "!~", "b c"]],
    ["  a  =  b  ", ["a", "=", "b"]],
    ['a=" b "', ["a", "=", " b "]],
    ['a="b\\"c"', ["a", "=", 'b"c']],
    ['a="b\\\\c"', ["a", "=", "b\\c"]],
    ['a="b\\nc"', ["a", "=", "b\nc"]],
    ['a="b\\qc"', ["a", "=", "b\\qc"]],
    ["a=b\\", ["a", "=", "b\\"]],
    ["a=", ["a", "=", ""]],
    ['a=""', ["a", "=", ""]],
    ["a==b", ["a", "=", "=b"]],
    ["a:b_1=c", ["a:b_1", "=", "c"]],
    ["a=\u00e9t\u00e9", ["a", "=", "\u00e9t\u00e9"]],
  ] as const)("parses %j", (text, want) => {
    const m = parseMatcher(text);
    expect(m.ok && plain(m.value)).toEqual(want);
  });

  it.each([
    ["1a=b", "bad matcher format"],
    ["a b", "bad matcher format"],
    ['a=b"', "unescaped double quote"],
    ['a="b', "unescaped double quote"],
    ['a="b"c"', "unescaped double quote"],
    ['a=~"(?=x)"', "error parsing regexp"],
  ])("rejects %j", (text, error) => {
    const m = parseMatcher(text);
    expect(m.ok ? "" : m.error).toContain(error);
  });
});

describe("parseMatchers", () => {
  it.each([
    [
      '{a="b", c!~"d"}',
      [
        ["a", "=", "b"],
        ["c", "!~", "d"],
      ],
    ],
    [
      "a=b,c=d",
      [
        ["a", "=", "b"],
        ["c", "=", "d"],
      ],
    ],
    ['a="x,y"', [["a", "=", "x,y"]]],
    ['a="q\\",r"', [["a", "=", 'q",r']]],
    ["a=b, ", [["a", "=", "b"]]],
    ["{}", []],
    ["", []],
  ] as const)("parses %j", (text, want) => {
    const m = parseMatchers(text);
    expect(m.ok && m.value.map(plain)).toEqual(want);
  });

  it("rejects an empty matcher between commas", () => {
    expect(parseMatchers("{a=b,,c=d}").ok).toBe(false);
  });
});

describe("matching", () => {
  const one = (text: string): Matcher[] => {
    const m = parseMatchers(text);
    if (!m.ok) throw new Error(m.error);
    return m.value;
  };
  it.each([
    ['a=""', {}, true],
    ['a!=""', {}, false],
    ['a!=""', { a: "x" }, true],
    ['a=~".*"', {}, true],
    ['a=~".+"', {}, false],
    ['a!~".+"', {}, true],
    ['a=~"b"', { a: "abc" }, false],
    ['a=~"b|c"', { a: "bc" }, false],
    ['a=~"b|c"', { a: "c" }, true],
    ['a!~"b|c"', { a: "c" }, false],
    ['a="x", b="y"', { a: "x", b: "y" }, true],
    ['a="x", b="y"', { a: "x" }, false],
  ] as const)("%s against %j is %s", (text, labels, want) => {
    expect(matchersMatch(one(text), labels)).toBe(want);
  });
});

describe("compileRe2", () => {
  it.each([
    ["(?i)k", ["k", "K", "\u212a"], ["x"]],
    ["(?i)s", ["s", "S", "\u017f"], ["t"]],
    ["(?i:a)b", ["Ab", "ab"], ["AB"]],
    ["a.c", ["abc", "a\u00e9c"], ["a\nc"]],
    ["(?s)a.c", ["a\nc"], []],
    ["\\d+", ["0123"], ["\u0663"]],
    ["\\s", [" ", "\t", "\n", "\f", "\r"], ["\v", "\u00a0"]],
    ["\\w+", ["aZ_9"], ["\u00e9"]],
    ["[[:alpha:]]+", ["abC"], ["a1"]],
    ["[[:^digit:]]", ["a"], ["1"]],
    ["\\pL+", ["\u00e9t\u00e9"], ["1"]],
    ["\\p{Greek}+", ["\u0391\u03b2"], ["a"]],
    ["\\PL", ["1"], ["a"]],
    ["\\Qa.b\\E", ["a.b"], ["axb"]],
    ["x{2,3}", ["xx", "xxx"], ["x", "xxxx"]],
    ["[^a]", ["\n", "b"], ["a"]],
    ["(?m)a$\\nb", ["a\nb"], []],
    ["\\x41\\x{263a}\\101", ["A\u263aA"], []],
    ["[]a]+", ["]a"], ["b"]],
    ["[a-]+", ["-a"], ["b"]],
    ["(?P<name>x)(?P<name>y)", ["xy"], []],
    ["a{,2}", ["a{,2}"], ["a"]],
    ["\\.", ["."], ["a"]],
    ["(?m)^*a", ["a"], []],
  ] as const)("%s", (pattern, yes, no) => {
    const re = compileRe2(`^(?:${pattern})$`);
    expect(re).toBeInstanceOf(RegExp);
    const r = re as RegExp;
    for (const s of yes) expect(r.test(s), JSON.stringify(s)).toBe(true);
    for (const s of no) expect(r.test(s), JSON.stringify(s)).toBe(false);
  });

  it.each([
    ["(?=x)", "lookaround"],
    ["(?<!x)", "lookaround"],
    ["(?<n>x)", "(?P<name>"],
    ["\\1", "invalid escape sequence"],
    ["\\Z", "invalid escape sequence"],
    ["a**", "invalid nested repetition operator"],
    ["*a", "missing argument to repetition operator"],
    ["x{1001}", "invalid repeat count"],
    ["x{3,2}", "invalid repeat count"],
    ["[z-a]", "invalid character class range"],
    ["[[:foo:]]", "invalid character class range"],
    ["\\p{Klingon}", "invalid character class range"],
    ["(a", "missing closing )"],
    ["a)", "unexpected )"],
    ["[a", "missing closing ]"],
  ])("rejects %s (%s)", (pattern, error) => {
    expect(compileRe2(pattern)).toContain(error);
  });
});

describe("printing and order", () => {
  it("sorts by name, value, then operator and prints with OpenMetrics escapes", () => {
    const m = parseMatchers('b="2", a!="x\\"\\n\\\\", a="x\\"\\n\\\\", a=~"1"');
    expect(m.ok).toBe(true);
    const sorted = m.ok ? [...m.value].sort(compareMatchers) : [];
    expect(matchersString(sorted)).toBe('{a=~"1",a="x\\"\\n\\\\",a!="x\\"\\n\\\\",b="2"}');
  });
});
