// `netward flows show`: each flow record with its ends as the snapshot knew them, the model's verdict and rule, and drift.
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { Attributor, compileSnapshot, type AttributedFlow } from "@netward/core";
import { attributedText } from "../flows/attributed-text.js";
import { parseFlowBytes, UnknownFormatError } from "../flows/ingest-pipeline.js";
import { readStdin } from "../inputs/files.js";
import { readOptions, withFlowReadOptions, type FlowReadFlags } from "./flow-read-options.js";
import { fileProblem } from "./file-problem.js";
import { expandFlowSources } from "./flow-sources.js";
import { issueWhere } from "./issues-text.js";
import { loadSnapshot } from "./load-engine.js";
import { UsageError } from "./usage-error.js";
import { withManifestOptions, type ManifestOptions } from "./validate.js";

interface ShowOptions extends ManifestOptions, FlowReadFlags {
  manifests: string[];
  only: string;
  output: string;
}

const filters: Record<string, (a: AttributedFlow) => boolean> = {
  all: () => true,
  denied: (a) => (a.enforced?.verdict ?? a.flow.action) === "deny",
  drift: (a) => a.drift !== undefined,
  unattributed: (a) => a.enforced === undefined,
};

/** A source file's bytes; a file that cannot be read is a usage error naming it. */
async function readSource(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (err) {
    const problem = fileProblem(err, path);
    throw problem === undefined ? err : new UsageError(problem);
  }
}

/** Registers `flows show` under the `flows` command. */
export function registerFlowsShow(flows: Command, setExit: (code: number) => void): void {
  withManifestOptions(
    withFlowReadOptions(flows.command("show"))
      .description(
        "explain flow records without storing them: each one's ends, the model's verdict with the deciding rule per side, and drift",
      )
      .argument("<sources...>", "flow files, folders of them, or - for standard input")
      .requiredOption("-m, --manifests <paths...>", "manifests to attribute the flows with")
      .option("--only <which>", `${Object.keys(filters).join(", ")}`, "all")
      .option("-o, --output <format>", "text, or jsonl (one attributed record a line)", "text"),
  ).action(async (sources: string[], opts: ShowOptions) => {
    const keep = filters[opts.only];
    if (keep === undefined)
      throw new UsageError(`--only must be one of ${Object.keys(filters).join(", ")}, not ${opts.only}`);
    if (opts.output !== "text" && opts.output !== "jsonl")
      throw new UsageError(`-o must be text or jsonl, not ${opts.output}`);
    const read = readOptions(opts);
    const attributor = new Attributor(
      compileSnapshot(await loadSnapshot(opts.manifests, opts), { calicoVersion: opts.calicoVersion }),
    );
    for (const { path: source, inFolder } of await expandFlowSources(sources, false)) {
      const bytes = source === "-" ? await readStdin() : await readSource(source);
      let parsed;
      try {
        parsed = parseFlowBytes(bytes, source, read);
      } catch (err) {
        if (!(err instanceof UnknownFormatError)) throw err;
        if (!inFolder) throw new UsageError(err.message);
        process.stderr.write(`${source}: not a flow file netward reads (format not recognised); skipped\n`);
        continue;
      }
      for (const issue of parsed.issues)
        process.stderr.write(`${issueWhere(issue)}: ${issue.severity}: ${issue.message}\n`);
      for (const flow of parsed.flows) {
        const a = attributor.attribute(flow);
        if (!keep(a)) continue;
        process.stdout.write(opts.output === "jsonl" ? `${JSON.stringify(a)}\n` : `${attributedText(a)}\n`);
      }
    }
    setExit(0);
  });
}
