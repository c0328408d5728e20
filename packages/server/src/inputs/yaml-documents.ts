// Parses YAML or JSON text into core's SourceDocuments, reading YAML as Kubernetes does (YAML 1.1, no timestamps).
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node,
  type ParseOptions,
  type DocumentOptions,
  type SchemaOptions,
} from "yaml";
import type { FieldPath, Issue, Locator, Part, Position, SourceDocument } from "@netward/core";

/** Documents parsed from one text, and the syntax problems found in it. */
export interface ParsedText {
  documents: SourceDocument[];
  issues: Issue[];
}

type Options = ParseOptions & DocumentOptions & SchemaOptions;

/**
 * YAML 1.1 as sigs.k8s.io/yaml reads it: `yes`/`on` are booleans and `0755` is octal, but `1:30` stays a
 * string and dates stay strings (go-yaml v2 has no sexagesimal numbers and keeps timestamps as text).
 */
const yamlOptions: Options = {
  version: "1.1",
  uniqueKeys: true,
  prettyErrors: false,
  customTags: (tags) =>
    tags.filter(
      (t) => typeof t === "string" || (t.format !== "TIME" && t.tag !== "tag:yaml.org,2002:timestamp"),
    ),
};

/** JSON input is read as YAML 1.2, which JSON is a subset of. */
const jsonOptions: Options = { version: "1.2", uniqueKeys: true, prettyErrors: false };

/** A locator over one YAML document's syntax tree. */
class YamlLocator implements Locator {
  constructor(
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  private pos(offset: number): Position {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  locate(path: FieldPath, part: Part): Position | undefined {
    let node: unknown = this.doc.contents;
    let keyNode: Node | undefined;
    for (const seg of path) {
      if (isMap(node) && typeof seg === "string") {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === seg);
        if (!pair) return undefined;
        keyNode = pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === "number") {
        node = node.items[seg];
        keyNode = node as Node | undefined;
      } else return undefined;
    }
    const target =
      part === "key"
        ? (keyNode ?? (node as Node | undefined))
        : ((node as Node | null | undefined) ?? keyNode);
    const range = target?.range;
    return range ? this.pos(range[0]) : undefined;
  }
}

/** True when the text looks like JSON (its first non-blank character opens an object or array). */
export function looksLikeJSON(text: string): boolean {
  return /^\s*[[{]/.test(text);
}

/** The key text at `offset` (for duplicate-key messages), up to the colon. */
function keyAt(text: string, offset: number): string {
  return /^["']?([^"':\n]*)/.exec(text.slice(offset))?.[1]?.trim() ?? "";
}

/** Parses every document of a YAML or JSON text; a broken document yields an issue and no document. */
export function parseManifestText(text: string, file: string): ParsedText {
  const json = file.endsWith(".json") || (file === "-" && looksLikeJSON(text));
  return (json ? parseJSONFast(text, file) : undefined) ?? parseWithPositions(text, file, json);
}

/** Positions of a JSON text, computed only when something asks for one (most documents never do). */
class LazyJSONLocator implements Locator {
  private inner: Locator | undefined;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  locate(path: FieldPath, part: Part): Position | undefined {
    this.inner ??= parseWithPositions(this.text, this.file, true).documents[0]?.locator;
    return this.inner?.locate(path, part);
  }
}

/** The 1-based line of an offset, counting newlines without splitting the text. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** JSON through JSON.parse (many times faster than a YAML parser); undefined when it is not valid JSON. */
function parseJSONFast(text: string, file: string): ParsedText | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const first = text.search(/\S/);
  const start = { line: first < 0 ? 1 : lineOf(text, first), column: 1 };
  const end = { line: lineOf(text, text.trimEnd().length), column: 1 };
  return {
    documents: [{ file, start, end, value, locator: new LazyJSONLocator(text, file) }],
    issues: [],
  };
}

/** Parses with the YAML library, keeping the syntax tree for positions. */
function parseWithPositions(text: string, file: string, json: boolean): ParsedText {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { ...(json ? jsonOptions : yamlOptions), lineCounter: lines });
  const result: ParsedText = { documents: [], issues: [] };
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const problems = [
      ...doc.errors.map((e) => ({ e, severity: "error" as const })),
      ...doc.warnings.map((e) => ({ e, severity: "warning" as const })),
    ];
    for (const { e, severity } of problems) {
      const { line, col } = lines.linePos(e.pos[0]);
      if (e.code === "DUPLICATE_KEY") {
        const key = keyAt(text, e.pos[0]);
        const message = `key ${JSON.stringify(key)} appears twice in the same mapping; Kubernetes rejects the document`;
        result.issues.push({
          code: "duplicate-key",
          severity,
          message,
          fix: `keep one ${key}`,
          file,
          line,
          column: col,
        });
        continue;
      }
      const message = e.message.split("\n")[0]!.replace(/ at line \d+, column \d+.*$/, "");
      result.issues.push({ code: "yaml-syntax", severity, message, file, line, column: col });
    }
    if (doc.errors.length > 0) continue;
    const start = lines.linePos(doc.contents?.range[0] ?? doc.range[0]);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (err) {
      result.issues.push({
        code: "yaml-syntax",
        severity: "error",
        message: (err as Error).message,
        file,
        line: start.line,
        column: start.col,
      });
      continue;
    }
    const end = lines.linePos(doc.contents?.range[2] ?? doc.range[2]);
    result.documents.push({
      file,
      start: { line: start.line, column: start.col },
      end: { line: end.line, column: end.col },
      value,
      locator: new YamlLocator(doc, lines),
    });
  }
  return result;
}
