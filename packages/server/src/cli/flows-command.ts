// `netward flows ingest`, `prune` and `query`: flow records into the store, attributed with the engine, and back out.
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import {
  Attributor,
  compileSnapshot,
  parseFlowQuery,
  type AggregatedFlow,
  type AggregationLevel,
  type FlowFormat,
} from "@netward/core";
import { flowFormats } from "../inputs/flow-format.js";
import { attributeAndAggregate, readFlowSource, UnknownFormatError } from "../flows/ingest-pipeline.js";
import { openDuckDBStore } from "../store/duckdb.js";
import { flowFields, type FlowField } from "../store/flow-store.js";
import { issueWhere } from "./issues-text.js";
import { loadSnapshot } from "./load-engine.js";
import { UsageError } from "./usage-error.js";
import { withManifestOptions, type ManifestOptions } from "./validate.js";

interface IngestOptions extends ManifestOptions {
  manifests?: string[];
  data: string;
  format: string;
  year?: string;
  allowedLevel: string;
  deniedLevel: string;
}

interface QueryOptions {
  data: string;
  since?: string;
  groupBy?: string;
  top?: string;
  output: string;
}

const storeFile = (dir: string) => join(dir, "flows.duckdb");

function level(text: string, option: string): AggregationLevel {
  if (!/^[0-3]$/.test(text)) throw new UsageError(`${option} must be 0, 1, 2 or 3, not ${text}`);
  return Number(text) as AggregationLevel;
}

/** Registers `flows ingest`, `flows prune` and `flows query`. */
export function registerFlows(program: Command, setExit: (code: number) => void): void {
  const flows = program
    .command("flows")
    .description("ingest flow records, attribute them to policy, and query them");
  withManifestOptions(
    flows
      .command("ingest")
      .description("parse flow records, attribute each with the engine, aggregate, and add them to the store")
      .argument("<sources...>", "flow files (or - for standard input)")
      .option(
        "-m, --manifests <paths...>",
        "manifests to attribute the flows with (without them, reported verdicts only)",
      )
      .option("--data <dir>", "data directory of the store", "netward-data")
      .option("--format <format>", `auto or one of ${flowFormats.join(", ")}`, "auto")
      .option("--year <year>", "year of syslog timestamps that carry none (RFC 3164, journald short)")
      .option("--allowed-level <n>", "aggregation level of allowed flows (0-3)", "2")
      .option("--denied-level <n>", "aggregation level of denied flows (0-3)", "1"),
  ).action(async (sources: string[], opts: IngestOptions) => {
    if (opts.format !== "auto" && !flowFormats.includes(opts.format as FlowFormat))
      throw new UsageError(`unknown format ${opts.format}; use auto or one of ${flowFormats.join(", ")}`);
    const year = opts.year === undefined ? undefined : Number(opts.year);
    if (year !== undefined && !(Number.isInteger(year) && year > 1969 && year < 10000))
      throw new UsageError(`--year must be a year like 2026, not ${opts.year}`);
    const levels = {
      allowedLevel: level(opts.allowedLevel, "--allowed-level"),
      deniedLevel: level(opts.deniedLevel, "--denied-level"),
    };
    let attributor: Attributor | undefined;
    if (opts.manifests !== undefined) {
      const snapshot = await loadSnapshot(opts.manifests, opts);
      attributor = new Attributor(compileSnapshot(snapshot, { calicoVersion: opts.calicoVersion }));
    }
    mkdirSync(opts.data, { recursive: true });
    const store = await openDuckDBStore(storeFile(opts.data));
    const totals = { records: 0, denied: 0, drift: 0, bad: 0, rows: 0, skipped: 0 };
    try {
      for (const source of sources) {
        const read = await readFlowSource(source, {
          format: opts.format as FlowFormat | "auto",
          ...(year === undefined ? {} : { year }),
        }).catch((err: unknown) => {
          throw err instanceof UnknownFormatError ? new UsageError(err.message) : err;
        });
        for (const issue of read.issues)
          process.stderr.write(`${issueWhere(issue)}: ${issue.severity}: ${issue.message}\n`);
        const batch = attributeAndAggregate(read.flows, read.issues, attributor, levels);
        const mark = {
          name: source,
          sha256: createHash("sha256").update(read.bytes).digest("hex"),
          bytes: read.bytes.length,
        };
        if (!(await store.ingest(mark, batch.rows))) {
          process.stderr.write(`${source}: already ingested (same content); skipped\n`);
          totals.skipped++;
          continue;
        }
        totals.records += batch.records;
        totals.denied += batch.denied;
        totals.drift += batch.drift;
        totals.bad += batch.bad;
        totals.rows += batch.rows.length;
      }
    } finally {
      await store.close();
    }
    const skipped =
      totals.skipped > 0
        ? `, ${totals.skipped} source${totals.skipped === 1 ? "" : "s"} already ingested`
        : "";
    process.stdout.write(
      `${totals.records} flow records read (${totals.denied} denied, ${totals.drift} drift), ${totals.bad} bad records skipped; ${totals.rows} aggregated rows stored in ${storeFile(opts.data)}${skipped}\n`,
    );
    setExit(0);
  });

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
      const store = await openDuckDBStore(storeFile(opts.data));
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
      "e.g. action = deny AND dest_namespace... ; fields: " + Object.keys(flowFields).join(", "),
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
      const store = await openDuckDBStore(storeFile(opts.data));
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

/** Milliseconds in a duration written `30s`, `15m`, `6h` or `7d`. */
function duration(text: string, option: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(text);
  if (!m) throw new UsageError(`${option} must look like 30m, 6h or 7d, not ${text}`);
  return Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "s" | "m" | "h" | "d"];
}

/** Bytes in a size written `500MB`, `2GiB`, `64k` or a plain number of bytes. */
function byteSize(text: string, option: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(i?)b?$/i.exec(text.trim());
  if (!m) throw new UsageError(`${option} must look like 500MB or 2GiB, not ${text}`);
  const power = " kmgt".indexOf((m[2] || " ").toLowerCase());
  return Math.floor(Number(m[1]) * (m[3] ? 1024 : 1000) ** power);
}

function rowText(r: AggregatedFlow): string {
  const when = new Date(r.bucket).toISOString();
  const port = r.dstPort === undefined ? "" : `:${r.dstPort}`;
  return `${when} ${r.verdict.padEnd(5)} ${r.src} -> ${r.dst}${port} proto ${r.protocol} flows ${r.count}${r.policy ? ` by ${r.policy}` : ""}${r.drift ? ` drift ${r.drift}` : ""}\n`;
}
