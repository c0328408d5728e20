// Parses a netward test script (.nwt) into steps; every bad line becomes a located script-syntax issue.
import type { Issue } from "../model/issue.js";
import type { CalicoVersion } from "../load/kinds/calico-names.js";
import { suggest } from "../schema/suggest.js";
import { parseAssertion, type LineResult } from "./assertion.js";
import { tokenize, type Token } from "./tokens.js";
import type { OptionStep, TestStep } from "./types.js";

/** The good steps of a script, in order, and an issue for every bad line. */
export interface ParsedTestScript {
  steps: TestStep[];
  issues: Issue[];
}

const statements = ["load", "option", "allow", "deny"];
const versions: readonly CalicoVersion[] = ["v3.31", "v3.32"];

function loadPath(line: string, tokens: readonly Token[]): LineResult<string> {
  const first = tokens[1];
  const last = tokens[tokens.length - 1]!;
  if (first === undefined)
    return { ok: false, column: last.column, error: "load needs a file or folder", fix: "write load <path>" };
  return { ok: true, value: line.slice(first.column - 1, last.column - 1 + last.text.length) };
}

function option(tokens: readonly Token[]): LineResult<OptionStep["value"]> {
  const [head, name, value, extra] = tokens as [Token, Token?, Token?, Token?];
  const usage = "write option calico-version v3.31 (or v3.32)";
  if (name === undefined || value === undefined)
    return { ok: false, column: head.column, error: "option needs a name and a value", fix: usage };
  if (name.text !== "calico-version") {
    const near = suggest(name.text, ["calico-version"]);
    return {
      ok: false,
      column: name.column,
      error: `unknown option ${JSON.stringify(name.text)}; the only option is calico-version`,
      ...(near !== undefined && { fix: usage }),
    };
  }
  const version = versions.find((v) => v === value.text);
  if (version === undefined) {
    const near = suggest(value.text, versions) ?? versions.find((v) => v === `v${value.text}`);
    return {
      ok: false,
      column: value.column,
      error: `calico-version ${JSON.stringify(value.text)} is not supported: use v3.31 or v3.32`,
      ...(near !== undefined && { fix: `write option calico-version ${near}` }),
    };
  }
  if (extra !== undefined)
    return {
      ok: false,
      column: extra.column,
      error: `unexpected ${JSON.stringify(extra.text)} after the option value`,
    };
  return { ok: true, value: version };
}

/** Parses script text; never throws. `file` is used only to locate issues. */
export function parseTestScript(text: string, file: string): ParsedTestScript {
  const steps: TestStep[] = [];
  const issues: Issue[] = [];
  let loaded = false;
  let asserted = false;
  let versionLine: number | undefined;
  text.split(/\r?\n/).forEach((lineText, index) => {
    const line = index + 1;
    const tokens = tokenize(lineText);
    const head = tokens[0];
    if (head === undefined) return;
    const report = (r: { column: number; error: string; fix?: string }): void => {
      issues.push({
        code: "script-syntax",
        severity: "error",
        message: r.error,
        ...(r.fix !== undefined && { fix: r.fix }),
        file,
        line,
        column: r.column,
      });
    };
    if (head.text === "load") {
      const r = loadPath(lineText, tokens);
      if (!r.ok) return report(r);
      loaded = true;
      steps.push({ kind: "load", line, path: r.value });
    } else if (head.text === "option") {
      const r = option(tokens);
      if (!r.ok) return report(r);
      if (asserted)
        return report({ column: head.column, error: "options must come before the first assertion" });
      if (versionLine !== undefined)
        return report({ column: head.column, error: `calico-version is already set on line ${versionLine}` });
      versionLine = line;
      steps.push({ kind: "option", line, name: "calico-version", value: r.value });
    } else if (head.text === "allow" || head.text === "deny") {
      const r = parseAssertion(tokens);
      if (!r.ok) return report(r);
      asserted = true;
      if (!loaded)
        return report({
          column: head.column,
          error: "nothing is loaded yet",
          fix: "add load <path> above the first assertion",
        });
      steps.push({ kind: "assert", line, ...r.value });
    } else {
      const near = suggest(head.text, statements);
      report({
        column: head.column,
        error: `unknown statement ${JSON.stringify(head.text)}: lines start with load, option, allow, deny or #`,
        ...(near !== undefined && { fix: `write ${near}` }),
      });
    }
  });
  return { steps, issues };
}
