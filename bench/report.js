// Appends benchmark results to bench/RESULTS.md with the date, machine and command that produced them.
import { appendFileSync, existsSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";

const resultsFile = join(import.meta.dirname, "RESULTS.md");

/** A one-line description of this machine. */
export function machine() {
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  return `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** Appends a section with a title, the command, a table, and notes. */
export function appendResults({ title, command, header, rows, notes = [] }) {
  if (!existsSync(resultsFile)) {
    writeFileSync(
      resultsFile,
      "# Benchmark results\n\nAppended by `npm run bench`; newest last. Ratios compare against a baseline run in the same process.\n",
    );
  }
  const date = new Date().toISOString().slice(0, 16).replace("T", " ");
  const table = [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => " --- ").join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ];
  const text = [
    `\n## ${title} (${date} UTC)`,
    "",
    `Machine: ${machine()}`,
    `Command: \`${command}\``,
    "",
    ...table,
    ...(notes.length ? ["", ...notes] : []),
  ].join("\n");
  appendFileSync(resultsFile, text + "\n");
  console.log(text);
}
