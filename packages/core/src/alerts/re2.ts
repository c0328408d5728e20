// Go (RE2) regular expressions as Alertmanager reads them, translated to JavaScript regexes with the same meaning.

type Ranges = [number, number][];

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  U: boolean;
}

/** One parsed escape: a single code point, a set of ranges (possibly negated), or a raw JavaScript class. */
type Escape =
  | { kind: "char"; cp: number }
  | { kind: "set"; ranges: Ranges; negated: boolean }
  | { kind: "raw"; js: string };

class Re2Error extends Error {}

/** Code point ranges written compactly, e.g. `0-9A-Z_` (ASCII class tables only). */
function ascii(spec: string): Ranges {
  const out: Ranges = [];
  for (let i = 0; i < spec.length; i++) {
    const lo = spec.charCodeAt(i);
    const ranged = spec[i + 1] === "-" && i + 2 < spec.length;
    out.push([lo, ranged ? spec.charCodeAt(i + 2) : lo]);
    if (ranged) i += 2;
  }
  return out;
}

const perlClasses: Readonly<Record<string, Ranges>> = {
  d: ascii("0-9"),
  s: ascii("\t\n\f\r "),
  w: ascii("0-9A-Z_a-z"),
};

const posixClasses: Readonly<Record<string, Ranges>> = {
  alnum: ascii("0-9A-Za-z"),
  alpha: ascii("A-Za-z"),
  ascii: ascii("\x00-\x7f"),
  blank: ascii("\t "),
  cntrl: ascii("\x00-\x1f\x7f"),
  digit: ascii("0-9"),
  graph: ascii("!-~"),
  lower: ascii("a-z"),
  print: ascii(" -~"),
  punct: ascii("!-/:-@[-`{-~"),
  space: ascii("\t-\r "),
  upper: ascii("A-Z"),
  word: ascii("0-9A-Z_a-z"),
  xdigit: ascii("0-9A-Fa-f"),
};

const goCategories = new Set(
  "L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs Cc Cf Co Cs".split(
    " ",
  ),
);

let foldOrbits: Map<number, readonly number[]> | undefined;

/** RE2's simple case-folding orbits (e.g. k, K and the Kelvin sign), for code points that have one. */
function orbits(): Map<number, readonly number[]> {
  if (foldOrbits) return foldOrbits;
  const single = (s: string): boolean => [...s].length === 1;
  const groups = new Map<string, number[]>();
  for (let cp = 0; cp < 0x1f000; cp++) {
    if ((cp >= 0xd800 && cp < 0xe000) || cp === 0x130 || cp === 0x131) continue;
    const c = String.fromCodePoint(cp);
    const upper = c.toUpperCase();
    const lower = (single(upper) ? upper : c).toLowerCase();
    const key = single(lower) ? lower : c;
    const group = groups.get(key);
    if (group) group.push(cp);
    else groups.set(key, [cp]);
  }
  foldOrbits = new Map();
  for (const g of groups.values()) if (g.length > 1) for (const cp of g) foldOrbits.set(cp, g);
  return foldOrbits;
}

/** The ranges plus every case variant of the code points in them. */
function foldRanges(ranges: Ranges): Ranges {
  const out: Ranges = [...ranges];
  const seen = new Set<readonly number[]>();
  for (const [cp, orbit] of orbits()) {
    if (seen.has(orbit) || !ranges.some(([lo, hi]) => cp >= lo && cp <= hi)) continue;
    seen.add(orbit);
    for (const x of orbit) out.push([x, x]);
  }
  return out;
}

const hex = (cp: number): string => `\\u{${cp.toString(16)}}`;
const rangesJs = (r: Ranges): string =>
  r.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`)).join("");

/** A literal code point as JavaScript (`v` mode), folded to its case orbit under `(?i)`. */
function literalJs(cp: number, fold: boolean): string {
  const orbit = fold ? orbits().get(cp) : undefined;
  return orbit ? `[${orbit.map(hex).join("")}]` : hex(cp);
}

/** A set escape as a JavaScript (`v` mode) class, folded before negation as RE2 does. */
function setJs(ranges: Ranges, negated: boolean, fold: boolean): string {
  return `[${negated ? "^" : ""}${rangesJs(fold ? foldRanges(ranges) : ranges)}]`;
}

/** Translates RE2 patterns to JavaScript `v`-mode regular expressions, rejecting what RE2 rejects. */
class Re2Translator {
  private pos = 0;
  private flags: Flags = { i: false, m: false, s: false, U: false };
  private readonly saved: Flags[] = [];
  private readonly cs: string[];

  constructor(private readonly pattern: string) {
    this.cs = [...pattern];
  }

  private fail(what: string, text: string): never {
    throw new Re2Error(`error parsing regexp: ${what}: \`${text}\``);
  }

  private rest(n?: number): string {
    return this.cs.slice(this.pos, n === undefined ? undefined : this.pos + n).join("");
  }

  translate(): string {
    let out = "";
    let canRepeat = false;
    let repeated = false;
    while (this.pos < this.cs.length) {
      const c = this.cs[this.pos]!;
      const start = this.pos;
      const quant = this.quantifier();
      if (quant !== undefined) {
        const text = this.cs.slice(start, this.pos).join("");
        if (!canRepeat) this.fail("missing argument to repetition operator", text);
        if (repeated) this.fail("invalid nested repetition operator", text);
        out += quant;
        repeated = true;
        continue;
      }
      repeated = false;
      canRepeat = true;
      this.pos++;
      if (c === "(") {
        const open = this.group();
        out += open;
        canRepeat = false;
      } else if (c === ")") {
        const prev = this.saved.pop();
        if (prev === undefined) this.fail("unexpected )", this.pattern);
        this.flags = prev;
        out += ")";
      } else if (c === "|") {
        out += "|";
        canRepeat = false;
      } else if (c === "^") out += this.flags.m ? "(?:(?<![^\\n]))" : "(?:^)";
      else if (c === "$") out += this.flags.m ? "(?:(?![^\\n]))" : "(?:$)";
      else if (c === ".") out += this.flags.s ? "[^]" : "[^\\n]";
      else if (c === "[") out += this.charClass();
      else if (c === "\\") out += this.topEscape();
      else out += literalJs(c.codePointAt(0)!, this.flags.i);
    }
    if (this.saved.length > 0) this.fail("missing closing )", this.pattern);
    return out;
  }

  /** A repetition operator at the cursor, as JavaScript, or undefined (and no move) when there is none. */
  private quantifier(): string | undefined {
    const c = this.cs[this.pos];
    let q: string;
    if (c === "*" || c === "+" || c === "?") q = c;
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.rest(24));
      if (!m || /^0\d/.test(m[1]!) || /^0\d/.test(m[3] ?? "")) return undefined;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === "" ? -1 : Number(m[3]);
      if (min > 1000 || max > 1000 || (max >= 0 && min > max)) this.fail("invalid repeat count", m[0]);
      q = m[0];
      this.pos += m[0].length - 1;
    } else return undefined;
    this.pos++;
    let lazy = this.cs[this.pos] === "?";
    if (lazy) this.pos++;
    if (this.flags.U) lazy = !lazy;
    return q + (lazy ? "?" : "");
  }

  /** The opening of a group (after `(`), or "" for a bare flag change such as `(?i)`. */
  private group(): string {
    if (this.cs[this.pos] !== "?") {
      this.saved.push(this.flags);
      return "(";
    }
    const rest = this.rest(4);
    if (rest.startsWith("?P<")) {
      const m = /^\?P<([A-Za-z0-9_]+)>/.exec(this.rest(260));
      if (!m) this.fail("invalid named capture", `(${rest}`);
      this.pos += m[0].length;
      this.saved.push(this.flags);
      return "(";
    }
    const flags = { ...this.flags };
    let negate = false;
    let sawFlag = false;
    for (let i = this.pos + 1; i < this.cs.length; i++) {
      const f = this.cs[i]!;
      if (f === "i" || f === "m" || f === "s" || f === "U") {
        flags[f] = !negate;
        sawFlag = true;
      } else if (f === "-" && !negate) {
        negate = true;
        sawFlag = false;
      } else if ((f === ":" || f === ")") && (!negate || sawFlag)) {
        this.pos = i + 1;
        if (f === ")") {
          this.flags = flags;
          return "";
        }
        this.saved.push(this.flags);
        this.flags = flags;
        return "(?:";
      } else break;
    }
    const what = /^\?(<[=!]|[=!])/.test(rest)
      ? " (RE2 has no lookaround)"
      : rest.startsWith("?<")
        ? " (Alertmanager 0.25's RE2 needs (?P<name>...))"
        : "";
    this.fail(`invalid or unsupported Perl syntax${what}`, `(${rest.slice(0, 2)}`);
  }

  /** An escape outside a class: assertions, `\Q...\E`, classes and literals. */
  private topEscape(): string {
    const e = this.cs[this.pos];
    const simple: Readonly<Record<string, string>> = { A: "(?:^)", z: "(?:$)", b: "(?:\\b)", B: "(?:\\B)" };
    if (e !== undefined && simple[e] !== undefined) {
      this.pos++;
      return simple[e];
    }
    if (e === "Q") {
      const body = this.cs.slice(this.pos + 1);
      const end = body.findIndex((ch, i) => ch === "\\" && body[i + 1] === "E");
      const lit = end < 0 ? body : body.slice(0, end);
      this.pos += 1 + lit.length + (end < 0 ? 0 : 2);
      return lit.map((ch) => literalJs(ch.codePointAt(0)!, this.flags.i)).join("");
    }
    const esc = this.escape();
    if (esc.kind === "char") return literalJs(esc.cp, this.flags.i);
    return esc.kind === "set" ? setJs(esc.ranges, esc.negated, this.flags.i) : esc.js;
  }

  /** An escape after `\` (cursor on the letter), as Go's regexp/syntax reads it. */
  private escape(): Escape {
    const start = this.pos - 1;
    const c = this.cs[this.pos++];
    const bad = (): never => this.fail("invalid escape sequence", this.cs.slice(start, this.pos).join(""));
    if (c === undefined) this.fail("trailing backslash at end of expression", "");
    if ("dswDSW".includes(c)) {
      const lower = c.toLowerCase();
      return { kind: "set", ranges: perlClasses[lower]!, negated: c !== lower };
    }
    if (c === "p" || c === "P") return this.unicodeClass(c === "P", start);
    if (/[0-7]/.test(c)) {
      let cp = Number(c);
      if (c !== "0" && !/[0-7]/.test(this.cs[this.pos] ?? "")) bad();
      for (let i = 0; i < 2 && /[0-7]/.test(this.cs[this.pos] ?? ""); i++)
        cp = cp * 8 + Number(this.cs[this.pos++]);
      return { kind: "char", cp };
    }
    if (c === "x") {
      const m = /^(?:\{([0-9A-Fa-f]+)\}|([0-9A-Fa-f]{2}))/.exec(this.rest(12));
      const cp = m ? parseInt(m[1] ?? m[2]!, 16) : NaN;
      if (!m || !(cp <= 0x10ffff)) bad();
      this.pos += m![0].length;
      return { kind: "char", cp };
    }
    const controls: Readonly<Record<string, number>> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (controls[c] !== undefined) return { kind: "char", cp: controls[c] };
    const cp = c.codePointAt(0)!;
    if (cp < 0x80 && !/[A-Za-z0-9]/.test(c)) return { kind: "char", cp };
    return bad();
  }

  /** `\pL`, `\p{Greek}`, `\p{^Greek}` or `\PL`, mapped to JavaScript property escapes with RE2's meaning. */
  private unicodeClass(negated: boolean, start: number): Escape {
    let name = this.cs[this.pos];
    if (name === "{") {
      const close = this.cs.indexOf("}", this.pos);
      if (close < 0) this.fail("invalid character class range", this.rest());
      name = this.cs.slice(this.pos + 1, close).join("");
      this.pos = close + 1;
    } else this.pos++;
    const text = this.cs.slice(start, this.pos).join("");
    if (name === undefined) return this.fail("invalid character class range", text);
    if (name.startsWith("^")) {
      negated = !negated;
      name = name.slice(1);
    }
    let js: string;
    if (name === "Any") js = "[^]";
    else if (name === "C") js = "[\\p{Cc}\\p{Cf}\\p{Co}\\p{Cs}]";
    else if (goCategories.has(name)) js = `\\p{${name}}`;
    else js = `\\p{Script=${name}}`;
    try {
      new RegExp(js, "v");
    } catch {
      this.fail("invalid character class range", text);
    }
    return { kind: "raw", js: negated ? `[^${js}]` : js };
  }

  /** A bracketed class (cursor after `[`), as RE2 reads it: `]` first is literal, `-` is literal at the edges. */
  private charClass(): string {
    const start = this.pos - 1;
    const negated = this.cs[this.pos] === "^";
    if (negated) this.pos++;
    const ranges: Ranges = [];
    const parts: string[] = [];
    let first = true;
    const missing = (): never => this.fail("missing closing ]", this.cs.slice(start).join(""));
    while (first || this.cs[this.pos] !== "]") {
      if (this.pos >= this.cs.length) missing();
      first = false;
      const rest = this.rest();
      const named = /^\[:(\^?)([^]*?):\]/.exec(rest);
      if (named) {
        const cls = posixClasses[named[2]!];
        if (cls === undefined) this.fail("invalid character class range", named[0]);
        parts.push(setJs(cls, named[1] === "^", this.flags.i));
        this.pos += [...named[0]].length;
        continue;
      }
      const lo = this.classChar(missing);
      if (typeof lo !== "number") {
        parts.push(lo);
        continue;
      }
      let hi = lo;
      if (this.cs[this.pos] === "-" && this.cs[this.pos + 1] !== "]" && this.pos + 1 < this.cs.length) {
        const rangeStart = this.pos - 1;
        this.pos++;
        const h = this.classChar(missing);
        if (typeof h !== "number" || h < lo)
          this.fail("invalid character class range", this.cs.slice(rangeStart, this.pos).join(""));
        hi = h;
      }
      ranges.push([lo, hi]);
    }
    this.pos++;
    const folded = this.flags.i ? foldRanges(ranges) : ranges;
    return `[${negated ? "^" : ""}${rangesJs(folded)}${parts.join("")}]`;
  }

  /** One class member: a code point, or a nested JavaScript class for `\d`, `\pL` and the like. */
  private classChar(missing: () => never): number | string {
    const c = this.cs[this.pos++];
    if (c === undefined) return missing();
    if (c !== "\\") return c.codePointAt(0)!;
    const esc = this.escape();
    if (esc.kind === "char") return esc.cp;
    return esc.kind === "set" ? setJs(esc.ranges, esc.negated, this.flags.i) : esc.js;
  }
}

/**
 * Compiles a Go RE2 pattern (Go 1.19, as in Alertmanager 0.25) to a JavaScript RegExp with the same matches, or
 * returns RE2's error (with a hint for lookaround and `(?<name>`). Not replicated: `(?i)` folding of `\p{..}`
 * classes, and RE2's limit on nested counted repetitions such as `(a{500}){3}`.
 */
export function compileRe2(pattern: string): RegExp | string {
  try {
    return new RegExp(new Re2Translator(pattern).translate(), "v");
  } catch (err) {
    if (err instanceof Re2Error) return err.message;
    return `error parsing regexp: ${(err as Error).message}`;
  }
}
