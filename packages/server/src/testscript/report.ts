// Renders test script results for people: a diff-style block per failure and the `N passed, N failed` line.
import { formatByClause, sideCause, type Hit, type PolicyRef, type SideVerdict } from "@netward/core";
import type { Paint } from "../cli/color.js";
import { issueWhere } from "../cli/issues-text.js";
import type { AssertionResult, ScriptResult } from "./run.js";

const indent = " ".repeat(12);

/** A policy as a by clause names it: `[staged:][<namespace>/]<name>`. */
function policyName(ref: PolicyRef): string {
  return `${ref.kind.startsWith("Staged") ? "staged:" : ""}${ref.namespace !== undefined ? `${ref.namespace}/` : ""}${ref.name}`;
}

/** One hit as `tier|policy rule N`, `tier|policy end of tier (selected by ...)` or `profile <name> rule N`. */
function describeHit(hit: Hit): string {
  if (hit.kind === "Profile")
    return `profile ${hit.name} ${hit.ruleIndex < 0 ? "end of profiles" : `rule ${hit.ruleIndex}`}`;
  const where = `${hit.tier}|${policyName(hit)}`;
  if (hit.ruleIndex >= 0) return `${where} rule ${hit.ruleIndex}`;
  const selected = (hit.selectedBy ?? []).map(policyName);
  return `${where} end of tier${selected.length > 0 ? ` (selected by ${selected.join(", ")})` : ""}`;
}

/** What decided a side, then (on a second line) the other hits on the way: logs, passes, a profile's pass. */
export function describeSide(side: SideVerdict): string[] {
  const cause = sideCause(side);
  const reason = side.reason !== undefined ? ` (${side.reason})` : "";
  const main =
    cause.kind === "hit"
      ? describeHit(cause.hit)
      : `${cause.kind === "failsafe" ? "failsafe" : "no policy"}${reason}`;
  const via = side.hits
    .filter((h) => cause.kind !== "hit" || h !== cause.hit)
    .map((h) => `${h.action} ${describeHit(h)}`);
  return via.length > 0 ? [main, `via ${via.join(", ")}`] : [main];
}

function failure(file: string, a: AssertionResult, paint: Paint): string[] {
  const lines = [
    `${paint(["red", "bold"], "FAIL")} ${paint("bold", `${file}:${a.step.line}`)}  ${a.step.text}`,
  ];
  const by = a.step.by !== undefined ? ` by ${formatByClause(a.step.by)}` : "";
  lines.push(`  expected  ${paint("green", `${a.step.expect}${by}`)}`);
  if (a.error !== undefined) return [...lines, `  error     ${paint("red", a.error)}`];
  const v = a.verdict!;
  lines.push(`  actual    ${paint("red", v.verdict)}`);
  const sides = [
    ["egress ", v.egress],
    ["forward", v.forward],
    ["ingress", v.ingress],
  ] as const;
  for (const [name, side] of sides) {
    if (side === undefined) continue;
    const [main, ...more] = describeSide(side);
    lines.push(`${indent}${name} ${side.verdict.padEnd(5)}  ${main}`);
    for (const m of more) lines.push(`${indent}${" ".repeat(15)}${paint("dim", m)}`);
  }
  for (const u of v.uncertain ?? []) lines.push(`${indent}${paint("yellow", `uncertain: ${u}`)}`);
  return lines;
}

function issueLines(
  i: { code: string; message: string; fix?: string },
  where: string,
  paint: Paint,
): string[] {
  const lines = [`  ${paint("bold", where)}  ${paint("dim", i.code)}  ${i.message}`];
  return i.fix !== undefined ? [...lines, `    ${paint("green", `fix: ${i.fix}`)}`] : lines;
}

/** The report of one script: nothing when it passed. */
function renderScript(r: ScriptResult, paint: Paint): string[] {
  const lines: string[] = [];
  if (r.scriptIssues.length > 0) {
    lines.push(`${paint(["red", "bold"], "ERROR")} ${paint("bold", r.file)}  the script cannot run`);
    for (const i of r.scriptIssues) lines.push(...issueLines(i, issueWhere(i), paint));
  }
  if (r.loadErrors.length > 0) {
    const n = r.loadErrors.length;
    lines.push(
      `${paint(["red", "bold"], "FAIL")} ${paint("bold", r.file)}  ${n} error${n === 1 ? "" : "s"} in the loaded manifests`,
    );
    for (const i of r.loadErrors) lines.push(...issueLines(i, issueWhere(i), paint));
  }
  for (const a of r.assertions) if (!a.pass) lines.push(...failure(r.file, a, paint));
  return lines;
}

/** Counts passed assertions, and failures: failed assertions plus scripts that could not run or loaded with errors. */
export function countResults(results: readonly ScriptResult[]): { passed: number; failed: number } {
  let passed = 0;
  let failed = 0;
  for (const r of results) {
    if (r.scriptIssues.length > 0 || r.loadErrors.length > 0) failed++;
    for (const a of r.assertions)
      if (a.pass) passed++;
      else failed++;
  }
  return { passed, failed };
}

/** The whole report: every failure, then `N passed, N failed`. */
export function renderReport(results: readonly ScriptResult[], paint: Paint): string {
  const lines = results.flatMap((r) => renderScript(r, paint));
  const { passed, failed } = countResults(results);
  const summary = `${passed} passed, ${failed} failed`;
  lines.push(failed > 0 ? paint("red", summary) : paint("green", summary));
  return lines.join("\n") + "\n";
}
