// Typed reads from validated plain objects (validation has already checked every type).

/** A validated mapping. */
export type Obj = Readonly<Record<string, unknown>>;

const empty: Obj = {};

/** The mapping at `key`, or an empty one. */
export function obj(o: Obj | undefined, key: string): Obj {
  const v = o?.[key];
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : empty;
}

/** The list at `key`, or an empty one. */
export function list<T = Obj>(o: Obj | undefined, key: string): T[] {
  const v = o?.[key];
  return Array.isArray(v) ? (v.filter((x) => x !== null && x !== undefined) as T[]) : [];
}

/** The string at `key`, if any. */
export function str(o: Obj | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === "string" ? v : undefined;
}

/** The number at `key`, if any. */
export function num(o: Obj | undefined, key: string): number | undefined {
  const v = o?.[key];
  return typeof v === "number" ? v : undefined;
}

/** The string map at `key` (labels, selectors), or an empty one; null values read as "" as Go decodes them. */
export function strings(o: Obj | undefined, key: string): Readonly<Record<string, string>> {
  const m = obj(o, key);
  if (!Object.values(m).includes(null)) return m as Readonly<Record<string, string>>;
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === "string" ? v : ""]));
}

/** Copies `value` into `target[key]` only when it is defined (for exactOptionalPropertyTypes). */
export function setIf<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}
