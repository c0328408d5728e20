// Shared reading of JSON flow records: one line to an object, typed field access with paths, and issues naming them.
import type { Issue } from "../model/issue.js";
import { parseIP } from "../net/ip.js";
import { suggest } from "../schema/suggest.js";
import type { Flow, FlowFormat, FlowOrigin } from "./flow.js";
import type { InputLine, RecordResult } from "./parser.js";

/** What is wrong with a record: an issue code, the field path, and a message without the line. */
export interface Problem {
  code: "flow-syntax" | "flow-field";
  path?: string;
  message: string;
  fix?: string;
}

/** A JSON object as a record. */
export type JsonObject = Record<string, unknown>;

/** A short rendering of a value for messages, cut at 40 characters. */
export function shown(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? "a value JSON cannot hold";
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

const describe = (v: unknown) => (Array.isArray(v) ? "an array" : v === null ? "null" : `a ${typeof v}`);

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The issue for a problem found in one record. */
export function recordIssue(problem: Problem, line: number, file?: string): Issue {
  const where = problem.path === undefined ? "" : `${problem.path}: `;
  return {
    code: problem.code,
    severity: "error",
    message: `line ${line}: ${where}${problem.message}`,
    ...(problem.fix === undefined ? {} : { fix: problem.fix }),
    ...(file === undefined ? {} : { file }),
    line,
    ...(problem.path === undefined ? {} : { path: problem.path }),
  };
}

/** Parses JSON text into an object, or says why it is not one (`what` names the record kind). */
export function parseObject(text: string, what: string): { value: JsonObject } | { problem: Problem } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const printable = Array.from(reason, (c) => {
      const code = c.charCodeAt(0);
      return code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, "0")}` : c;
    }).join("");
    const cut = printable.length > 120 ? `${printable.slice(0, 117)}...` : printable;
    return { problem: { code: "flow-syntax", message: `not valid JSON (${cut})` } };
  }
  if (!isObject(value))
    return {
      problem: { code: "flow-syntax", message: `expected a JSON object (${what}), got ${describe(value)}` },
    };
  return { value };
}

/** Reads one JSON line with a record reader: blank lines are skipped, anything else is a flow or an issue. */
export function parseJsonLine(
  line: InputLine,
  file: string | undefined,
  what: string,
  read: (record: JsonObject) => { flow: Flow } | { problem: Problem },
): RecordResult {
  if (line.text.trim() === "") return { skip: true };
  const parsed = parseObject(line.text, what);
  const r = "value" in parsed ? read(parsed.value) : parsed;
  return "flow" in r ? r : { issue: recordIssue(r.problem, line.line, file) };
}

/** Where a record was read: its format, file, line and offset. */
export function originOf(format: FlowFormat, line: InputLine, file?: string): FlowOrigin {
  return { format, ...(file === undefined ? {} : { file }), line: line.line, offset: line.offset };
}

const protocolNames: Readonly<Record<string, number>> = {
  icmp: 1,
  tcp: 6,
  udp: 17,
  gre: 47,
  esp: 50,
  ah: 51,
  icmp6: 58,
  icmpv6: 58,
  "ipv6-icmp": 58,
  sctp: 132,
  udplite: 136,
};

/**
 * Typed access to the fields of one JSON object, with dotted paths in messages. The first problem is kept
 * (later reads return undefined); readers made with `child` share it.
 */
export class Fields {
  private readonly state: { problem?: Problem };

  constructor(
    readonly record: JsonObject,
    readonly prefix = "",
    state: { problem?: Problem } = {},
  ) {
    this.state = state;
  }

  /** The first problem found, if any. */
  get problem(): Problem | undefined {
    return this.state.problem;
  }

  /** The full path of a key of this object. */
  path(key: string): string {
    return `${this.prefix}${key}`;
  }

  /** Records a problem (only the first one is kept) and returns undefined. */
  fail(key: string, message: string, code: Problem["code"] = "flow-field", fix?: string): undefined {
    this.state.problem ??= { code, path: this.path(key), message, ...(fix === undefined ? {} : { fix }) };
    return undefined;
  }

  /** Records that a required field is missing. */
  missing(key: string): undefined {
    return this.fail(key, "required field missing", "flow-syntax");
  }

  private wrong(key: string, expected: string): undefined {
    return this.fail(key, `expected ${expected}, got ${shown(this.record[key])}`);
  }

  /** The raw value, with null read as absent. */
  value(key: string): unknown {
    const v = this.record[key];
    return v === null ? undefined : v;
  }

  /** A string; values listed in `none` (such as "-") read as absent. */
  string(key: string, options: { required?: boolean; none?: readonly string[] } = {}): string | undefined {
    const v = this.value(key);
    if (v === undefined) return options.required ? this.missing(key) : undefined;
    if (typeof v !== "string") return this.wrong(key, "a string");
    return options.none?.includes(v) ? undefined : v;
  }

  /** An integer in a range. */
  int(key: string, min: number, max: number, required = false): number | undefined {
    const v = this.value(key);
    if (v === undefined) return required ? this.missing(key) : undefined;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)
      return this.wrong(
        key,
        max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer ${min}-${max}`,
      );
    return v;
  }

  /** A port number 0-65535. */
  port(key: string): number | undefined {
    return this.int(key, 0, 65535);
  }

  /** A count (a non-negative safe integer). */
  count(key: string, required = false): number | undefined {
    return this.int(key, 0, Number.MAX_SAFE_INTEGER, required);
  }

  /** One of a fixed set of strings, compared exactly or, with `fold`, case-insensitively (giving the listed form). */
  oneOf<T extends string>(
    key: string,
    values: readonly T[],
    options: { required?: boolean; fold?: boolean } = {},
  ): T | undefined {
    const v = this.value(key);
    if (v === undefined) return options.required ? this.missing(key) : undefined;
    const found =
      typeof v === "string"
        ? values.find((x) => x === v || (options.fold === true && x.toLowerCase() === v.toLowerCase()))
        : undefined;
    return found ?? this.wrong(key, values.map((x) => JSON.stringify(x)).join(" or "));
  }

  /** An IPv4 or IPv6 address; values listed in `none` read as absent. */
  ip(key: string, none: readonly string[] = []): string | undefined {
    const v = this.string(key, { none });
    if (v === undefined) return undefined;
    return parseIP(v) ? v : this.wrong(key, "an IP address");
  }

  /** An IANA protocol number, from a number, a numeric string or a name (tcp, udp, icmp, icmp6, sctp, ...). */
  protocol(key: string, required = true): number | undefined {
    const v = this.value(key);
    if (v === undefined) return required ? this.missing(key) : undefined;
    const n =
      typeof v === "number"
        ? v
        : typeof v === "string"
          ? (protocolNames[v.toLowerCase()] ?? (/^\d{1,3}$/.test(v) ? Number(v) : undefined))
          : undefined;
    if (n === undefined || !Number.isInteger(n) || n < 0 || n > 255)
      return this.wrong(key, "a protocol name (tcp, udp, icmp, icmp6, sctp, ...) or number 0-255");
    return n;
  }

  /** An array of strings. */
  strings(key: string): string[] | undefined {
    const v = this.value(key);
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) return this.wrong(key, "an array of strings");
    const bad = v.findIndex((x) => typeof x !== "string");
    if (bad !== -1) return this.fail(`${key}[${bad}]`, `expected a string, got ${shown(v[bad])}`);
    return v as string[];
  }

  /** A reader for a nested object, sharing this reader's problem. */
  child(key: string, required = false): Fields | undefined {
    const v = this.value(key);
    if (v === undefined) return required ? this.missing(key) : undefined;
    if (!isObject(v)) return this.wrong(key, "an object");
    return new Fields(v, `${this.path(key)}.`, this.state);
  }

  /** A reader for an object at an index of an array field, sharing this reader's problem. */
  item(key: string, index: number, value: unknown): Fields | undefined {
    if (!isObject(value)) return this.fail(`${key}[${index}]`, `expected an object, got ${shown(value)}`);
    return new Fields(value, `${this.path(key)}[${index}].`, this.state);
  }

  /** Reports the first key of this object that is not in `keys`, with a did-you-mean when one is close. */
  onlyKnown(keys: readonly string[]): void {
    const unknown = Object.keys(this.record).find((k) => !keys.includes(k));
    if (unknown === undefined) return;
    const near = suggest(unknown, keys);
    this.fail(
      unknown,
      `unknown field${near === undefined ? "" : `, did you mean ${near}?`}`,
      "flow-field",
      near && `rename ${unknown} to ${near}`,
    );
  }

  /** Labels written as `key=value` strings; a string without `=` is a problem. */
  labelList(key: string, list: readonly string[]): Record<string, string> {
    const labels: Record<string, string> = {};
    list.forEach((text, i) => {
      const eq = text.indexOf("=");
      if (eq <= 0) this.fail(`${key}[${i}]`, `expected a label key=value, got ${shown(text)}`);
      else labels[text.slice(0, eq)] = text.slice(eq + 1);
    });
    return labels;
  }
}

/** The object without its undefined properties (for optional fields under exactOptionalPropertyTypes). */
export function defined<T extends object>(o: { [K in keyof T]: T[K] | undefined }): T {
  const out: Record<string, unknown> = {};
  for (const key in o) if (o[key] !== undefined) out[key] = o[key];
  return out as T;
}

/** Packets or bytes in both directions added up, or undefined when the record gives neither. */
export function total(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0);
}
