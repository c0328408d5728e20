// The config walker: checks a parsed config against its schema, reporting every problem without echoing values.
import { formatPath, suggest, type FieldPath, type Issue, type PathSegment } from "@netward/core";
import type { ConfigNode, ConfigReport } from "./config-nodes.js";

type ObjectNode = Extract<ConfigNode, { kind: "object" }>;
type TypedNode = Exclude<ConfigNode, { kind: "validated" }>;
type Mapping = Readonly<Record<string, unknown>>;

const expected: Record<TypedNode["kind"], string> = {
  object: "a mapping",
  list: "a list",
  string: "a string",
  int: "an integer",
  bool: "a boolean",
  enum: "a string",
};

/** A value's type for messages, never its content (it may be a secret in the wrong place). */
function typeOf(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return "a string";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  if (typeof value === "boolean") return "a boolean";
  return "a mapping";
}

/** True for a mapping (not a list, not null). */
export function isMapping(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Field names safe to repeat in a message: identifiers, not text that could be a misplaced secret. */
const plainKey = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/** A path as messages and issues show it: other keys than identifiers are shown as `?`. */
export function shownPath(path: FieldPath): string {
  return formatPath(path.map((seg) => (typeof seg === "string" && !plainKey.test(seg) ? "?" : seg)));
}

/** One step of a path as `formatPath` writes it: `.key` (the dot optional), `[0]` or `["odd key"]`. */
const pathStep = /\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;

/** Reads a path written by core's `formatPath` (`a.b[0]["odd key"]`); a malformed rest is dropped, leaving its parent. */
export function parsePath(text: string): PathSegment[] {
  const out: PathSegment[] = [];
  pathStep.lastIndex = 0;
  while (pathStep.lastIndex < text.length) {
    const m = pathStep.exec(text);
    if (m === null) break;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3]!) as string);
  }
  return out;
}

/** A field's path for messages; the root is "the config". */
export function fieldName(path: FieldPath): string {
  return path.length === 0 ? "the config" : shownPath(path);
}

/** Checks `value` against `node`, reporting every problem (not only the first). */
export function checkConfig(node: ConfigNode, value: unknown, path: FieldPath, report: ConfigReport): void {
  new Walker(report).walk(node, value, path);
}

/**
 * Walks one value; a subtree's problems are the growth of the error counter, so cross-field checks see only sound
 * parts (warnings do not count).
 */
class Walker {
  private problems = 0;
  private readonly report: ConfigReport;

  constructor(outer: ConfigReport) {
    this.report = (finding, at, part) => {
      if ((finding.severity ?? "error") === "error") this.problems++;
      outer(finding, at, part);
    };
  }

  /** Checks `value` against `node`; `parent` is the nearest mapping around it, for subtree checks. */
  walk(node: ConfigNode, value: unknown, path: FieldPath, parent: Mapping = {}): void {
    const before = this.problems;
    const name = fieldName(path);
    const report = this.report;
    switch (node.kind) {
      case "object":
        if (!isMapping(value)) wrongType(node, value, path, report);
        else this.walkObject(node, value, path);
        break;
      case "list":
        if (!Array.isArray(value)) wrongType(node, value, path, report);
        else {
          value.forEach((item, i) => {
            if (item === null)
              report({ code: "wrong-type", message: `${name}[${i}] is an empty list item` }, [...path, i]);
            else this.walk(node.items, item, [...path, i], parent);
          });
          if (this.problems === before) node.check?.(value, path, report);
        }
        break;
      case "string":
        if (typeof value !== "string") wrongType(node, value, path, report);
        else {
          const finding =
            value === "" ? { code: "invalid-value", message: `${name} is empty` } : node.check?.(value, name);
          if (finding !== undefined) report(finding, path);
        }
        break;
      case "int":
        if (typeof value !== "number" || !Number.isInteger(value)) wrongType(node, value, path, report);
        else if (value < node.min || (node.max !== undefined && value > node.max)) {
          const range = node.max === undefined ? `at least ${node.min}` : `${node.min}-${node.max}`;
          report({ code: "invalid-value", message: `${name} must be ${range}, not ${value}` }, path);
        }
        break;
      case "bool":
        if (typeof value !== "boolean") wrongType(node, value, path, report);
        break;
      case "validated":
        for (const issue of node.check(value, parent)) subtreeIssue(issue, path, report);
        break;
      case "enum":
        if (typeof value !== "string") wrongType(node, value, path, report);
        else if (!node.values.includes(value)) {
          const close = suggest(value, node.values);
          const message = `${name} must be one of ${node.values.join(", ")}`;
          report(
            { code: "invalid-value", message, ...(close ? { fix: `did you mean ${close}?` } : {}) },
            path,
          );
        }
        break;
    }
  }

  private walkObject(node: ObjectNode, value: Mapping, path: FieldPath): void {
    const before = this.problems;
    for (const [key, v] of Object.entries(value)) {
      const field = Object.hasOwn(node.fields, key) ? node.fields[key] : undefined;
      if (field === undefined) unknownField(key, Object.keys(node.fields), path, this.report);
      else if (v !== null) this.walk(field, v, [...path, key], value);
    }
    for (const key of node.required) {
      if (value[key] === undefined || value[key] === null)
        this.report({ code: "missing-field", message: `${fieldName(path)} has no ${key}` }, path, "key");
    }
    if (this.problems === before) node.check?.(value, path, this.report);
  }
}

/** Reports a subtree check's issue at its field (an unknown field at its key), keeping its severity and fix. */
function subtreeIssue(issue: Issue, path: FieldPath, report: ConfigReport): void {
  const at = [...path, ...parsePath(issue.path ?? "")];
  const { code, severity, message, fix } = issue;
  report(
    { code, severity, message, ...(fix === undefined ? {} : { fix }) },
    at,
    code === "unknown-field" ? "key" : "value",
  );
}

function unknownField(key: string, known: readonly string[], path: FieldPath, report: ConfigReport): void {
  const where = path.length === 0 ? "" : ` in ${shownPath(path)}`;
  if (!plainKey.test(key)) {
    report({ code: "unknown-field", message: `unknown field${where}` }, [...path, key], "key");
    return;
  }
  const close = suggest(key, known);
  const message = `unknown field ${key}${where}${close === undefined ? "" : `, did you mean ${close}?`}`;
  const fix =
    close === undefined ? `remove it; known fields: ${known.join(", ")}` : `rename ${key} to ${close}`;
  report({ code: "unknown-field", message, fix }, [...path, key], "key");
}

function wrongType(node: TypedNode, value: unknown, path: FieldPath, report: ConfigReport): void {
  const message = `${fieldName(path)} must be ${expected[node.kind]}, not ${typeOf(value)}`;
  let fix: string | undefined;
  if (node.kind === "int" && typeof value === "string" && /^\d+$/.test(value)) fix = "remove the quotes";
  else if (node.kind === "bool" && typeof value !== "object") fix = "write true or false";
  else if ((node.kind === "string" || node.kind === "enum") && typeof value !== "object")
    fix = "quote the value";
  else if (node.kind === "list" && !Array.isArray(value))
    fix = "write it as a list (prefix each item with `- `)";
  report({ code: "wrong-type", message, ...(fix === undefined ? {} : { fix }) }, path);
}
