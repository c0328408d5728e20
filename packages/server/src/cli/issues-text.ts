// Renders issues for people: one aligned line per issue, its fix below it, and a summary.
import type { Issue } from "@netward/core";
import type { Paint } from "./color.js";

const severityStyle = { error: "red", warning: "yellow", info: "blue" } as const;

/** Where an issue is, as `file:line:column`. */
export function issueWhere(i: Issue): string {
  return `${i.file ?? "-"}${i.line !== undefined ? `:${i.line}` : ""}${i.column !== undefined ? `:${i.column}` : ""}`;
}

/** Counts issues by severity. */
export function countBySeverity(issues: readonly Issue[]): Record<Issue["severity"], number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const i of issues) counts[i.severity]++;
  return counts;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Renders issues as aligned text lines followed by a one-line summary. */
export function renderIssuesText(
  issues: readonly Issue[],
  summary: { files: number; objects: number },
  paint: Paint,
): string {
  const whereWidth = Math.min(60, Math.max(0, ...issues.map((i) => issueWhere(i).length)));
  const codeWidth = Math.max(0, ...issues.map((i) => i.code.length));
  const lines: string[] = [];
  for (const i of issues) {
    const where = paint("bold", issueWhere(i).padEnd(whereWidth));
    const severity = paint(severityStyle[i.severity], i.severity.padEnd(7));
    const code = paint("dim", i.code.padEnd(codeWidth));
    lines.push(`${where}  ${severity} ${code}  ${i.message}`);
    if (i.fix !== undefined)
      lines.push(`${" ".repeat(whereWidth + codeWidth + 12)}${paint("green", `fix: ${i.fix}`)}`);
  }
  const c = countBySeverity(issues);
  const counts = `${plural(c.error, "error")}, ${plural(c.warning, "warning")}, ${plural(c.info, "info")}`;
  const tail = `in ${plural(summary.files, "file")}; ${plural(summary.objects, "object")} loaded`;
  lines.push(`${c.error > 0 ? paint("red", counts) : paint("green", counts)} ${tail}`);
  return lines.join("\n") + "\n";
}
