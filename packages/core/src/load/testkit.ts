// Test helpers: load plain objects as if they were parsed documents (positions are not under test here).
import type { Issue } from "../model/issue.js";
import type { SourceDocument } from "../model/source.js";
import { loadDocuments, type LoadOptions, type LoadResult } from "./loader.js";

/** Wraps a plain value as a document whose locator knows no positions. */
export function docOf(value: unknown, file = "test.yaml"): SourceDocument {
  return {
    file,
    start: { line: 1, column: 1 },
    end: { line: 1, column: 1 },
    value,
    locator: { locate: () => undefined },
  };
}

/** Loads plain values as documents. */
export function loadValues(values: readonly unknown[], options: LoadOptions = {}): LoadResult {
  return loadDocuments(
    values.map((v) => docOf(v)),
    options,
  );
}

/** The issues of one plain object, as `code path` strings for compact assertions. */
export function issuesOf(value: unknown, options: LoadOptions = {}): string[] {
  return loadValues([value], options).issues.map((i: Issue) => `${i.code} ${i.path ?? ""}`.trim());
}
