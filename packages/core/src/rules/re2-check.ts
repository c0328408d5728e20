// Checks that a regular expression means the same to Prometheus (Go RE2) as here, before it goes into a rule.

/** Letters that escape to the same thing in JavaScript and RE2; any other `\letter` differs or fails in one. */
const portableEscapes = new Set("dDsSwWbBfnrtvx");

const lookarounds: readonly (readonly [string, string])[] = [
  ["(?=", "a lookahead"],
  ["(?!", "a negative lookahead"],
  ["(?<=", "a lookbehind"],
  ["(?<!", "a negative lookbehind"],
];

/** Why `pattern` cannot be a Prometheus label regex (RE2, anchored at both ends), or undefined when it can. */
export function re2Problem(pattern: string): string | undefined {
  if (pattern === "") return "is empty";
  if ([...pattern].some((c) => c < " " || c === "\x7f")) return "contains a control character";
  if (pattern.includes("{{")) return "contains {{, which Prometheus would read as a template";
  const flags = /^\(\?([ims]+)\)/.exec(pattern);
  try {
    new RegExp(flags ? pattern.slice(flags[0].length) : pattern, flags?.[1] ?? "");
  } catch (err) {
    return `does not compile: ${(err as Error).message}`;
  }
  return unsupportedConstruct(pattern);
}

/** The first construct JavaScript accepts but RE2 lacks or reads differently, described. */
function unsupportedConstruct(pattern: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const at = `at column ${i + 1}`;
    if (c === "\\") {
      const e = pattern[i + 1] ?? "";
      if (/[1-9]/.test(e))
        return `uses the backreference or octal escape \\${e} ${at}, which RE2 does not support`;
      if (/[A-Za-z]/.test(e) && !portableEscapes.has(e))
        return `uses the escape \\${e} ${at}, which RE2 reads differently or rejects`;
      if (e === "x" && pattern[i + 2] === "{")
        return `uses \\x{...} ${at}, which JavaScript reads differently`;
      i++;
    } else if (inClass) {
      inClass = c !== "]";
    } else if (c === "[") {
      const skip = pattern[i + 1] === "^" ? 2 : 1;
      if (pattern[i + skip] === "]")
        return `has ] first in a character class ${at}, which JavaScript and RE2 read differently; escape it as \\]`;
      inClass = true;
      i += skip - 1;
    } else if (c === "(") {
      const rest = pattern.slice(i);
      const look = lookarounds.find(([prefix]) => rest.startsWith(prefix));
      if (look) return `uses ${look[1]} ${at}, which RE2 does not support`;
      if (rest.startsWith("(?<"))
        return `uses a named group ${at}, which Prometheus's RE2 rejects; use (?:...)`;
    } else if (c === "{") {
      const count = /^\{(\d+)(?:,(\d*))?\}/.exec(pattern.slice(i));
      if (count && Math.max(Number(count[1]), Number(count[2] ?? 0)) > 1000)
        return `repeats more than 1000 times ${at}, the most RE2 allows`;
    }
  }
  return undefined;
}
