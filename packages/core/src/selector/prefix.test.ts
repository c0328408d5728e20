// Tests for prefixing selector label keys.
import { describe, expect, it } from "vitest";
import { parseSelector } from "./parser.js";
import { prefixSelectorLabels } from "./prefix.js";
import { printSelector } from "./print.js";

const prefixed = (text: string) => {
  const parsed = parseSelector(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return printSelector(prefixSelectorLabels(parsed.selector, "pcns."));
};

describe("prefixSelectorLabels", () => {
  it.each([
    ['team == "a"', 'pcns.team == "a"'],
    ["has(a) && !b in {'x'}", '(has(pcns.a) && !pcns.b in {"x"})'],
    ["all()", "all()"],
    ["global()", "global()"],
    ['a != "1" || c starts with "x"', '(pcns.a != "1" || pcns.c starts with "x")'],
  ])("%s -> %s", (input, output) => {
    expect(prefixed(input)).toBe(output);
  });
});
