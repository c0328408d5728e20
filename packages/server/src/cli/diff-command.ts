// `netward diff` and `netward preview`: the connections a change of manifests, or enforcing staged policies, adds and removes.
import type { Command } from "commander";
import {
  parseFlowQuery,
  previewFlows,
  Reachability,
  ReachDiff,
  type DiffFilter,
  type Engine,
  type ReachPeer,
} from "@netward/core";
import { readInputsOrGit } from "../inputs/git-files.js";
import { openDuckDBStore, storeFileIn } from "../store/duckdb.js";
import { flowFields } from "../store/flow-store.js";
import { duration } from "./duration.js";
import { previewFlowsJSON, previewFlowsMarkdown, previewFlowsText } from "./preview-flows-formats.js";
import { diffRenderers, type DiffLabels } from "./diff-formats.js";
import { loadEngine } from "./load-engine.js";
import { OutputStream } from "./output-stream.js";
import { reachFilter } from "./reach-command.js";
import { UsageError } from "./usage-error.js";
import { withManifestOptions, type ManifestOptions } from "./validate.js";

interface DiffCommandOptions extends ManifestOptions {
  output: string;
  pending?: boolean;
  perPod?: boolean;
  external: boolean;
  focus?: string;
  direction?: string;
  port?: string;
}

interface PreviewOptions extends DiffCommandOptions {
  flows?: boolean;
  data: string;
  since?: string;
  filter?: string;
}

const formats = Object.keys(diffRenderers);

/** One side to compare: an engine, and whether staged policies count as enforced. */
interface Side {
  engine: Engine;
  pending: boolean;
}

/** True when a reported end is the workload or pod `namespace/name`, or one of that workload's pods. */
function isNamed(p: ReachPeer, name: string): boolean {
  const peer = p.peer;
  if (peer.kind !== "workload" && peer.kind !== "pod") return false;
  return `${peer.namespace}/${peer.name}` === name || p.workload === name;
}

function checkedFilter(opts: DiffCommandOptions): DiffFilter {
  if (!formats.includes(opts.output))
    throw new UsageError(`unknown output format ${opts.output}; use one of ${formats.join(", ")}`);
  return reachFilter({ ...opts, show: "all" });
}

/** Computes both reachabilities, writes the changes, and exits 1 when any pair changed. */
async function compare(
  before: Side,
  after: Side,
  labels: DiffLabels,
  filter: DiffFilter,
  opts: DiffCommandOptions,
  setExit: (code: number) => void,
): Promise<void> {
  const reach = (s: Side) =>
    new Reachability(s.engine, {
      mode: opts.perPod ? "pod" : "workload",
      external: opts.external,
      pending: s.pending,
    });
  const diff = new ReachDiff(
    { reach: reach(before), pending: before.pending },
    { reach: reach(after), pending: after.pending },
    filter,
  );
  const focus = filter.workload;
  if (focus !== undefined && !diff.ends.endpoints.some((e) => isNamed(e.peer, focus)))
    throw new UsageError(`--focus: no workload or pod ${focus} on either side`);
  const changed = await diffRenderers[opts.output]!(diff, labels, new OutputStream());
  setExit(changed > 0 ? 1 : 0);
}

/** The options `diff` and `preview` share with `reach`. */
function withDiffOptions(cmd: Command): Command {
  return withManifestOptions(
    cmd
      .option("-o, --output <format>", formats.join(", "), "text")
      .option("--per-pod", "one end per pod instead of one representative per workload")
      .option("--no-external", "leave out external address ranges")
      .option("--focus <namespace|namespace/name>", "only pairs with an end in this namespace or workload")
      .option(
        "--direction <ingress|egress>",
        "with --focus: only connections into (ingress) or out of (egress) it",
      )
      .option("--port <protocol/port>", "only this protocol and port, e.g. tcp/5432"),
  );
}

/** Registers `diff` and `preview`; exit 0 when nothing changed, 1 when a connection changed, 2 on usage or input error. */
export function registerDiff(program: Command, setExit: (code: number) => void): void {
  withDiffOptions(
    program
      .command("diff")
      .description(
        "connections added, removed and changed between two sets of manifests, and the policies responsible",
      )
      .argument("<old>", "file or folder of manifests, or <git-ref>:<path> (e.g. HEAD~1:deploy/policies)")
      .argument("<new>", "file or folder of manifests, or <git-ref>:<path>")
      .option("--pending", "staged policies as if enforced, on both sides"),
  ).action(async (old: string, next: string, opts: DiffCommandOptions) => {
    const filter = checkedFilter(opts);
    if (old === "-" && next === "-") throw new UsageError("standard input can be only one side of a diff");
    const pending = opts.pending ?? false;
    const before = await loadEngine([old], opts, (p) => readInputsOrGit(p));
    const after = await loadEngine([next], opts, (p) => readInputsOrGit(p));
    await compare(
      { engine: before, pending },
      { engine: after, pending },
      { before: old, after: next },
      filter,
      opts,
      setExit,
    );
  });
  withDiffOptions(
    program
      .command("preview")
      .description(
        "what enforcing the staged policies would add and remove: enforced mode against pending mode",
      )
      .argument("<paths...>", "files or folders of manifests, or <git-ref>:<path>")
      .option("--flows", "replay the stored flows instead: those whose verdict would change, by policy")
      .option("--data <dir>", "with --flows: data directory of the store", "netward-data")
      .option("--since <duration>", "with --flows: only flows of the last 30m, 6h, 7d...")
      .option("--filter <query>", "with --flows: only stored flows matching a flow query"),
  ).action(async (paths: string[], opts: PreviewOptions) => {
    if (opts.flows) {
      await previewStoredFlows(paths, opts, setExit);
      return;
    }
    const filter = checkedFilter(opts);
    const engine = await loadEngine(paths, opts, (p) => readInputsOrGit(p));
    const labels = { before: "enforced", after: "pending (staged policies enforced)" };
    await compare({ engine, pending: false }, { engine, pending: true }, labels, filter, opts, setExit);
  });
}

/** `preview --flows`: stored flows replayed enforced and pending; exit 1 when some verdict would change. */
async function previewStoredFlows(
  paths: string[],
  opts: PreviewOptions,
  setExit: (code: number) => void,
): Promise<void> {
  if (!["text", "json", "md"].includes(opts.output))
    throw new UsageError(`with --flows, -o is text, json or md, not ${opts.output}`);
  const parsed = parseFlowQuery(opts.filter ?? "", { fields: Object.keys(flowFields) });
  if (!parsed.ok) throw new UsageError(`--filter, column ${parsed.error.column}: ${parsed.error.message}`);
  const from = opts.since === undefined ? 0 : Date.now() - duration(opts.since, "--since");
  const engine = await loadEngine(paths, opts, (p) => readInputsOrGit(p));
  const store = await openDuckDBStore(storeFileIn(opts.data));
  let rows;
  try {
    rows = await store.select({ from, to: Number.MAX_SAFE_INTEGER, filter: parsed.query });
  } finally {
    await store.close();
  }
  const preview = previewFlows(engine, rows);
  const since = opts.since === undefined ? "" : ` of the last ${opts.since}`;
  process.stdout.write(
    opts.output === "json"
      ? previewFlowsJSON(preview)
      : opts.output === "md"
        ? previewFlowsMarkdown(preview)
        : previewFlowsText(preview, since),
  );
  setExit(preview.groups.length > 0 ? 1 : 0);
}
