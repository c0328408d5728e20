// Reads and validates a serve config file, reporting every problem at its file:line:column at once.
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import {
  hasErrors,
  type FieldPath,
  type Issue,
  type Part,
  type Position,
  type Result,
  type SourceDocument,
} from "@netward/core";
import { decodeText } from "../inputs/files.js";
import { parseManifestText } from "../inputs/yaml-documents.js";
import { fileProblem } from "../cli/file-problem.js";
import { checkConfig, isMapping, shownPath } from "./check-config.js";
import { configSchema } from "./config-schema.js";
import type { ConfigFile } from "./serve-config.js";

/** The value without null fields or items: `field:` with nothing after it means the field is left out. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(withoutNulls);
  if (!isMapping(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

/** Where a path lies in the document; a field that is not written (a missing one) points at its nearest ancestor's key. */
function locate(doc: SourceDocument, path: FieldPath, part: Part): Position {
  for (let n = path.length; n >= 0; n--) {
    const at = doc.locator.locate(path.slice(0, n), n === path.length ? part : "key");
    if (at !== undefined) return at;
  }
  return doc.start;
}

/** Checks the one document of a config file; findings are errors unless they say otherwise. */
function checkDocument(doc: SourceDocument, file: string): Issue[] {
  const issues: Issue[] = [];
  checkConfig(configSchema, doc.value, [], ({ severity = "error", ...finding }, path, part = "value") => {
    const at = locate(doc, path, part);
    const issue: Issue = { ...finding, severity, file, line: at.line, column: at.column };
    if (path.length > 0) issue.path = shownPath(path);
    issues.push(issue);
  });
  return issues;
}

/** Parses and validates config text (`file` names it in issues); the value is usable only without errors. */
export function parseConfig(text: string, file: string): Result<ConfigFile> {
  const parsed = parseManifestText(text, file);
  const issues = [...parsed.issues];
  const [first, ...more] = parsed.documents;
  for (const doc of more)
    issues.push({
      code: "invalid-value",
      severity: "error",
      message: `a config file holds one YAML document; this file has ${parsed.documents.length}`,
      fix: "remove the --- separators and merge the documents",
      file,
      line: doc.start.line,
      column: doc.start.column,
    });
  if (first !== undefined && first.value !== null) issues.push(...checkDocument(first, file));
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  const sound = !hasErrors(issues) && first !== undefined && first.value !== null;
  return { value: sound ? (withoutNulls(first.value) as ConfigFile) : {}, issues };
}

/** The config with its relative paths made relative to the config file's folder instead of the working one. */
export function resolvePaths(config: ConfigFile, base: string): ConfigFile {
  const out: ConfigFile = { ...config };
  if (config.data !== undefined) out.data = resolve(base, config.data);
  if (config.tokenFile !== undefined) out.tokenFile = resolve(base, config.tokenFile);
  if (config.manifests !== undefined) out.manifests = config.manifests.map((p) => resolve(base, p));
  if (config.replay?.files !== undefined)
    out.replay = { ...config.replay, files: config.replay.files.map((p) => resolve(base, p)) };
  if (config.follow !== undefined) out.follow = config.follow.map((p) => resolve(base, p));
  return out;
}

/** Reads, decodes, parses and validates the config file at `path`, resolving its paths against its folder. */
export async function loadConfigFile(path: string): Promise<Result<ConfigFile>> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (err) {
    const message = fileProblem(err, path) ?? `cannot read ${path}`;
    return { value: {}, issues: [{ code: "read-error", severity: "error", message, file: path }] };
  }
  const decoded = decodeText(bytes, path);
  const parsed = hasErrors(decoded.issues) ? { value: {}, issues: [] } : parseConfig(decoded.text, path);
  const issues = [...decoded.issues, ...parsed.issues];
  return { value: resolvePaths(parsed.value, dirname(path)), issues };
}
