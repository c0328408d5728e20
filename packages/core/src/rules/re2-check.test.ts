// Table tests of the RE2 check for policy patterns: what passes, and why the rest is refused.
import { describe, expect, it } from "vitest";
import { re2Problem } from "./re2-check.js";

describe("re2Problem", () => {
  it.each([
    "shop/db-.*",
    "(?i)Shop/.*",
    "a|b(c)?",
    "[^a-z\\]]+\\.x",
    "x{2,1000}",
    "\\d+\\s\\w\\x41",
    "a\\(b\\)",
    "[(?=]",
  ])("accepts %j", (pattern) => {
    expect(re2Problem(pattern)).toBeUndefined();
  });

  it.each([
    ["", "is empty"],
    ["a\nb", "contains a control character"],
    ["a{{b", "contains {{"],
    ["shop/(", "does not compile: "],
    ["(?P<n>a)", "does not compile: "],
    ["a(?=b)", "uses a lookahead at column 2, which RE2 does not support"],
    ["a(?!b)", "uses a negative lookahead at column 2"],
    ["(?<=a)b", "uses a lookbehind at column 1"],
    ["(?<!a)b", "uses a negative lookbehind at column 1"],
    ["(?<n>a)", "uses a named group at column 1, which Prometheus's RE2 rejects; use (?:...)"],
    ["(a)\\1", "uses the backreference or octal escape \\1 at column 4"],
    ["[\\1]", "backreference or octal escape"],
    ["\\u0041", "uses the escape \\u at column 1, which RE2 reads differently or rejects"],
    ["\\cJ", "uses the escape \\c"],
    ["(?<n>a)\\k<n>", "named group"],
    ["\\Aabc", "uses the escape \\A"],
    ["\\x{41}", "uses \\x{...} at column 1"],
    ["[]a]", "has ] first in a character class at column 1"],
    ["[^]a]", "has ] first in a character class"],
    ["a{1001}", "repeats more than 1000 times at column 2"],
    ["a{2,5000}", "repeats more than 1000 times"],
  ])("refuses %j", (pattern, problem) => {
    expect(re2Problem(pattern)).toContain(problem);
  });
});
