// Syntax errors raised while reading a selector, and the wording that points people at the problem.

/** A selector syntax error at a 0-based index into the input; parseSelector turns it into a result. */
export class SelectorSyntaxError extends Error {
  /** 0-based index of the offending character (the input length when the selector ended too early). */
  readonly index: number;

  constructor(message: string, index: number) {
    super(message);
    this.name = "SelectorSyntaxError";
    this.index = index;
  }
}

/** The longest excerpt of user text quoted back in a message. */
const MAX_EXCERPT = 40;

/** Say where an index is, as `at column N` (1-based, counted in UTF-16 code units). */
export function at(index: number): string {
  return `at column ${index + 1}`;
}

/** Quote user text for a message, shortening long text with an ellipsis. */
export function excerpt(text: string): string {
  const short = text.length > MAX_EXCERPT ? `${text.slice(0, MAX_EXCERPT - 1)}…` : text;
  return short.includes('"') ? `'${short}'` : `"${short}"`;
}

/** Describe the character at an index: `"%"` for visible ones, `U+000C` for invisible ones. */
export function describeChar(input: string, index: number): string {
  const code = input.codePointAt(index) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  const char = String.fromCodePoint(code);
  if (code >= 0x21 && code <= 0x7e) return excerpt(char);
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(char) ? `${excerpt(char)} (${hex})` : hex;
}

/** A hint for characters people often paste by mistake, or "" when there is none. */
export function hintFor(input: string, index: number): string {
  const char = String.fromCodePoint(input.codePointAt(index) ?? 0);
  if (/^[\u2018\u2019\u201c\u201d]$/u.test(char)) return ` (use straight quotes " or ')`;
  if (/^[\p{Zs}\v\f]$/u.test(char)) return " (only spaces and tabs may separate tokens)";
  return "";
}

/** How a message ends when something else was found: `, found "%"` or `, but the selector ended`. */
export function foundChar(input: string, index: number): string {
  if (index >= input.length) return ", but the selector ended";
  return `, found ${describeChar(input, index)}${hintFor(input, index)}`;
}

/** Build the error for a bad character, preferring the plain newline message when it is a line break. */
export function charError(input: string, index: number, message: string): SelectorSyntaxError {
  const code = input.charCodeAt(index);
  if (code === 0x0a)
    return new SelectorSyntaxError(`newline is not allowed in a selector ${at(index)}`, index);
  if (code === 0x0d) {
    return new SelectorSyntaxError(`carriage return is not allowed in a selector ${at(index)}`, index);
  }
  return new SelectorSyntaxError(message, index);
}
