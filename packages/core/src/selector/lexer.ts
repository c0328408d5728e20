// The selector tokenizer: Calico's tokenizer rules, producing one positioned token at a time.
import {
  at,
  charError,
  describeChar,
  excerpt,
  foundChar,
  hintFor,
  SelectorSyntaxError,
} from "./syntax-error.js";

/** The longest label Calico accepts (its tokenizer's MaxLabelLength). */
export const MAX_LABEL_LENGTH = 512;

/** The kinds of token Calico's tokenizer produces. */
export type TokenKind =
  | "label"
  | "string"
  | "lbrace"
  | "rbrace"
  | "comma"
  | "eq"
  | "ne"
  | "in"
  | "notIn"
  | "contains"
  | "startsWith"
  | "endsWith"
  | "not"
  | "all"
  | "global"
  | "has"
  | "lparen"
  | "rparen"
  | "and"
  | "or"
  | "eof";

/** One token: its kind, its text (label name, string contents or has() label) and 0-based start index. */
export interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  readonly start: number;
}

/** How each operator after a label is spelled, tried in Calico's order; words may be split by blanks. */
const LABEL_OPERATORS: readonly (readonly [TokenKind, readonly string[]])[] = [
  ["contains", ["contains"]],
  ["startsWith", ["starts", "with"]],
  ["endsWith", ["ends", "with"]],
  ["notIn", ["not", "in"]],
  ["in", ["in"]],
];

/** Operator words written in the wrong case, mapped to their correct spelling. */
const OPERATOR_WORDS: ReadonlyMap<string, string> = new Map([
  ["in", "in"],
  ["notin", "not in"],
  ["contains", "contains"],
  ["startswith", "starts with"],
  ["endswith", "ends with"],
]);

/** The operators a label may be followed by, listed in messages. */
const OPERATOR_LIST = "==, !=, in, not in, contains, starts with, ends with";

/** True for the characters Calico allows in a label: `[A-Za-z0-9_./-]`. */
function isLabelChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x5f ||
    code === 0x2e ||
    code === 0x2f ||
    code === 0x2d
  );
}

/** The index of the first character at or after `index` that is not a space or tab. */
function skipBlanks(input: string, index: number): number {
  let i = index;
  while (i < input.length && (input.charCodeAt(i) === 0x20 || input.charCodeAt(i) === 0x09)) i++;
  return i;
}

/** The index just past the run of label characters starting at `index`. */
function labelEnd(input: string, index: number): number {
  let i = index;
  while (i < input.length && isLabelChar(input.charCodeAt(i))) i++;
  return i;
}

/** The message that says which operators may follow a label. */
export function expectedOperator(label: string, index: number, found: string): string {
  return `expected an operator (${OPERATOR_LIST}) after label ${excerpt(label)} ${at(index)}${found}`;
}

/** Reads tokens from a selector on demand, following Calico's tokenizer exactly. */
export class Lexer {
  private readonly input: string;
  private pos = 0;
  private last: Token | undefined;

  constructor(input: string) {
    this.input = input;
  }

  /** Read the next token, or throw a SelectorSyntaxError. */
  next(): Token {
    this.last = this.scan();
    return this.last;
  }

  private emit(kind: TokenKind, value: string, start: number, end: number): Token {
    this.pos = end;
    return { kind, value, start };
  }

  private scan(): Token {
    const input = this.input;
    const pos = skipBlanks(input, this.pos);
    if (pos >= input.length) return this.emit("eof", "", pos, pos);
    const next = input[pos + 1];
    switch (input[pos]) {
      case "(":
        return this.emit("lparen", "", pos, pos + 1);
      case ")":
        return this.emit("rparen", "", pos, pos + 1);
      case "{":
        return this.emit("lbrace", "", pos, pos + 1);
      case "}":
        return this.emit("rbrace", "", pos, pos + 1);
      case ",":
        return this.emit("comma", "", pos, pos + 1);
      case '"':
      case "'":
        return this.scanString(pos);
      case "=":
        if (next === "=") return this.emit("eq", "", pos, pos + 2);
        throw new SelectorSyntaxError(`unknown operator "=" ${at(pos)} (did you mean "=="?)`, pos);
      case "!":
        return next === "=" ? this.emit("ne", "", pos, pos + 2) : this.emit("not", "", pos, pos + 1);
      case "&":
        if (next === "&") return this.emit("and", "", pos, pos + 2);
        throw new SelectorSyntaxError(`unknown operator "&" ${at(pos)} (did you mean "&&"?)`, pos);
      case "|":
        if (next === "|") return this.emit("or", "", pos, pos + 2);
        throw new SelectorSyntaxError(`unknown operator "|" ${at(pos)} (did you mean "||"?)`, pos);
    }
    if (this.last?.kind === "label") return this.scanOperator(pos, this.last.value);
    if (input.startsWith("has(", pos)) return this.scanHas(pos);
    if (input.startsWith("all(", pos)) return this.scanEmptyCall(pos, "all");
    if (input.startsWith("global(", pos)) return this.scanEmptyCall(pos, "global");
    const end = labelEnd(input, pos);
    if (end === pos) {
      const message = `unexpected character ${describeChar(input, pos)} ${at(pos)}${hintFor(input, pos)}`;
      throw charError(input, pos, message);
    }
    return this.emit("label", this.checkLength(pos, end), pos, end);
  }

  /** A quoted string runs to the next matching quote; there are no escapes. */
  private scanString(pos: number): Token {
    const quote = this.input.charAt(pos);
    const close = this.input.indexOf(quote, pos + 1);
    if (close < 0) {
      const message = `unterminated string starting ${at(pos)} (missing closing ${quote})`;
      throw new SelectorSyntaxError(message, pos);
    }
    return this.emit("string", this.input.slice(pos + 1, close), pos, close + 1);
  }

  /** The label between `start` and `end`, or an error when it is longer than Calico allows. */
  private checkLength(start: number, end: number): string {
    if (end - start > MAX_LABEL_LENGTH) {
      const message = `label ${at(start)} is ${end - start} characters long; the limit is ${MAX_LABEL_LENGTH}`;
      throw new SelectorSyntaxError(message, start);
    }
    return this.input.slice(start, end);
  }

  /** After a label only a word operator may follow; each needs a word boundary after its last word. */
  private scanOperator(pos: number, label: string): Token {
    const input = this.input;
    for (const [kind, words] of LABEL_OPERATORS) {
      let end = pos;
      for (const [i, word] of words.entries()) {
        if (i > 0) end = skipBlanks(input, end);
        end = input.startsWith(word, end) ? end + word.length : -1;
        if (end < 0) break;
      }
      if (end >= 0 && !isLabelChar(input.charCodeAt(end))) return this.emit(kind, "", pos, end);
    }
    const word = input.slice(pos, labelEnd(input, pos));
    const second = word === "not" ? "in" : word === "starts" || word === "ends" ? "with" : undefined;
    const after = skipBlanks(input, pos + word.length);
    if (second !== undefined && !input.startsWith(second, after)) {
      throw charError(
        input,
        after,
        `expected "${second}" after "${word}" ${at(after)}${foundChar(input, after)}`,
      );
    }
    const correct = OPERATOR_WORDS.get(word.toLowerCase());
    if (correct !== undefined && correct !== word) {
      const message = `unknown operator ${excerpt(word)} ${at(pos)} (operators are lower case: did you mean "${correct}"?)`;
      throw new SelectorSyntaxError(message, pos);
    }
    const found = word === "" ? foundChar(input, pos) : `, found ${excerpt(word)}`;
    throw charError(input, pos, expectedOperator(label, pos, found));
  }

  /** `has(` then optional blanks, a label, optional blanks and `)`. */
  private scanHas(pos: number): Token {
    const input = this.input;
    const start = skipBlanks(input, pos + "has(".length);
    const end = labelEnd(input, start);
    if (end === start) {
      throw charError(input, start, `expected a label after "has(" ${at(start)}${foundChar(input, start)}`);
    }
    const label = this.checkLength(start, end);
    const close = skipBlanks(input, end);
    if (input[close] !== ")") {
      throw charError(input, close, `expected ")" to close "has(" ${at(close)}${foundChar(input, close)}`);
    }
    return this.emit("has", label, pos, close + 1);
  }

  /** `all(` or `global(`, then optional blanks and `)`. */
  private scanEmptyCall(pos: number, kind: "all" | "global"): Token {
    const close = skipBlanks(this.input, pos + kind.length + 1);
    if (this.input[close] !== ")") {
      const message = `expected ")" after "${kind}(" ${at(close)}${foundChar(this.input, close)} (${kind}() takes no arguments)`;
      throw charError(this.input, close, message);
    }
    return this.emit(kind, "", pos, close + 1);
  }
}
