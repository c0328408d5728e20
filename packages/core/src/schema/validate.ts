// The schema walker: checks a plain value against a schema and reports every defect with its path.
import type { CheckContext, ObjectSchema, Schema } from "./schema.js";
import { suggest } from "./suggest.js";
import type { FieldPath } from "./path.js";

/** Describes a value's type for messages, e.g. `a string ("high")`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string")
    return `a string (${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)})`;
  if (typeof value === "number")
    return Number.isInteger(value) ? `an integer (${value})` : `a number (${value})`;
  if (typeof value === "boolean") return `a boolean (${String(value)})`;
  if (typeof value === "object") return "a mapping";
  return typeof value;
}

/** True for a YAML/JSON mapping (a plain object, not a list). */
export function isMapping(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const expected: Record<Schema["kind"], string> = {
  object: "a mapping",
  array: "a list",
  map: "a mapping",
  string: "a string",
  enum: "a string",
  int: "an integer",
  number: "a number",
  bool: "a boolean (true or false)",
  intOrString: "an integer or a string",
  any: "anything",
};

/** Validates `value` against `schema`, reporting through `ctx`; returns the number of errors found. */
export function validate(schema: Schema, value: unknown, path: FieldPath, ctx: CheckContext): number {
  return new Walker(ctx).walk(schema, value, path);
}

/**
 * Walks one document. One counting context serves every node; a subtree's errors are the growth of the
 * counter while it is walked, so cross-field checks run only on sound values without allocating per node.
 */
class Walker {
  private errors = 0;
  private readonly ctx: CheckContext;

  constructor(outer: CheckContext) {
    this.ctx = {
      ...(outer.calicoVersion !== undefined ? { calicoVersion: outer.calicoVersion } : {}),
      report: (finding, at, part) => {
        if ((finding.severity ?? "error") === "error") this.errors++;
        outer.report(finding, at, part);
      },
    };
  }

  walk(schema: Schema, value: unknown, path: FieldPath): number {
    const before = this.errors;
    const ctx = this.ctx;
    switch (schema.kind) {
      case "any":
        break;
      case "object":
        if (!isMapping(value)) wrongType(schema, value, path, ctx);
        else this.walkObject(schema, value, path, ctx);
        break;
      case "map":
        if (!isMapping(value)) wrongType(schema, value, path, ctx);
        else {
          for (const [k, v] of Object.entries(value)) {
            schema.checkKey?.(k, [...path, k], ctx);
            // Go decodes a null map value as the zero value (""), so it is not a type error.
            if (v !== null) this.walk(schema.values, v, [...path, k]);
          }
        }
        break;
      case "array":
        if (!Array.isArray(value)) wrongType(schema, value, path, ctx);
        else {
          value.forEach((item, i) => {
            if (item === null || item === undefined) {
              ctx.report(
                {
                  code: "wrong-type",
                  message: `list item is empty, expected ${expected[schema.items.kind]}`,
                },
                [...path, i],
              );
            } else this.walk(schema.items, item, [...path, i]);
          });
          if (this.errors === before) schema.check?.(value, path, ctx);
        }
        break;
      case "string":
        if (typeof value !== "string") wrongType(schema, value, path, ctx);
        else schema.check?.(value, path, ctx);
        break;
      case "enum":
        if (typeof value !== "string") wrongType(schema, value, path, ctx);
        else if (!schema.values.includes(value)) reportEnum(schema.values, value, path, ctx);
        break;
      case "int":
        if (typeof value !== "number" || !Number.isInteger(value)) wrongType(schema, value, path, ctx);
        else if (
          (schema.min !== undefined && value < schema.min) ||
          (schema.max !== undefined && value > schema.max)
        ) {
          const range = `${schema.min ?? "…"} to ${schema.max ?? "…"}`;
          ctx.report({ code: "invalid-value", message: `${value} is out of range (${range})` }, path);
        } else schema.check?.(value, path, ctx);
        break;
      case "number":
        if (typeof value !== "number" || !Number.isFinite(value)) wrongType(schema, value, path, ctx);
        break;
      case "bool":
        if (typeof value !== "boolean") wrongType(schema, value, path, ctx);
        break;
      case "intOrString":
        if (typeof value === "string" || (typeof value === "number" && Number.isInteger(value))) {
          schema.check?.(value, path, ctx);
        } else wrongType(schema, value, path, ctx);
        break;
    }
    return this.errors - before;
  }

  private walkObject(
    schema: ObjectSchema,
    value: Readonly<Record<string, unknown>>,
    path: FieldPath,
    ctx: CheckContext,
  ): void {
    const before = this.errors;
    for (const [key, v] of Object.entries(value)) {
      const field = schema.fields[key];
      if (field === undefined) {
        if (!schema.open) {
          reportUnknown(key, Object.keys(schema.fields), [...path, key], ctx);
        }
      } else if (v !== null && v !== undefined) {
        this.walk(field, v, [...path, key]);
      }
    }
    for (const key of schema.required) {
      if (value[key] === undefined || value[key] === null) {
        ctx.report({ code: "missing-field", message: `missing required field ${key}` }, path, "key");
      }
    }
    if (this.errors === before) schema.check?.(withoutNulls(value), path, ctx);
  }
}

/** The mapping without null-valued fields: Kubernetes and Calico read `field: null` as an absent field. */
function withoutNulls(value: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  if (!Object.values(value).includes(null)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
}

function reportUnknown(key: string, known: readonly string[], path: FieldPath, ctx: CheckContext): void {
  const close = suggest(key, known);
  if (close === undefined) {
    ctx.report({ code: "unknown-field", message: `unknown field ${key}` }, path, "key");
  } else {
    const message = `unknown field ${key}, did you mean ${close}?`;
    ctx.report({ code: "unknown-field", message, fix: `rename ${key} to ${close}` }, path, "key");
  }
}

function reportEnum(values: readonly string[], value: string, path: FieldPath, ctx: CheckContext): void {
  const close = suggest(value, values);
  const finding = {
    code: "invalid-value",
    message: `${JSON.stringify(value)} is not one of ${values.join(", ")}`,
  };
  ctx.report(close ? { ...finding, fix: `did you mean ${close}?` } : finding, path);
}

function wrongType(schema: Schema, value: unknown, path: FieldPath, ctx: CheckContext): void {
  const finding = {
    code: "wrong-type",
    message: `expected ${expected[schema.kind]}, got ${describeValue(value)}`,
  };
  if (schema.kind === "string" || schema.kind === "enum") {
    if (typeof value === "number" || typeof value === "boolean") {
      ctx.report({ ...finding, fix: `quote the value: "${String(value)}"` }, path);
      return;
    }
  }
  if (
    (schema.kind === "int" || schema.kind === "number") &&
    typeof value === "string" &&
    /^-?\d+(\.\d+)?$/.test(value)
  ) {
    ctx.report({ ...finding, fix: `remove the quotes: ${value}` }, path);
    return;
  }
  if (schema.kind === "array" && value !== null && !Array.isArray(value)) {
    ctx.report({ ...finding, fix: "write it as a list item (prefix it with `- `)" }, path);
    return;
  }
  ctx.report(finding, path);
}
