// `netward flows ingest`, `prune` and `query`: flow records into the store, attributed with the engine, and back out.
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import {
  Attributor,
  compileSnapshot,
  parseFlowQuery,
  type AggregatedFlow,
  type AggregationLevel,
} from "@netward/core";
import { CannotFollowError } from "../flows/follow-ingest.js";
import { UnknownFormatError } from "../flows/ingest-pipeline.js";
import { openDuckDBStore, storeFileIn } from "../store/duckdb.js";
import { flowFields, type FlowField } from "../store/flow-store.js";
import { byteSize, duration } from "./duration.js";
import { readOptions, withFlowReadOptions, type FlowReadFlags } from "./flow-read-options.js";
import { expandFlowSources } from "./flow-sources.js";
import { followSources, ingestSources, type IngestContext, type IngestTotals } from "./flows-ingest.js";
import { registerFlowsShow } from "./flows-show.js";
import { loadSnapshot } from "./load-engine.js";
import { Progress } from "./progress.js";
import { UsageError } from "./usage-error.js";
import { withManifestOptions, type ManifestOptions } from "./validate.js";

interface IngestOptions extends ManifestOptions, FlowReadFlags {
  manifests?: string[];
  data: string;
  allowedLevel: string;
  deniedLevel: string;
  follow?: boolean;
  statusEvery: string;
  progress: boolean;
  workers: string;
}

interface QueryOptions {
  data: string;
  since?: string;
  groupBy?: string;
  top?: string;
  output: string;
}

function level(text: string, option: string): AggregationLevel {
  if (!/^[0-3]$/.test(text)) throw new UsageError(`${option} must be 0, 1, 2 or 3, not ${text}`);
  return Number(text) as AggregationLevel;
}

/** Registers `flows ingest`, `flows show`, `flows prune` and `flows query`. */
export function registerFlows(program: Command, setExit: (code: number) => void): void {
  const flows = program
    .command("flows")
    .description("ingest flow records, attribute them to policy, and query them");
  withManifestOptions(
    withFlowReadOptions(flows.command("ingest"))
      .description("parse flow records, attribute each with the engine, aggregate, and add them to the store")
      .argument("<sources...>", "flow files, folders of them, or - for standard input")
      .option(
        "-m, --manifests <paths...>",
        "manifests to attribute the flows with (without them, reported verdicts only)",
      )
      .option("--data <dir>", "data directory of the store", "netward-data")
      .option("--allowed-level <n>", "aggregation level of allowed flows (0-3)", "2")
      .option("--denied-level <n>", "aggregation level of denied flows (0-3)", "1")
      .option(
        "--follow",
        "keep reading the files as they grow, like tail -F (across rotation and truncation), until SIGINT or SIGTERM; a file followed before resumes where it stopped",
      )
      .option(
        "--status-every <duration>",
        "with --follow, off a terminal: a status line on standard error this often when something changed",
        "10s",
      )
      .option(
        "--workers <n>",
        "threads to parse, attribute and aggregate line-oriented sources in (each loads the manifests)",
        "1",
      )
      .option("--no-progress", "no progress line on a terminal and no status lines"),
  ).action(async (sources: string[], opts: IngestOptions) => {
    const read = readOptions(opts);
    const levels = {
      allowedLevel: level(opts.allowedLevel, "--allowed-level"),
      deniedLevel: level(opts.deniedLevel, "--denied-level"),
    };
    const statusEvery = duration(opts.statusEvery, "--status-every");
    if (statusEvery <= 0) throw new UsageError("--status-every must be at least 1s");
    if (!/^[1-9]\d{0,2}$/.test(opts.workers))
      throw new UsageError(`--workers must be a whole number from 1 to 999, not ${opts.workers}`);
    const workers = Number(opts.workers);
    if (opts.follow === true && workers > 1)
      throw new UsageError("--workers: followed sources are read in one thread; drop --workers or --follow");
    if (opts.follow === true && read.format === "pcap")
      throw new UsageError("a packet capture cannot be followed; ingest it without --follow");
    if (
      opts.follow === true &&
      new Set(sources.map((s) => (s === "-" ? s : resolve(s)))).size < sources.length
    )
      throw new UsageError("--follow: a source is given twice");
    const expanded = await expandFlowSources(sources, opts.follow === true);
    let attributor: Attributor | undefined;
    if (opts.manifests !== undefined) {
      const snapshot = await loadSnapshot(opts.manifests, opts);
      attributor = new Attributor(compileSnapshot(snapshot, { calicoVersion: opts.calicoVersion }));
    }
    mkdirSync(opts.data, { recursive: true });
    const store = await openDuckDBStore(storeFileIn(opts.data));
    const progress = new Progress(
      opts.progress ? process.stderr : { write: (text) => process.stderr.write(text) },
      opts.follow === true && opts.progress ? { statusEveryMs: statusEvery } : {},
    );
    const context: IngestContext = { store, read, attributor, levels, progress, workers };
    if (opts.manifests !== undefined)
      context.manifests = {
        paths: opts.manifests,
        options: { calicoVersion: opts.calicoVersion, namespace: opts.namespace },
      };
    let done: { totals: IngestTotals; skipped: number };
    progress.start();
    try {
      done =
        opts.follow === true
          ? await followSources(
              expanded.map((s) => s.path),
              context,
            )
          : await ingestSources(expanded, context);
    } catch (err) {
      if (err instanceof UnknownFormatError || err instanceof CannotFollowError)
        throw new UsageError(err.message);
      throw err;
    } finally {
      progress.end();
      await store.close();
    }
    const { totals, skipped } = done;
    const already = skipped > 0 ? `, ${skipped} source${skipped === 1 ? "" : "s"} already ingested` : "";
    process.stdout.write(
      `${totals.records} flow records read (${totals.denied} denied, ${totals.drift} drift), ${totals.bad} bad records skipped; ${totals.rows} aggregated rows stored in ${storeFileIn(opts.data)}${already}\n`,
    );
    setExit(0);
  });

  registerFlowsShow(flows, setExit);

  flows
    .command("prune")
    .description("retention: delete stored flows older than a duration, or the oldest beyond a size")
    .option("--older-than <duration>", "e.g. 7d or 12h")
    .option("--max-size <size>", "e.g. 500MB or 2GiB: the oldest records go until the data fits")
    .option("--data <dir>", "data directory of the store", "netward-data")
    .action(async (opts: { olderThan?: string; maxSize?: string; data: string }) => {
      if (opts.olderThan === undefined && opts.maxSize === undefined)
        throw new UsageError("give --older-than, --max-size or both");
      const before =
        opts.olderThan === undefined ? undefined : Date.now() - duration(opts.olderThan, "--older-than");
      const limit = opts.maxSize === undefined ? undefined : byteSize(opts.maxSize, "--max-size");
      const store = await openDuckDBStore(storeFileIn(opts.data));
      try {
        if (before !== undefined) {
          const gone = await store.deleteBefore(before);
          process.stdout.write(
            `${gone} aggregated rows older than ${new Date(before).toISOString()} deleted\n`,
          );
        }
        if (limit !== undefined) {
          const gone = await store.shrinkTo(limit);
          process.stdout.write(
            `${gone} oldest aggregated rows deleted; the data now takes ${await store.size()} bytes (limit ${limit})\n`,
          );
        }
      } finally {
        await store.close();
      }
      setExit(0);
    });

  flows
    .command("query")
    .description(
      "flows in the store matching a filter (Calico GlobalAlert query syntax), or grouped with totals",
    )
    .argument(
      "[filter]",
      "e.g. action = deny AND dest_port = 5432; fields: " + Object.keys(flowFields).join(", "),
      "",
    )
    .option("--data <dir>", "data directory of the store", "netward-data")
    .option("--since <duration>", "only the last 30m, 6h, 7d...")
    .option("--group-by <fields>", "comma-separated fields to group by, with sums")
    .option("--top <n>", "only the n rows or groups with the most flows")
    .option("-o, --output <format>", "text or json", "text")
    .action(async (filter: string, opts: QueryOptions) => {
      const fields = Object.keys(flowFields);
      const parsed = parseFlowQuery(filter, { fields });
      if (!parsed.ok) throw new UsageError(`filter, column ${parsed.error.column}: ${parsed.error.message}`);
      const groupBy =
        opts.groupBy
          ?.split(",")
          .map((f) => f.trim())
          .filter(Boolean) ?? [];
      for (const f of groupBy)
        if (!fields.includes(f)) throw new UsageError(`--group-by: unknown field ${f}`);
      const top = opts.top === undefined ? undefined : Number(opts.top);
      if (top !== undefined && !(Number.isInteger(top) && top > 0))
        throw new UsageError(`--top must be a positive integer`);
      let from = 0;
      if (opts.since !== undefined) from = Date.now() - duration(opts.since, "--since");
      const store = await openDuckDBStore(storeFileIn(opts.data));
      try {
        const selection = {
          from,
          to: Number.MAX_SAFE_INTEGER,
          filter: parsed.query,
          ...(top === undefined ? {} : { top }),
        };
        if (groupBy.length > 0) {
          const groups = await store.group({ ...selection, groupBy: groupBy as FlowField[] });
          if (opts.output === "json") process.stdout.write(JSON.stringify(groups, null, 2) + "\n");
          else
            for (const g of groups)
              process.stdout.write(
                `${groupBy.map((f) => `${f}=${String(g.key[f as FlowField] ?? "-")}`).join(" ")}  flows=${g.num_flows} packets=${g.packets} bytes=${g.bytes} drift=${g.drift}\n`,
              );
        } else {
          const rows = await store.select(selection);
          if (opts.output === "json") process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
          else for (const r of rows) process.stdout.write(rowText(r));
        }
      } finally {
        await store.close();
      }
      setExit(0);
    });
}

function rowText(r: AggregatedFlow): string {
  const when = new Date(r.bucket).toISOString();
  const port = r.dstPort === undefined ? "" : `:${r.dstPort}`;
  return `${when} ${r.verdict.padEnd(5)} ${r.src} -> ${r.dst}${port} proto ${r.protocol} flows ${r.count}${r.policy ? ` by ${r.policy}` : ""}${r.drift ? ` drift ${r.drift}` : ""}\n`;
}
