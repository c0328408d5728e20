// Fuzz tests: malformed YAML and random objects of every kind go through parse, load and snapshot
// without a crash or hang, and every failure comes back as a well-formed Issue.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildSnapshot, kinds, loadDocuments, type Issue } from "@netward/core";
import { parseManifestText } from "./yaml-documents.js";

const examplesDir = join(import.meta.dirname, "../../../../examples");
const corpus = readdirSync(examplesDir, { recursive: true, encoding: "utf8" })
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .map((f) => ({ file: f, text: readFileSync(join(examplesDir, f), "utf8") }));

const junk = [
  ":",
  "- ",
  "{",
  "}",
  "[",
  "]",
  '"',
  "'",
  "\t",
  "\n",
  "  ",
  "&a ",
  "*a",
  "!!binary ",
  "<<: ",
  "---\n",
  "? ",
  "|",
  ">",
  "#",
  "%YAML 1.1\n",
  "\u0000",
  "\uFFFD",
  "💥",
  "null",
  "~",
  "-1",
  "1e999",
  "0x",
  "yes",
];

/** Applies one random edit to a text: delete, insert junk, duplicate or drop a line, re-indent, or truncate. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant("delete" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 20 }) }),
  fc.record({
    op: fc.constant("insert" as const),
    at: fc.nat(),
    what: fc.oneof(fc.constantFrom(...junk), fc.string({ maxLength: 8 })),
  }),
  fc.record({ op: fc.constant("dupline" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("dropline" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("indent" as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ op: fc.constant("truncate" as const), at: fc.nat() }),
);

type Edit = { op: string; at: number; len?: number; what?: string; by?: number };

function mutate(text: string, edits: readonly Edit[]): string {
  let t = text;
  for (const e of edits) {
    const at = t.length === 0 ? 0 : e.at % t.length;
    const lines = t.split("\n");
    const line = lines.length === 0 ? 0 : e.at % lines.length;
    if (e.op === "delete") t = t.slice(0, at) + t.slice(at + (e.len ?? 1));
    else if (e.op === "insert") t = t.slice(0, at) + (e.what ?? "") + t.slice(at);
    else if (e.op === "dupline") t = [...lines.slice(0, line + 1), ...lines.slice(line)].join("\n");
    else if (e.op === "dropline") t = [...lines.slice(0, line), ...lines.slice(line + 1)].join("\n");
    else if (e.op === "indent")
      t = lines
        .map((l, i) => (i === line ? (e.by! > 0 ? " ".repeat(e.by!) + l : l.slice(-e.by!)) : l))
        .join("\n");
    else t = t.slice(0, at);
  }
  return t;
}

function checkIssues(issues: readonly Issue[]): void {
  for (const i of issues) {
    expect(typeof i.code).toBe("string");
    expect(["error", "warning", "info"]).toContain(i.severity);
    expect(i.message.length).toBeGreaterThan(0);
    if (i.line !== undefined) expect(i.line).toBeGreaterThan(0);
  }
}

/** Runs the whole loading path and returns how many documents it saw. */
function loadText(text: string, file: string): number {
  const parsed = parseManifestText(text, file);
  const loaded = loadDocuments(parsed.documents);
  const built = buildSnapshot(loaded.objects);
  checkIssues([...parsed.issues, ...loaded.issues, ...built.issues]);
  return parsed.documents.length + parsed.issues.filter((i) => i.severity === "error").length;
}

describe("fuzz", () => {
  it("survives mutated example files (over 10,000 documents)", () => {
    let documents = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...corpus),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        (input, edits) => {
          documents += loadText(mutate(input.text, edits), input.file);
        },
      ),
      { numRuns: 2500, seed: 20261122 },
    );
    expect(documents).toBeGreaterThan(10_000);
  });

  it("survives random values in every field of every kind (10,000 objects)", () => {
    const kindArb = fc.constantFrom(...kinds);
    const value = fc.anything({
      maxDepth: 4,
      withNullPrototype: true,
      withObjectString: true,
      withBoxedValues: true,
      withSparseArray: true,
    });
    fc.assert(
      fc.property(kindArb, value, value, (info, metadata, spec) => {
        const apiVersion = info.group === "" ? "v1" : `${info.group}/${info.versions[0]!}`;
        const doc = {
          file: "f.yaml",
          start: { line: 1, column: 1 },
          end: { line: 1, column: 1 },
          locator: { locate: () => undefined },
        };
        const loaded = loadDocuments([{ ...doc, value: { apiVersion, kind: info.kind, metadata, spec } }]);
        checkIssues([...loaded.issues, ...buildSnapshot(loaded.objects).issues]);
      }),
      { numRuns: 10_000, seed: 7 },
    );
  });

  it("survives random text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (text) => {
        loadText(text, "r.yaml");
      }),
      { numRuns: 2000, seed: 11 },
    );
  });
});
