// `netward validate <paths...>`: load manifests and report every issue as text, JSON or SARIF.
import type { Command } from "commander";
import type { CalicoVersion } from "@netward/core";
import { loadCluster } from "../inputs/load.js";
import { painterFor } from "./color.js";
import { renderIssuesSarif } from "./issues-sarif.js";
import { renderIssuesText } from "./issues-text.js";
import { version } from "./version.js";

/** Options shared by every command that reads manifests. */
export interface ManifestOptions {
  calicoVersion: CalicoVersion;
  namespace: string;
}

/** Adds the manifest-reading options to a command. */
export function withManifestOptions(cmd: Command): Command {
  return cmd
    .option("--calico-version <version>", "Calico release whose rules apply: v3.31 or v3.32", "v3.31")
    .option("-n, --namespace <name>", "namespace for namespaced objects that name none", "default");
}

/** Registers `validate`; the action sets the exit code (0 clean, 1 errors found). */
export function registerValidate(program: Command, setExit: (code: number) => void): void {
  withManifestOptions(
    program
      .command("validate")
      .description("check manifests as strictly as the API servers do; exit 1 when any document has errors")
      .argument("<paths...>", "files or folders of YAML/JSON manifests, or - for standard input")
      .option("-o, --output <format>", "text, json or sarif", "text"),
  ).action(async (paths: string[], opts: ManifestOptions & { output: string }) => {
    const cluster = await loadCluster(paths, {
      calicoVersion: opts.calicoVersion,
      defaultNamespace: opts.namespace,
    });
    const summary = { files: cluster.files.length, objects: cluster.objectCount };
    if (opts.output === "json") {
      process.stdout.write(JSON.stringify({ ...summary, issues: cluster.issues }, null, 2) + "\n");
    } else if (opts.output === "sarif") {
      process.stdout.write(renderIssuesSarif(cluster.issues, version));
    } else {
      process.stdout.write(renderIssuesText(cluster.issues, summary, painterFor(process.stdout)));
    }
    setExit(cluster.issues.some((i) => i.severity === "error") ? 1 : 0);
  });
}
