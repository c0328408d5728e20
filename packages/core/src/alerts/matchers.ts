// Alertmanager 0.25 label matchers: the `matchers:` string syntax, matching, ordering and printing.

import type { Labels } from "./fingerprint.js";
import { compileRe2 } from "./re2.js";

/** The four matcher operators, in Alertmanager's order (equal, not equal, regex, not regex). */
export type MatchType = "=" | "!=" | "=~" | "!~";

/** One label matcher; `regex` (anchored RE2, translated to JavaScript) is set for `=~` and `!~`. */
export interface Matcher {
  readonly name: string;
  readonly type: MatchType;
  readonly value: string;
  readonly regex?: RegExp;
}

/** A parse outcome: the value, or the error message Alertmanager would give. */
export type MatcherResult<T> = { ok: true; value: T } | { ok: false; error: string };

const matchTypeOrder: readonly MatchType[] = ["=", "!=", "=~", "!~"];

const goSpace = "[\\t\\n\\f\\r ]";
const matcherSyntax = new RegExp(
  `^${goSpace}*([a-zA-Z_:][a-zA-Z0-9_:]*)${goSpace}*(=~|=|!=|!~)${goSpace}*([\\s\\S]*?)${goSpace}*$`,
);
const goTrimSpace = /^[\t\n\v\f\r \u0085\u00a0\p{Z}]+|[\t\n\v\f\r \u0085\u00a0\p{Z}]+$/gu;

/** Builds a matcher as Alertmanager's `labels.NewMatcher` does, compiling `^(?:value)$` for regex types. */
export function newMatcher(type: MatchType, name: string, value: string): MatcherResult<Matcher> {
  if (type === "=" || type === "!=") return { ok: true, value: { name, type, value } };
  const regex = compileRe2(`^(?:${value})$`);
  if (typeof regex === "string") return { ok: false, error: regex };
  return { ok: true, value: { name, type, value, regex } };
}

/** Parses one matcher such as `a="b"`, `a=~b.*` or `a!="x\"y"`, exactly as `labels.ParseMatcher` in 0.25. */
export function parseMatcher(text: string): MatcherResult<Matcher> {
  const m = matcherSyntax.exec(text);
  if (m === null) return { ok: false, error: `bad matcher format: ${text}` };
  const [, name = "", op = "=", raw = ""] = m;
  const quoted = raw.startsWith('"');
  const chars = [...(quoted ? raw.slice(1) : raw)];
  let expectQuote = quoted;
  let value = "";
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const last = i === chars.length - 1;
    if (c === "\\" && !last) {
      const e = chars[++i]!;
      value += e === "n" ? "\n" : e === '"' || e === "\\" ? e : `\\${e}`;
    } else if (c === '"') {
      if (!expectQuote || !last)
        return { ok: false, error: `matcher value contains unescaped double quote: ${raw}` };
      expectQuote = false;
    } else value += c;
  }
  if (expectQuote) return { ok: false, error: `matcher value contains unescaped double quote: ${raw}` };
  return newMatcher(op as MatchType, name, value);
}

/** Parses a comma-separated matcher list, optionally in braces (`{a="b", c!~"d"}`), as `labels.ParseMatchers`. */
export function parseMatchers(text: string): MatcherResult<Matcher[]> {
  const body = text.replace(/^\{/, "").replace(/\}$/, "");
  const tokens: string[] = [];
  let token = "";
  let inQuotes = false;
  let escaped = false;
  for (const c of body) {
    if (c === "," && !inQuotes) {
      tokens.push(token);
      token = "";
      continue;
    }
    if (c === '"') {
      if (escaped) escaped = false;
      else inQuotes = !inQuotes;
    } else if (c === "\\") escaped = !escaped;
    else escaped = false;
    token += c;
  }
  const rest = token.replace(goTrimSpace, "");
  if (rest !== "") tokens.push(rest);
  const out: Matcher[] = [];
  for (const t of tokens) {
    const parsed = parseMatcher(t);
    if (!parsed.ok) return parsed;
    out.push(parsed.value);
  }
  return { ok: true, value: out };
}

/** True when the label value `value` (empty when the label is missing) satisfies the matcher. */
export function matcherMatches(m: Matcher, value: string): boolean {
  switch (m.type) {
    case "=":
      return value === m.value;
    case "!=":
      return value !== m.value;
    case "=~":
      return m.regex?.test(value) ?? false;
    case "!~":
      return !(m.regex?.test(value) ?? false);
  }
}

/** True when every matcher matches `labels`, a missing label counting as the empty string. */
export function matchersMatch(matchers: readonly Matcher[], labels: Labels): boolean {
  return matchers.every((m) => matcherMatches(m, Object.hasOwn(labels, m.name) ? labels[m.name]! : ""));
}

/** Compares two strings by code point, which is Go's (UTF-8 byte) string order. */
export function compareGoStrings(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Alertmanager's matcher order: by name, then value, then operator. */
export function compareMatchers(a: Matcher, b: Matcher): number {
  return (
    compareGoStrings(a.name, b.name) ||
    compareGoStrings(a.value, b.value) ||
    matchTypeOrder.indexOf(a.type) - matchTypeOrder.indexOf(b.type)
  );
}

/** A matcher printed as Alertmanager prints it: `name op "value"` with OpenMetrics escaping. */
export function matcherString(m: Matcher): string {
  const escaped = m.value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
  return `${m.name}${m.type}"${escaped}"`;
}

/** A matcher list printed as Alertmanager prints it: `{a="b",c=~"d"}` in the given order. */
export function matchersString(matchers: readonly Matcher[]): string {
  return `{${matchers.map(matcherString).join(",")}}`;
}
