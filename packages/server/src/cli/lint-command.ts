// `netward lint <paths...>`: policy mistakes in the loaded manifests, as text, JSON or SARIF, with CI exit codes.
import type { Command } from "commander";
import { lintCodes, lintSnapshot, type Issue, type Severity } from "@netward/core";
import { loadCluster, sortIssues } from "../inputs/load.js";
import { painterFor } from "./color.js";
import { fieldLocator } from "./field-locator.js";
import { renderIssuesSarif } from "./issues-sarif.js";
import { renderIssuesText } from "./issues-text.js";
import { UsageError } from "./usage-error.js";
import { withManifestOptions, type ManifestOptions } from "./validate.js";
import { version } from "./version.js";

interface LintCommandOptions extends ManifestOptions {
  output: string;
  failOn: string;
}

const rank: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };
const isSeverity = (s: string): s is Severity => Object.hasOwn(rank, s);

/** True when any finding is at or above the failing severity. */
export function failsAt(findings: readonly Issue[], failOn: Severity): boolean {
  return findings.some((f) => rank[f.severity] >= rank[failOn]);
}

/** Registers `lint`; the action exits 0 (nothing at or above --fail-on), 1 (findings) or 2 (usage or input error). */
export function registerLint(program: Command, setExit: (code: number) => void): void {
  withManifestOptions(
    program
      .command("lint")
      .description(
        "find policy mistakes: selectors that select nothing, shadowed rules, open namespaces, blocked DNS and more",
      )
      .argument("<paths...>", "files or folders of YAML/JSON manifests, or - for standard input")
      .option("-o, --output <format>", "text, json or sarif", "text")
      .option(
        "--fail-on <severity>",
        "exit 1 on findings of this severity or above: error, warning or info",
        "warning",
      ),
  ).action(async (paths: string[], opts: LintCommandOptions) => {
    if (!["text", "json", "sarif"].includes(opts.output))
      throw new UsageError(`-o must be text, json or sarif, not ${opts.output}`);
    const failOn = opts.failOn;
    if (!isSeverity(failOn)) throw new UsageError(`--fail-on must be error, warning or info, not ${failOn}`);
    const cluster = await loadCluster(paths, {
      calicoVersion: opts.calicoVersion,
      defaultNamespace: opts.namespace,
    });
    const unreadable = cluster.issues.filter((i) => i.code === "read-error");
    if (unreadable.length > 0) throw new UsageError(unreadable.map((i) => i.message).join("; "));
    const loadErrors = cluster.issues.filter((i) => i.severity === "error").length;
    if (loadErrors > 0) {
      const count = `${loadErrors} load error${loadErrors === 1 ? "" : "s"}`;
      process.stderr.write(
        `note: the manifests have ${count}; documents with errors were skipped and the rest linted (run netward validate)\n`,
      );
    }
    const findings = sortIssues(
      lintSnapshot(cluster.snapshot, {
        calicoVersion: opts.calicoVersion,
        locate: fieldLocator(cluster.documents),
      }),
    );
    const summary = { files: cluster.files.length, objects: cluster.objectCount };
    if (opts.output === "json") {
      process.stdout.write(JSON.stringify({ ...summary, loadErrors, findings }, null, 2) + "\n");
    } else if (opts.output === "sarif") {
      process.stdout.write(renderIssuesSarif(findings, version, lintCodes));
    } else {
      process.stdout.write(renderIssuesText(findings, summary, painterFor(process.stdout)));
    }
    setExit(failsAt(findings, failOn) ? 1 : 0);
  });
}
