// Splits one script line into whitespace-separated tokens with their columns, dropping the comment.

/** A word of a line and its 1-based column. */
export interface Token {
  text: string;
  column: number;
}

/** The tokens of `line`; `#` at the start of a token begins a comment that runs to the end of the line. */
export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  for (const m of line.matchAll(/\S+/g)) {
    if (m[0].startsWith("#")) break;
    tokens.push({ text: m[0], column: m.index + 1 });
  }
  return tokens;
}
