// Test helpers for the kind schemas: one-change copies of a base manifest, and what loading them reports.
import type { LoadOptions } from "../loader.js";
import { issuesOf, loadValues } from "../testkit.js";

/** Put as a value in a change to delete the field instead of setting it. */
export const REMOVE: unique symbol = Symbol("remove");

/** Field changes: a path such as `spec.ingress[0].ports` (or a path array, for keys with dots) to a new value. */
export type Change = Readonly<Record<string, unknown>> | readonly (readonly [Path, unknown])[];

type Path = string | readonly (string | number)[];

/** Splits `a.b[0].c` into `["a", "b", 0, "c"]`. */
function steps(path: Path): (string | number)[] {
  if (typeof path !== "string") return [...path];
  return path
    .split(/\.|(?=\[)/)
    .filter((s) => s !== "")
    .map((s) => (s.startsWith("[") ? Number(s.slice(1, -1)) : s));
}

function setAt(root: unknown, path: Path, value: unknown): void {
  const keys = steps(path);
  let node = root as Record<string | number, unknown>;
  keys.slice(0, -1).forEach((key, i) => {
    if (typeof node[key] !== "object" || node[key] === null) {
      node[key] = typeof keys[i + 1] === "number" ? [] : {};
    }
    node = node[key] as Record<string | number, unknown>;
  });
  const last = keys[keys.length - 1]!;
  if (value !== REMOVE) node[last] = value;
  else if (Array.isArray(node)) node.splice(Number(last), 1);
  else delete node[last];
}

/** A deep copy of a plain JSON-like value. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A deep copy of `base` with the changes applied in order. */
export function changed<T>(base: T, change: Change = {}): T {
  const copy = clone(base);
  const entries = Array.isArray(change) ? change : Object.entries(change);
  for (const [path, value] of entries as [Path, unknown][]) setAt(copy, path, value);
  return copy;
}

/** The issues (`code path`) of `base` after the changes. */
export function issuesAfter(base: unknown, change: Change, options: LoadOptions = {}): string[] {
  return issuesOf(changed(base, change), options);
}

/** Whether the object loads (no errors), with the severities of what it reports. */
export function loadOutcome(
  value: unknown,
  options: LoadOptions = {},
): { loaded: boolean; severities: string[] } {
  const { objects, issues } = loadValues([value], options);
  return { loaded: objects.length === 1, severities: issues.map((i) => i.severity) };
}
