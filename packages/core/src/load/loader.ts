// Turns parsed documents into validated objects: unpacks Lists, identifies kinds, validates, removes duplicates.
import type { Issue, Position } from "../model/issue.js";
import { lazySourceRef, type SourceDocument, type SourceRef } from "../model/source.js";
import { formatPath, type FieldPath } from "../schema/path.js";
import type { CheckContext, Finding, Part } from "../schema/schema.js";
import { suggest } from "../schema/suggest.js";
import { isMapping, validate } from "../schema/validate.js";
import { policyNameFindings, type CalicoVersion } from "./kinds/calico-names.js";
import { apiVersionOf, kinds, kindsNamed, splitApiVersion, type KindInfo } from "./registry.js";

/** Options that change how manifests are read. */
export interface LoadOptions {
  /** Calico release whose rules apply (default v3.31). */
  calicoVersion?: CalicoVersion;
  /** Namespace for namespaced objects that name none (default `default`, as kubectl does). */
  defaultNamespace?: string;
}

/** A document that passed validation, with its identity and origin. */
export interface LoadedObject {
  info: KindInfo;
  apiVersion: string;
  name: string;
  /** Set for namespaced kinds (defaulted when the document names none). */
  namespace?: string;
  value: Readonly<Record<string, unknown>>;
  /** Where the object starts. */
  source: SourceRef;
  /** Where its `metadata.name` is, for messages about the object's identity. */
  nameAt: SourceRef;
}

/** The outcome of loading: every good object and every issue, in input order. */
export interface LoadResult {
  objects: LoadedObject[];
  issues: Issue[];
}

type Obj = Readonly<Record<string, unknown>>;

/** Loads documents; a broken document is reported and skipped, the others still load. */
export function loadDocuments(docs: readonly SourceDocument[], options: LoadOptions = {}): LoadResult {
  const result: LoadResult = { objects: [], issues: [] };
  for (const doc of docs) loadDocument(doc, options, result);
  removeDuplicates(result);
  return result;
}

/** Where a path lies in a document, falling back to the nearest ancestor that exists. */
function locate(doc: SourceDocument, path: FieldPath, part: Part): Position {
  for (let n = path.length; n >= 0; n--) {
    const pos = doc.locator.locate(path.slice(0, n), n === path.length ? part : "key");
    if (pos) return pos;
  }
  return doc.start;
}

/** Builds an issue located in `doc`. */
export function issueAt(doc: SourceDocument, finding: Finding, path: FieldPath, part: Part = "value"): Issue {
  const pos = locate(doc, path, part);
  const issue: Issue = {
    code: finding.code,
    severity: finding.severity ?? "error",
    message: finding.message,
    file: doc.file,
    line: pos.line,
    column: pos.column,
  };
  if (path.length > 0) issue.path = formatPath(path);
  if (finding.fix !== undefined) issue.fix = finding.fix;
  return issue;
}

function loadDocument(doc: SourceDocument, options: LoadOptions, result: LoadResult): void {
  const value = doc.value;
  if (value === null || value === undefined) return;
  if (!isMapping(value)) {
    result.issues.push(
      issueAt(
        doc,
        { code: "not-an-object", message: "a manifest must be a mapping with apiVersion and kind" },
        [],
      ),
    );
    return;
  }
  const kind = value["kind"];
  if (typeof kind === "string" && kind.endsWith("List") && Array.isArray(value["items"])) {
    value["items"].forEach((item: unknown, i) => {
      if (isMapping(item)) loadObject(doc, item, ["items", i], options, result);
      else
        result.issues.push(
          issueAt(doc, { code: "not-an-object", message: `${kind} item ${i} is not a mapping` }, [
            "items",
            i,
          ]),
        );
    });
    return;
  }
  loadObject(doc, value, [], options, result);
}

const allKindNames = [...new Set(kinds.map((k) => k.kind))];

/** Finds the kind of an object, reporting unknown kinds and API versions; undefined means skip it. */
function identify(doc: SourceDocument, value: Obj, base: FieldPath, issues: Issue[]): KindInfo | undefined {
  const { apiVersion, kind } = value;
  const missing = ["apiVersion", "kind"].filter((k) => typeof value[k] !== "string");
  for (const field of missing) {
    const finding =
      value[field] === undefined
        ? { code: "missing-field", message: `missing required field ${field}` }
        : { code: "wrong-type", message: `${field} must be a string` };
    issues.push(
      issueAt(
        doc,
        finding,
        value[field] === undefined ? base : [...base, field],
        value[field] === undefined ? "key" : "value",
      ),
    );
  }
  if (typeof apiVersion !== "string" || typeof kind !== "string") return undefined;
  const named = kindsNamed(kind);
  if (named.length === 0) {
    const close = suggest(kind, allKindNames);
    const finding: Finding = close
      ? {
          code: "unknown-kind",
          message: `unknown kind ${kind}, did you mean ${close}?`,
          fix: `write kind: ${close}`,
        }
      : {
          code: "unknown-kind",
          severity: "info",
          message: `${apiVersion} ${kind} is not a policy-relevant kind; skipped`,
        };
    issues.push(issueAt(doc, finding, [...base, "kind"]));
    return undefined;
  }
  const { group, version } = splitApiVersion(apiVersion);
  const info = named.find((k) => k.group === group && k.versions.includes(version));
  if (info) return info;
  const served = named.map(apiVersionOf);
  const fix = served.length === 1 ? { fix: `write apiVersion: ${served[0]!}` } : {};
  const message = `${kind} is not served as ${apiVersion}; netward reads it as ${served.join(" or ")}`;
  issues.push(issueAt(doc, { code: "unknown-api-version", message, ...fix }, [...base, "apiVersion"]));
  return undefined;
}

function loadObject(
  doc: SourceDocument,
  value: Obj,
  base: FieldPath,
  options: LoadOptions,
  result: LoadResult,
): void {
  const issues: Issue[] = [];
  const info = identify(doc, value, base, issues);
  if (info === undefined) {
    result.issues.push(...issues);
    return;
  }
  const meta = isMapping(value["metadata"]) ? value["metadata"] : {};
  const rawName = meta["name"] ?? meta["generateName"];
  const name = typeof rawName === "string" ? rawName : "";
  const namespace = info.namespaced
    ? typeof meta["namespace"] === "string"
      ? meta["namespace"]
      : (options.defaultNamespace ?? "default")
    : undefined;
  const label = `${info.kind} ${namespace !== undefined ? `${namespace}/` : ""}${name || "(unnamed)"}`;
  const ctx: CheckContext = {
    calicoVersion: options.calicoVersion ?? "v3.31",
    report: (finding, path, part) =>
      issues.push(issueAt(doc, { ...finding, message: `${label}: ${finding.message}` }, path, part)),
  };
  validate(info.schema, value, base, ctx);
  if (!issues.some((i) => i.severity === "error")) checkPolicyName(info, value, name, base, options, ctx);
  result.issues.push(...issues);
  if (issues.some((i) => i.severity === "error")) return;
  const source = lazySourceRef(doc.file, () => locate(doc, base, "key"));
  const nameAt = lazySourceRef(doc.file, () =>
    locate(doc, [...base, "metadata", meta["name"] === undefined ? "generateName" : "name"], "value"),
  );
  const object: LoadedObject = {
    info,
    apiVersion: value["apiVersion"] as string,
    name,
    value,
    source,
    nameAt,
  };
  if (namespace !== undefined) object.namespace = namespace;
  result.objects.push(object);
}

const tieredKinds = new Set([
  "NetworkPolicy",
  "GlobalNetworkPolicy",
  "StagedNetworkPolicy",
  "StagedGlobalNetworkPolicy",
]);

function checkPolicyName(
  info: KindInfo,
  value: Obj,
  name: string,
  base: FieldPath,
  options: LoadOptions,
  ctx: CheckContext,
): void {
  if (info.group !== "projectcalico.org" || !tieredKinds.has(info.kind)) return;
  const spec = isMapping(value["spec"]) ? value["spec"] : {};
  const tier = typeof spec["tier"] === "string" && spec["tier"] !== "" ? spec["tier"] : "default";
  const global = info.kind.includes("Global");
  for (const finding of policyNameFindings(name, tier, global, options.calicoVersion ?? "v3.31")) {
    ctx.report(finding, [...base, "metadata", "name"]);
  }
}

function removeDuplicates(result: LoadResult): void {
  const seen = new Map<string, LoadedObject>();
  result.objects = result.objects.filter((o) => {
    const key = `${o.info.group}/${o.info.kind}/${o.namespace ?? ""}/${o.name}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, o);
      return true;
    }
    const where = `${first.source.file}:${first.source.line}`;
    const id = `${o.info.kind} ${o.namespace !== undefined ? `${o.namespace}/` : ""}${o.name}`;
    result.issues.push({
      code: "duplicate-object",
      severity: "error",
      message: `${id} is defined twice; the first definition (${where}) is kept and this one is ignored`,
      fix: `remove one of the two, or give this one another name`,
      file: o.source.file,
      line: o.nameAt.line,
      column: o.nameAt.column,
      path: "metadata.name",
    });
    return false;
  });
}
