// Tests for the schema walker: types, unknown and missing fields, and when cross-field checks run.
import { describe, expect, it } from "vitest";
import type { FieldPath } from "./path.js";
import {
  array,
  bool,
  int,
  intOrString,
  map,
  number,
  object,
  oneOf,
  string,
  type Finding,
  type Part,
  type Schema,
} from "./schema.js";
import { describeValue, validate } from "./validate.js";

function run(schema: Schema, value: unknown): { code: string; path: string; part: Part; fix?: string }[] {
  const out: { code: string; path: string; part: Part; fix?: string }[] = [];
  validate(schema, value, [], {
    report(f: Finding, path: FieldPath, part: Part = "value") {
      out.push({ code: f.code, path: path.join("."), part, ...(f.fix !== undefined ? { fix: f.fix } : {}) });
    },
  });
  return out;
}

const schema = object(
  {
    name: string(),
    count: int(1, 3),
    ratio: number,
    on: bool,
    kind: oneOf("Allow", "Deny"),
    port: intOrString(),
    items: array(object({ a: string() })),
    labels: map(string()),
  },
  { required: ["name"] },
);

describe("validate", () => {
  it("accepts a sound value", () => {
    expect(
      run(schema, {
        name: "x",
        count: 2,
        ratio: 0.5,
        on: true,
        kind: "Allow",
        port: "http",
        items: [{ a: "b" }],
        labels: { k: "v" },
      }),
    ).toEqual([]);
  });

  it("reports unknown fields at the key with a suggestion", () => {
    expect(run(schema, { name: "x", Count: 1 })).toEqual([
      { code: "unknown-field", path: "Count", part: "key", fix: "rename Count to count" },
    ]);
    expect(run(schema, { name: "x", zzz: 1 })).toEqual([{ code: "unknown-field", path: "zzz", part: "key" }]);
  });

  it("reports missing required fields at the parent, and treats null as absent", () => {
    expect(run(schema, {})).toEqual([{ code: "missing-field", path: "", part: "key" }]);
    expect(run(schema, { name: null })).toEqual([{ code: "missing-field", path: "", part: "key" }]);
    expect(run(schema, { name: "x", count: null })).toEqual([]);
  });

  it("reports wrong types with fixes where obvious", () => {
    expect(run(schema, { name: 3 })).toEqual([
      { code: "wrong-type", path: "name", part: "value", fix: 'quote the value: "3"' },
    ]);
    expect(run(schema, { name: "x", count: "2" })).toEqual([
      { code: "wrong-type", path: "count", part: "value", fix: "remove the quotes: 2" },
    ]);
    expect(run(schema, { name: "x", items: { a: "b" } })[0]?.code).toBe("wrong-type");
    expect(run(schema, { name: "x", on: "true" })[0]?.code).toBe("wrong-type");
    expect(run(schema, { name: "x", count: 1.5 })[0]?.code).toBe("wrong-type");
    expect(run(schema, { name: "x", port: [80] })[0]?.code).toBe("wrong-type");
  });

  it("reports out-of-range integers and enum misses with a suggestion", () => {
    expect(run(schema, { name: "x", count: 4 })).toEqual([
      { code: "invalid-value", path: "count", part: "value" },
    ]);
    expect(run(schema, { name: "x", kind: "allow" })).toEqual([
      { code: "invalid-value", path: "kind", part: "value", fix: "did you mean Allow?" },
    ]);
  });

  it("reports empty list items", () => {
    expect(run(schema, { name: "x", items: [null] })).toEqual([
      { code: "wrong-type", path: "items.0", part: "value" },
    ]);
  });

  it("runs cross-field checks only on subtrees without errors", () => {
    const checked: unknown[] = [];
    const s = object({ a: int(), b: int() }, { check: (v) => void checked.push(v) });
    run(s, { a: 1, b: "x" });
    expect(checked).toEqual([]);
    run(s, { a: 1, b: 2 });
    expect(checked).toEqual([{ a: 1, b: 2 }]);
  });

  it("returns the number of errors, not counting warnings", () => {
    const s = string((_v, p, c) => c.report({ code: "w", message: "m", severity: "warning" }, p));
    const count = validate(object({ a: s, b: int() }), { a: "x", b: "y" }, [], { report: () => undefined });
    expect(count).toBe(1);
  });

  it("describes values for messages", () => {
    expect(describeValue("high")).toBe('a string ("high")');
    expect(describeValue(3)).toBe("an integer (3)");
    expect(describeValue([1])).toBe("a list");
    expect(describeValue(null)).toBe("nothing");
  });
});

describe("cross-field checks", () => {
  it("see null fields as absent", () => {
    const seen: unknown[] = [];
    validate(
      object({ a: object({ b: string() }), c: string() }, { check: (v) => void seen.push(v) }),
      { a: null, c: "x" },
      [],
      {
        report: () => undefined,
      },
    );
    expect(seen).toEqual([{ c: "x" }]);
  });
});

describe("follow-on errors", () => {
  it("skip an object's own check when it has unknown or missing fields", () => {
    const seen: unknown[] = [];
    const s = object({ a: string(), b: string() }, { required: ["a"], check: (v) => void seen.push(v) });
    validate(s, { a: "x", c: "typo" }, [], { report: () => undefined });
    validate(s, { b: "x" }, [], { report: () => undefined });
    expect(seen).toEqual([]);
  });

  it("null map values are not type errors (Go decodes them as empty strings)", () => {
    expect(run(object({ labels: map(string()) }), { labels: { app: null } })).toEqual([]);
  });
});
