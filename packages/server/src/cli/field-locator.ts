// Finds fields of loaded objects again in the documents they were parsed from, for findings about a field.
import type { FieldLocator, FieldPath, Position, SourceDocument, SourceRef } from "@netward/core";

const same = (a: Position | undefined, b: SourceRef) => a?.line === b.line && a.column === b.column;

/** The path of the object inside its document: the root, or the item of a List that starts there. */
function basePath(doc: SourceDocument, object: SourceRef): FieldPath | undefined {
  const items = (doc.value as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) return [];
  const i = items.findIndex((_, n) => same(doc.locator.locate(["items", n], "key"), object));
  return i >= 0 ? ["items", i] : undefined;
}

/** A locator over parsed documents: the exact field's key (or list item), or undefined when it is absent. */
export function fieldLocator(documents: readonly SourceDocument[]): FieldLocator {
  const byFile = new Map<string, SourceDocument[]>();
  for (const d of documents) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  return (object, path) => {
    const doc = byFile
      .get(object.file)
      ?.find((d) => d.start.line <= object.line && object.line <= d.end.line);
    const base = doc && basePath(doc, object);
    return base && doc.locator.locate([...base, ...path], "key");
  };
}
