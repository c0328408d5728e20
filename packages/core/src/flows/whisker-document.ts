// Whisker flows as one JSON document (`curl /flows`: `{"total":n,"items":[...]}`, or a plain array), or as lines.
import type { Issue } from "../model/issue.js";
import type { Flow } from "./flow.js";
import { isObject, recordIssue, shown } from "./json-fields.js";
import { readWhiskerRecord, whiskerParser } from "./whisker.js";

/** The 1-based line where each element of the document's flow array starts (root array, or `items` of the root object). */
function itemLines(text: string): number[] {
  const lines: number[] = [];
  const stack: string[] = [];
  let line = 1;
  let inString = false;
  let escaped = false;
  let lastString = "";
  let stringStart = 0;
  let itemsDepth = -1;
  let expect = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === "\\") escaped = true;
      else if (c === '"') {
        inString = false;
        if (stack.length === 1) lastString = text.slice(stringStart, i);
      }
      continue;
    }
    if (expect && c.trim() !== "" && c !== "]") {
      lines.push(line);
      expect = false;
    }
    if (c === '"') {
      inString = true;
      stringStart = i + 1;
    } else if (c === "{" || c === "[") {
      stack.push(c);
      const isItems =
        stack.length === 1 || (stack.length === 2 && stack[0] === "{" && lastString === "items");
      if (c === "[" && itemsDepth === -1 && isItems) {
        itemsDepth = stack.length;
        expect = true;
      }
    } else if (c === "}" || c === "]") stack.pop();
    else if (c === "," && stack.length === itemsDepth) expect = true;
  }
  return lines;
}

const utf8Length = (s: string) => {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
};

function parseLines(text: string, file?: string): { flows: Flow[]; issues: Issue[] } {
  const flows: Flow[] = [];
  const issues: Issue[] = [];
  let offset = 0;
  text.split("\n").forEach((raw, i) => {
    const r = whiskerParser.parseLine({ text: raw.replace(/\r$/, ""), line: i + 1, offset }, file);
    if ("flow" in r) flows.push(r.flow);
    else if ("issue" in r) issues.push(r.issue);
    offset += utf8Length(raw) + 1;
  });
  return { flows, issues };
}

function looksLineOriented(text: string): boolean {
  const first = text.split("\n").find((l) => l.trim() !== "") ?? "";
  if (/^(data|event|id|retry|error)?:/.test(first)) return true;
  try {
    return isObject(JSON.parse(first));
  } catch {
    return false;
  }
}

/**
 * Parses Whisker flows from a whole file: a JSON document (the `/flows` list `{"total","items"}`, an array
 * of flows, or one flow), or, when the text is not one JSON value, one flow or `data:` event per line.
 */
export function parseWhiskerDocument(text: string, file?: string): { flows: Flow[]; issues: Issue[] } {
  if (text.trim() === "") return { flows: [], issues: [] };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    if (looksLineOriented(text)) return parseLines(text, file);
    const reason = shown(e instanceof Error ? e.message : String(e));
    return {
      flows: [],
      issues: [recordIssue({ code: "flow-syntax", message: `not valid JSON: ${reason}` }, 1, file)],
    };
  }
  const list = Array.isArray(doc)
    ? doc
    : isObject(doc) && Array.isArray(doc["items"])
      ? doc["items"]
      : undefined;
  if (!list && !isObject(doc)) {
    const problem = { code: "flow-syntax" as const, message: `expected Whisker flows, got ${shown(doc)}` };
    return { flows: [], issues: [recordIssue(problem, 1, file)] };
  }
  const starts = list ? itemLines(text) : [];
  const entries = list
    ? (list as unknown[]).map((item, i) => ({
        item,
        line: starts[i] ?? 1,
        at: `${Array.isArray(doc) ? "" : "items"}[${i}]`,
      }))
    : [{ item: doc, line: 1, at: "" }];
  const flows: Flow[] = [];
  const issues: Issue[] = [];
  for (const { item, line, at } of entries) {
    const origin = { format: "whisker" as const, ...(file === undefined ? {} : { file }), line };
    const r = isObject(item)
      ? readWhiskerRecord(item, origin)
      : { problem: { code: "flow-syntax" as const, message: `expected a flow object, got ${shown(item)}` } };
    if ("flow" in r) flows.push(r.flow);
    else {
      const inner = r.problem.path;
      const path = at === "" ? inner : inner === undefined ? at : `${at}.${inner}`;
      issues.push(recordIssue({ ...r.problem, ...(path === undefined ? {} : { path }) }, line, file));
    }
  }
  return { flows, issues };
}
