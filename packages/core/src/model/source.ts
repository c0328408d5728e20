// Parsed input documents as core sees them: plain values plus a way to find a field's line and column.
import type { FieldPath } from "../schema/path.js";
import type { Part } from "../schema/schema.js";
import type { Position } from "./issue.js";

/** Finds where a field of one document sits in its file; supplied by whoever parsed the text. */
export interface Locator {
  locate(path: FieldPath, part: Part): Position | undefined;
}

/** One YAML or JSON document, already parsed into plain data by the I/O layer. */
export interface SourceDocument {
  /** The file it came from, as the user named it (or `-` for stdin). */
  file: string;
  /** Where the document starts (its first line). */
  start: Position;
  /** Where the document ends (just after its last node). */
  end: Position;
  value: unknown;
  locator: Locator;
}

/** Where a loaded object came from, kept for messages that point back at it. */
export interface SourceRef {
  file: string;
  line: number;
  column: number;
}

/** A SourceRef whose line and column are found only when first read (finding them can mean re-parsing a file). */
class LazySourceRef implements SourceRef {
  private pos: Position | undefined;

  constructor(
    readonly file: string,
    private readonly find: () => Position,
  ) {}

  get line(): number {
    return (this.pos ??= this.find()).line;
  }

  get column(): number {
    return (this.pos ??= this.find()).column;
  }

  /** Serialises as a plain SourceRef. */
  toJSON(): SourceRef {
    return { file: this.file, line: this.line, column: this.column };
  }
}

/** A SourceRef whose line and column are found only when first read (finding them can mean re-parsing a file). */
export function lazySourceRef(file: string, find: () => Position): SourceRef {
  return new LazySourceRef(file, find);
}
