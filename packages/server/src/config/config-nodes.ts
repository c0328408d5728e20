// Schema nodes for the serve config file: fields, types, checks, and which values are secrets.
import type { FieldPath, Issue, Part, Severity } from "@netward/core";

/** A problem a check reports (an error unless `severity` says otherwise); its message must never contain a secret. */
export interface ConfigFinding {
  code: string;
  message: string;
  fix?: string;
  severity?: Severity;
}

/** Where checks report: a finding at a field's key or value. */
export type ConfigReport = (finding: ConfigFinding, path: FieldPath, part?: Part) => void;

/** A check of a string; `field` is the field's path as people write it, for the message. */
export type StringCheck = (value: string, field: string) => ConfigFinding | undefined;

/** A cross-field check of a mapping or list whose parts are all sound. */
export type ValueCheck<T> = (value: T, path: FieldPath, report: ConfigReport) => void;

/**
 * A validation of a whole subtree (which holds no secrets): the issues' paths are relative to the subtree, written as
 * core's `formatPath` writes them (`routes[1].group_wait`, "" for the subtree itself). `parent` is the mapping the
 * subtree sits in, for checks against its siblings.
 */
export type SubtreeCheck = (value: unknown, parent: Readonly<Record<string, unknown>>) => readonly Issue[];

/** Any node of the config schema. */
export type ConfigNode =
  | {
      kind: "object";
      fields: Readonly<Record<string, ConfigNode>>;
      required: readonly string[];
      check?: ValueCheck<Readonly<Record<string, unknown>>>;
    }
  | { kind: "list"; items: ConfigNode; check?: ValueCheck<readonly unknown[]> }
  | { kind: "string"; secret: boolean; check?: StringCheck }
  | { kind: "int"; min: number; max?: number }
  | { kind: "bool" }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "validated"; check: SubtreeCheck };

/** A mapping with these fields (any other field is an error), some of them required, and a cross-field check. */
export function fields(
  known: Readonly<Record<string, ConfigNode>>,
  required: readonly string[] = [],
  check?: ValueCheck<Readonly<Record<string, unknown>>>,
): ConfigNode {
  return check === undefined
    ? { kind: "object", fields: known, required }
    : { kind: "object", fields: known, required, check };
}

/** A list of items, with an optional check of the whole list. */
export function list(items: ConfigNode, check?: ValueCheck<readonly unknown[]>): ConfigNode {
  return check === undefined ? { kind: "list", items } : { kind: "list", items, check };
}

/** A string that may be shown (in GET /api/config and in messages about its field). */
export function text(check?: StringCheck): ConfigNode {
  return check === undefined ? { kind: "string", secret: false } : { kind: "string", secret: false, check };
}

/** A string that is a secret: redacted in GET /api/config, never written to a message or a log line. */
export function secret(check?: StringCheck): ConfigNode {
  return check === undefined ? { kind: "string", secret: true } : { kind: "string", secret: true, check };
}

/** An integer of at least `min` (and at most `max`). */
export function int(min: number, max?: number): ConfigNode {
  return max === undefined ? { kind: "int", min } : { kind: "int", min, max };
}

/** true or false. */
export function bool(): ConfigNode {
  return { kind: "bool" };
}

/** A subtree validated by a function and shown as written (it must not hold secrets). */
export function validated(check: SubtreeCheck): ConfigNode {
  return { kind: "validated", check };
}

/** One string out of a fixed set. */
export function oneOf(...values: string[]): ConfigNode {
  return { kind: "enum", values };
}
