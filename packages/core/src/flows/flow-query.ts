// The flow query language: Calico GlobalAlert's `key op value` syntax with AND, OR, NOT, IN and NOTIN, parsed and evaluated.
import { suggest } from "../schema/suggest.js";

/** A comparison operator. */
export type QueryOperator = "=" | "!=" | "<" | "<=" | ">" | ">=";

/** A parsed query. */
export type Query =
  | { kind: "compare"; key: string; op: QueryOperator; value: string }
  | { kind: "in"; key: string; values: string[]; negated: boolean }
  | { kind: "and" | "or"; operands: [Query, Query] }
  | { kind: "not"; operand: Query }
  | { kind: "all" };

/** A query that did not parse: the message and the 1-based column. */
export interface QueryError {
  message: string;
  column: number;
}

type Token =
  | { t: "word" | "string"; v: string; at: number }
  | { t: "op"; v: QueryOperator; at: number }
  | { t: "(" | ")" | "{" | "}" | "," | "end"; at: number };

class Fail extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

const wordChar = /[A-Za-z0-9_.\-/:*?@]/;

/** Replaces `${name}` in a piece of the query that starts at column index `base`. */
function substitute(text: string, values: Readonly<Record<string, string>>, base: number): string {
  return text.replace(/\$\{([^}]*)\}/g, (whole: string, name: string, at: number) => {
    const v = values[name];
    if (v === undefined) throw new Fail(`unknown substitution ${whole}`, base + at);
    return v;
  });
}

function lex(text: string, values: Readonly<Record<string, string>>): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) i++;
    else if ("(){},".includes(c)) out.push({ t: c as "(" | ")" | "{" | "}" | ",", at: i++ });
    else if (c === '"' || c === "'") {
      const start = i++;
      let v = "";
      while (i < text.length && text[i] !== c) {
        if (text[i] === "\\" && i + 1 < text.length) i++;
        v += text[i++];
      }
      if (i >= text.length) throw new Fail("unterminated string", start);
      i++;
      out.push({ t: "string", v: substitute(v, values, start + 1), at: start });
    } else if (c === "$" && text[i + 1] === "{") {
      const end = text.indexOf("}", i);
      if (end < 0) throw new Fail("unterminated ${...}", i);
      out.push({ t: "string", v: substitute(text.slice(i, end + 1), values, i), at: i });
      i = end + 1;
    } else if ("=!<>".includes(c)) {
      const two = text.slice(i, i + 2);
      const op =
        (["!=", "<=", ">="] as const).find((o) => o === two) ??
        (c === "!" ? undefined : (c as "=" | "<" | ">"));
      if (op === undefined) throw new Fail("expected != after !", i);
      out.push({ t: "op", v: op, at: i });
      i += op.length;
    } else if (wordChar.test(c)) {
      const start = i;
      while (i < text.length && wordChar.test(text[i]!)) i++;
      out.push({ t: "word", v: text.slice(start, i), at: start });
    } else throw new Fail(`unexpected character ${JSON.stringify(c)}`, i);
  }
  out.push({ t: "end", at: text.length });
  return out;
}

/** The shortest field a word abbreviates (its letters in order, same first letter), e.g. dest_ns for dest_namespace. */
function abbreviated(word: string, fields: readonly string[]): string | undefined {
  const fits = (f: string) => {
    let i = 0;
    for (const c of f) if (c === word[i]) i++;
    return i === word.length && f[0] === word[0];
  };
  return fields.filter(fits).sort((a, b) => a.length - b.length)[0];
}

const keyword = (tok: Token, word: string) => tok.t === "word" && tok.v.toUpperCase() === word;

/** Parses a query; `substitutions` fill `${name}` (an empty query matches everything). */
export function parseFlowQuery(
  text: string,
  options: { substitutions?: Readonly<Record<string, string>>; fields?: readonly string[] } = {},
): { ok: true; query: Query } | { ok: false; error: QueryError } {
  try {
    const tokens = lex(text, options.substitutions ?? {});
    let pos = 0;
    const peek = () => tokens[pos]!;
    const next = () => tokens[pos++]!;
    const value = (): string => {
      const tok = next();
      if (tok.t !== "word" && tok.t !== "string") throw new Fail("expected a value", tok.at);
      return tok.v;
    };
    const key = (): string => {
      const tok = next();
      if (tok.t !== "word" && tok.t !== "string") throw new Fail("expected a field name", tok.at);
      const fields = options.fields;
      if (fields !== undefined && !fields.includes(tok.v)) {
        const close = suggest(tok.v, fields) ?? abbreviated(tok.v, fields);
        throw new Fail(`unknown field ${tok.v}${close ? `, did you mean ${close}?` : ""}`, tok.at);
      }
      return tok.v;
    };
    const term = (): Query => {
      if (peek().t === "(") {
        next();
        const inner = or();
        const close = next();
        if (close.t !== ")") throw new Fail("expected )", close.at);
        return inner;
      }
      if (keyword(peek(), "NOT")) {
        next();
        return { kind: "not", operand: term() };
      }
      const k = key();
      const op = next();
      if (op.t === "op") return { kind: "compare", key: k, op: op.v, value: value() };
      if (keyword(op, "IN") || keyword(op, "NOTIN")) {
        const open = next();
        if (open.t !== "{") throw new Fail("expected { after IN", open.at);
        const values = [value()];
        while (peek().t === ",") {
          next();
          values.push(value());
        }
        const close = next();
        if (close.t !== "}") throw new Fail("expected , or }", close.at);
        return { kind: "in", key: k, values, negated: keyword(op, "NOTIN") };
      }
      throw new Fail(`expected an operator after ${k} (=, !=, <, <=, >, >=, IN or NOTIN)`, op.at);
    };
    const and = (): Query => {
      let left = term();
      while (keyword(peek(), "AND")) {
        next();
        left = { kind: "and", operands: [left, term()] };
      }
      return left;
    };
    const or = (): Query => {
      let left = and();
      while (keyword(peek(), "OR")) {
        next();
        left = { kind: "or", operands: [left, and()] };
      }
      return left;
    };
    if (peek().t === "end") return { ok: true, query: { kind: "all" } };
    const query = or();
    if (peek().t !== "end") throw new Fail("expected AND, OR or the end of the query", peek().at);
    return { ok: true, query };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, error: { message: e.message, column: e.at + 1 } };
    throw e;
  }
}

const wildcard = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );

function compare(actual: string | number, op: QueryOperator, expected: string): boolean {
  const n = Number(expected);
  const numeric = typeof actual === "number" && expected.trim() !== "" && Number.isFinite(n);
  const [a, b] = numeric ? [actual, n] : [String(actual), expected];
  switch (op) {
    case "=":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
  }
}

/** True when a record matches; `get` gives a field's value (absent fields match only `!=` and NOTIN). */
export function matchFlowQuery(query: Query, get: (key: string) => string | number | undefined): boolean {
  switch (query.kind) {
    case "all":
      return true;
    case "not":
      return !matchFlowQuery(query.operand, get);
    case "and":
      return matchFlowQuery(query.operands[0], get) && matchFlowQuery(query.operands[1], get);
    case "or":
      return matchFlowQuery(query.operands[0], get) || matchFlowQuery(query.operands[1], get);
    case "compare": {
      const v = get(query.key);
      if (v === undefined) return query.op === "!=";
      return compare(v, query.op, query.value);
    }
    case "in": {
      const v = get(query.key);
      const found = v !== undefined && query.values.some((p) => wildcard(p).test(String(v)));
      return found !== query.negated;
    }
  }
}
