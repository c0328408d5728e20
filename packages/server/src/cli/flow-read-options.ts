// The options that say how to read flow records (format, syslog year, dmesg boot time), shared by the flows commands.
import type { Command } from "commander";
import { parseRfc3339, type FlowFormat } from "@netward/core";
import { flowFormats } from "../inputs/flow-format.js";
import type { ReadOptions } from "../flows/ingest-pipeline.js";
import { UsageError } from "./usage-error.js";

/** The read options as commander hands them over. */
export interface FlowReadFlags {
  format: string;
  year?: string;
  bootTime?: string;
}

/** Adds `--format`, `--year` and `--boot-time` to a command. */
export function withFlowReadOptions(cmd: Command): Command {
  return cmd
    .option("--format <format>", `auto or one of ${flowFormats.join(", ")}`, "auto")
    .option("--year <year>", "year of syslog timestamps that carry none (RFC 3164, journald short)")
    .option(
      "--boot-time <time>",
      "when the host booted (RFC 3339, e.g. 2026-11-21T00:00:00Z), to turn dmesg uptimes into times",
    );
}

/** The read options, checked: a usage error names the option and what it should look like. */
export function readOptions(flags: FlowReadFlags): ReadOptions {
  if (flags.format !== "auto" && !flowFormats.includes(flags.format as FlowFormat))
    throw new UsageError(`unknown format ${flags.format}; use auto or one of ${flowFormats.join(", ")}`);
  const out: ReadOptions = { format: flags.format as FlowFormat | "auto" };
  if (flags.year !== undefined) {
    const year = Number(flags.year);
    if (!(Number.isInteger(year) && year > 1969 && year < 10000))
      throw new UsageError(`--year must be a year like 2026, not ${flags.year}`);
    out.year = year;
  }
  if (flags.bootTime !== undefined) {
    const at = parseRfc3339(flags.bootTime);
    if (at === undefined)
      throw new UsageError(`--boot-time must be a time like 2026-11-21T00:00:00Z, not ${flags.bootTime}`);
    out.bootTime = at;
  }
  return out;
}
