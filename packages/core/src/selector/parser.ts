// Calico's selector grammar: a recursive-descent parser over the lexer that reports errors as data.
import type { Selector } from "./ast.js";
import { negateSelector } from "./combine.js";
import { expectedOperator, Lexer, type Token, type TokenKind } from "./lexer.js";
import { sortedUnique } from "./string-order.js";
import { at, excerpt, SelectorSyntaxError } from "./syntax-error.js";

/**
 * How deeply parentheses, and the `&&`/`||` groups that printing parenthesizes, may nest; Calico has no
 * limit, but netward must not overflow its stack, and every selector it accepts must print to one it accepts.
 */
export const MAX_SELECTOR_NESTING = 1000;

/** Why a selector did not parse: a message for people and the 1-based column it points at. */
export interface SelectorError {
  readonly message: string;
  readonly column: number;
}

/** The outcome of parseSelector: the selector, or the first syntax error. */
export type ParseSelectorResult =
  { readonly ok: true; readonly selector: Selector } | { readonly ok: false; readonly error: SelectorError };

/** How each token is written, for messages. */
const SPELLING: Readonly<Record<TokenKind, string>> = {
  label: "label",
  string: "string",
  lbrace: "{",
  rbrace: "}",
  comma: ",",
  eq: "==",
  ne: "!=",
  in: "in",
  notIn: "not in",
  contains: "contains",
  startsWith: "starts with",
  endsWith: "ends with",
  not: "!",
  all: "all()",
  global: "global()",
  has: "has()",
  lparen: "(",
  rparen: ")",
  and: "&&",
  or: "||",
  eof: "end",
};

/** How a message ends when a token was found instead of what was expected. */
function found(token: Token): string {
  switch (token.kind) {
    case "eof":
      return ", but the selector ended";
    case "label":
      return `, found label ${excerpt(token.value)}`;
    case "string":
      return `, found string ${excerpt(token.value)}`;
    case "has":
      return `, found ${excerpt(`has(${token.value})`)}`;
    default:
      return `, found "${SPELLING[token.kind]}"`;
  }
}

/** A hint for a label written where a quoted value belongs, or "" otherwise. */
function quoteHint(token: Token): string {
  return token.kind === "label" ? ` (values must be quoted: "${token.value}")` : "";
}

/** A parsed piece and how many `&&`/`||` groups nest inside it (the parentheses printing will add). */
interface Parsed {
  readonly sel: Selector;
  readonly groups: number;
}

/** Parses one selector; every method leaves `token` at the first token it did not consume. */
class Parser {
  private readonly lexer: Lexer;
  private token: Token;
  private depth = 0;

  constructor(input: string) {
    this.lexer = new Lexer(input);
    this.token = this.lexer.next();
  }

  parseRoot(): Selector {
    if (this.token.kind === "eof") return { kind: "all" };
    const { sel } = this.parseOr();
    const token = this.token;
    if (token.kind === "rparen") throw this.error(token, `unmatched ")" ${at(token.start)}`);
    if (token.kind !== "eof") {
      throw this.error(
        token,
        `expected "&&", "||" or the end of the selector ${at(token.start)}${found(token)}`,
      );
    }
    return sel;
  }

  private error(token: Token, message: string): SelectorSyntaxError {
    return new SelectorSyntaxError(message, token.start);
  }

  private advance(): void {
    this.token = this.lexer.next();
  }

  private accept(kind: TokenKind): boolean {
    if (this.token.kind !== kind) return false;
    this.advance();
    return true;
  }

  /** Build an `&&` or `||` group, refusing one that would print nested deeper than the limit. */
  private group(kind: "and" | "or", start: number, first: Parsed, parseNext: () => Parsed): Parsed {
    if (!this.accept(kind)) return first;
    const second = parseNext();
    const operands: [Selector, Selector, ...Selector[]] = [first.sel, second.sel];
    let inner = Math.max(first.groups, second.groups);
    while (this.accept(kind)) {
      const next = parseNext();
      operands.push(next.sel);
      inner = Math.max(inner, next.groups);
    }
    if (inner >= MAX_SELECTOR_NESTING) {
      const message = `too many nested && and || groups ${at(start)} (the limit is ${MAX_SELECTOR_NESTING})`;
      throw new SelectorSyntaxError(message, start);
    }
    return { sel: { kind, operands }, groups: inner + 1 };
  }

  private parseOr(): Parsed {
    const start = this.token.start;
    return this.group("or", start, this.parseAnd(), () => this.parseAnd());
  }

  private parseAnd(): Parsed {
    const start = this.token.start;
    return this.group("and", start, this.parseOperation(), () => this.parseOperation());
  }

  /** A run of `!` flips the parity of the single term after it. */
  private parseOperation(): Parsed {
    let negated = false;
    while (this.accept("not")) negated = !negated;
    const term = this.parseTerm();
    return negated ? { sel: negateSelector(term.sel), groups: term.groups } : term;
  }

  private parseTerm(): Parsed {
    const token = this.token;
    switch (token.kind) {
      case "has":
        this.advance();
        return { sel: { kind: "has", label: token.value }, groups: 0 };
      case "all":
      case "global":
        this.advance();
        return { sel: { kind: token.kind }, groups: 0 };
      case "label":
        this.advance();
        return { sel: this.parseComparison(token.value), groups: 0 };
      case "lparen":
        return this.parseParenthesized(token);
      default: {
        const expected = `expected a label, has(), all(), global(), "!" or "("`;
        throw this.error(token, `${expected} ${at(token.start)}${found(token)}`);
      }
    }
  }

  private parseComparison(label: string): Selector {
    const op = this.token;
    switch (op.kind) {
      case "eq":
      case "ne":
      case "contains":
      case "startsWith":
      case "endsWith": {
        this.advance();
        const value = this.token;
        if (value.kind !== "string") {
          const message = `expected a quoted string after "${SPELLING[op.kind]}" ${at(value.start)}${found(value)}${quoteHint(value)}`;
          throw this.error(value, message);
        }
        this.advance();
        return { kind: op.kind, label, value: value.value };
      }
      case "in":
      case "notIn":
        this.advance();
        return { kind: op.kind, label, values: this.parseSet(op.kind) };
      default:
        throw this.error(op, expectedOperator(label, op.start, found(op)));
    }
  }

  /** `{`, then quoted strings each followed by an optional comma (so a trailing comma is fine), then `}`. */
  private parseSet(kind: "in" | "notIn"): string[] {
    const open = this.token;
    if (open.kind !== "lbrace") {
      const message = `expected "{" after "${SPELLING[kind]}" ${at(open.start)}${found(open)}`;
      throw this.error(open, `${message} (sets are written {"a", "b"})`);
    }
    this.advance();
    const values: string[] = [];
    let afterValue = false;
    while (this.token.kind === "string") {
      values.push(this.token.value);
      this.advance();
      afterValue = !this.accept("comma");
      if (afterValue) break;
    }
    const close = this.token;
    if (close.kind === "eof") {
      const where = `${at(close.start)} to close the set opened ${at(open.start)}`;
      throw this.error(close, `expected "}" ${where}, but the selector ended`);
    }
    if (close.kind !== "rbrace") {
      const expected = afterValue ? `expected "," or "}"` : `expected a quoted string or "}"`;
      throw this.error(close, `${expected} in the set ${at(close.start)}${found(close)}${quoteHint(close)}`);
    }
    this.advance();
    return sortedUnique(values);
  }

  private parseParenthesized(open: Token): Parsed {
    if (this.depth >= MAX_SELECTOR_NESTING) {
      const message = `too many nested parentheses ${at(open.start)} (the limit is ${MAX_SELECTOR_NESTING})`;
      throw this.error(open, message);
    }
    this.depth++;
    this.advance();
    const inner = this.parseOr();
    const close = this.token;
    if (close.kind === "eof") {
      const where = `${at(close.start)} to close the "(" ${at(open.start)}`;
      throw this.error(close, `expected ")" ${where}, but the selector ended`);
    }
    if (close.kind !== "rparen") {
      throw this.error(close, `expected "&&", "||" or ")" ${at(close.start)}${found(close)}`);
    }
    this.depth--;
    this.advance();
    return inner;
  }
}

/** Parse a Calico selector; an empty or blank selector means `all()`. Never throws. */
export function parseSelector(input: string): ParseSelectorResult {
  try {
    return { ok: true, selector: new Parser(input).parseRoot() };
  } catch (error) {
    if (!(error instanceof SelectorSyntaxError)) throw error;
    return { ok: false, error: { message: error.message, column: error.index + 1 } };
  }
}
