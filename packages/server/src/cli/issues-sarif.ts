// Renders issues as SARIF 2.1.0 for code-scanning tools.
import { issueCodes, type Issue } from "@netward/core";

const level = { error: "error", warning: "warning", info: "note" } as const;

/** A SARIF 2.1.0 log with one run holding every issue; `codes` describes the rules (default: load issues). */
export function renderIssuesSarif(
  issues: readonly Issue[],
  version: string,
  codes: Readonly<Record<string, string>> = issueCodes,
): string {
  const used = [...new Set(issues.map((i) => i.code))].sort();
  const results = issues.map((i) => {
    const message = i.fix !== undefined ? `${i.message} Fix: ${i.fix}` : i.message;
    const result: Record<string, unknown> = {
      ruleId: i.code,
      level: level[i.severity],
      message: { text: message },
    };
    if (i.file !== undefined) {
      const region: Record<string, number> = {};
      if (i.line !== undefined) region["startLine"] = i.line;
      if (i.column !== undefined) region["startColumn"] = i.column;
      const physicalLocation: Record<string, unknown> = {
        artifactLocation: { uri: i.file === "-" ? "stdin" : i.file.split("\\").join("/") },
      };
      if (i.line !== undefined) physicalLocation["region"] = region;
      result["locations"] = [{ physicalLocation }];
    }
    if (i.path !== undefined) result["properties"] = { fieldPath: i.path };
    return result;
  });
  const rules = used.map((id) => ({ id, shortDescription: { text: codes[id] ?? id } }));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{ tool: { driver: { name: "netward", version, rules } }, results }],
  };
  return JSON.stringify(log, null, 2) + "\n";
}
