// Loads manifests from paths into a Snapshot: read, parse, validate, build, with every issue located.
import {
  buildSnapshot,
  loadDocuments,
  type Issue,
  type LoadOptions,
  type Snapshot,
  type SourceDocument,
} from "@netward/core";
import { readInputs, type InputText } from "./files.js";
import { parseManifestText } from "./yaml-documents.js";

/** A loaded cluster: the snapshot, the number of good objects, and every issue sorted by place. */
export interface LoadedCluster {
  snapshot: Snapshot;
  objectCount: number;
  files: string[];
  issues: Issue[];
  /** Every parsed document, for finding fields of loaded objects again. */
  documents: SourceDocument[];
}

/** Orders issues by file, line and column. */
export function sortIssues(issues: Issue[]): Issue[] {
  return issues.sort(
    (a, b) =>
      (a.file ?? "").localeCompare(b.file ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
}

/** Reads the texts behind some paths (by default files, folders and standard input). */
export type InputReader = (paths: readonly string[]) => Promise<{ inputs: InputText[]; issues: Issue[] }>;

/** Loads every manifest under `paths`. */
export async function loadCluster(
  paths: readonly string[],
  options: LoadOptions = {},
  read: InputReader = readInputs,
): Promise<LoadedCluster> {
  const { inputs, issues } = await read(paths);
  const documents = inputs.flatMap((input) => {
    const parsed = parseManifestText(input.text, input.file);
    issues.push(...parsed.issues);
    return parsed.documents;
  });
  const loaded = loadDocuments(documents, options);
  const built = buildSnapshot(loaded.objects, options);
  return {
    snapshot: built.snapshot,
    objectCount: loaded.objects.length,
    files: inputs.map((i) => i.file),
    issues: sortIssues([...issues, ...loaded.issues, ...built.issues]),
    documents,
  };
}
