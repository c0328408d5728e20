// Schema combinators describing the shape of every supported manifest kind, field by field.
import type { FieldPath } from "./path.js";
import type { Severity } from "../model/issue.js";

/** Which part of a mapping entry an issue points at: the key (for unknown fields) or the value. */
export type Part = "key" | "value";

/** What a check reports; the walker adds location and path. */
export interface Finding {
  code: string;
  message: string;
  fix?: string;
  severity?: Severity;
}

/** Which Calico release's rules apply (they differ in policy naming, tier names and a few checks). */
export type CalicoVersion = "v3.31" | "v3.32";

/** The reporting channel handed to checks while a document is validated, and the rules in force. */
export interface CheckContext {
  report(finding: Finding, path: FieldPath, part?: Part): void;
  /** Calico release whose rules apply; v3.31 when absent. */
  readonly calicoVersion?: CalicoVersion;
}

/** A validation hook run on a value that already has the right type. */
export type Check<T> = (value: T, path: FieldPath, ctx: CheckContext) => void;

/** A mapping with known fields; unknown fields are errors unless `open`. */
export interface ObjectSchema {
  kind: "object";
  fields: Readonly<Record<string, Schema>>;
  required: readonly string[];
  open: boolean;
  check?: Check<Readonly<Record<string, unknown>>>;
}

/** Any schema node. */
export type Schema =
  | ObjectSchema
  | { kind: "array"; items: Schema; check?: Check<readonly unknown[]> }
  | { kind: "map"; values: Schema; checkKey?: Check<string> }
  | { kind: "string"; check?: Check<string> }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "int"; min?: number; max?: number; check?: Check<number> }
  | { kind: "number" }
  | { kind: "bool" }
  | { kind: "intOrString"; check?: Check<number | string> }
  | { kind: "any" };

/** Options for `object`: required fields, whether extra fields are allowed, and a cross-field check. */
export interface ObjectOptions {
  required?: readonly string[];
  open?: boolean;
  check?: Check<Readonly<Record<string, unknown>>>;
}

/** A mapping with the given fields. */
export function object(fields: Readonly<Record<string, Schema>>, options: ObjectOptions = {}): ObjectSchema {
  const s: ObjectSchema = {
    kind: "object",
    fields,
    required: options.required ?? [],
    open: options.open ?? false,
  };
  if (options.check) s.check = options.check;
  return s;
}

/** A sequence whose items all follow `items`. */
export function array(items: Schema, check?: Check<readonly unknown[]>): Schema {
  return check ? { kind: "array", items, check } : { kind: "array", items };
}

/** A mapping from arbitrary string keys to values following `values` (labels, annotations). */
export function map(values: Schema, checkKey?: Check<string>): Schema {
  return checkKey ? { kind: "map", values, checkKey } : { kind: "map", values };
}

/** A string, optionally checked. */
export function string(check?: Check<string>): Schema {
  return check ? { kind: "string", check } : { kind: "string" };
}

/** One string out of a fixed, case-sensitive set. */
export function oneOf(...values: string[]): Schema {
  return { kind: "enum", values };
}

/** An integer within optional bounds. */
export function int(min?: number, max?: number): Schema {
  const s: { kind: "int"; min?: number; max?: number } = { kind: "int" };
  if (min !== undefined) s.min = min;
  if (max !== undefined) s.max = max;
  return s;
}

/** An integer with its own range check (for ports, whose range errors carry their own code). */
export function integer(check: Check<number>): Schema {
  return { kind: "int", check };
}

/** Any number (Calico's float64 `order`). */
export const number: Schema = { kind: "number" };

/** A boolean. */
export const bool: Schema = { kind: "bool" };

/** Kubernetes IntOrString and Calico numorstring values. */
export function intOrString(check?: Check<number | string>): Schema {
  return check ? { kind: "intOrString", check } : { kind: "intOrString" };
}

/** Anything at all: fields netward does not read and the API server checks elsewhere. */
export const any: Schema = { kind: "any" };
