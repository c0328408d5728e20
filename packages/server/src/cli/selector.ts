// `netward selector check|match`: the Calico selector language on the command line, including JSONL batches.
import { createInterface } from "node:readline";
import type { Command } from "commander";
import { matchSelector, parseSelector, printSelector, selectorErrorText, type Selector } from "@netward/core";
import { UsageError } from "./usage-error.js";

/** Shows where a selector error is: the text and a caret under the column. */
export function pointAt(text: string, column: number): string {
  return `  ${text}\n  ${" ".repeat(Math.max(0, column - 1))}^`;
}

/** Parses `k=v,k2=v2` (repeatable) into a label map. */
export function parseLabelArgs(values: readonly string[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const part of values.flatMap((v) => v.split(","))) {
    if (part.trim() === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) throw new UsageError(`--labels expects key=value pairs, got ${JSON.stringify(part)}`);
    labels.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return labels;
}

/** Answers one JSONL request line `{"selector": "...", "labels": {...}}`. */
export function answerLine(line: string, cache: Map<string, ReturnType<typeof parseSelector>>): object {
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch (err) {
    return { error: `invalid JSON: ${(err as Error).message}` };
  }
  if (typeof request !== "object" || request === null || Array.isArray(request))
    return { error: "expected an object with selector and labels" };
  const { selector, labels } = request as { selector?: unknown; labels?: unknown };
  if (typeof selector !== "string") return { error: "selector must be a string" };
  if (labels !== undefined && (typeof labels !== "object" || labels === null || Array.isArray(labels)))
    return { error: "labels must be an object" };
  const entries = Object.entries((labels ?? {}) as Record<string, unknown>);
  const bad = entries.find(([, v]) => typeof v !== "string");
  if (bad) return { error: `label ${JSON.stringify(bad[0])} must have a string value` };
  let parsed = cache.get(selector);
  if (parsed === undefined) {
    parsed = parseSelector(selector);
    if (cache.size > 10_000) cache.clear();
    cache.set(selector, parsed);
  }
  if (!parsed.ok) return { error: selectorErrorText(parsed.error) };
  return { match: matchSelector(parsed.selector, new Map(entries as [string, string][])) };
}

async function matchBatch(): Promise<void> {
  const cache = new Map<string, ReturnType<typeof parseSelector>>();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    const out = JSON.stringify(answerLine(line, cache)) + "\n";
    if (!process.stdout.write(out)) await new Promise((resolve) => process.stdout.once("drain", resolve));
  }
}

function parseOrReport(text: string): Selector | undefined {
  const parsed = parseSelector(text);
  if (parsed.ok) return parsed.selector;
  process.stderr.write(`error: ${selectorErrorText(parsed.error)}\n${pointAt(text, parsed.error.column)}\n`);
  return undefined;
}

/** Registers `selector check` and `selector match`. */
export function registerSelector(program: Command, setExit: (code: number) => void): void {
  const selector = program.command("selector").description("parse, print and evaluate Calico selectors");
  selector
    .command("check")
    .description("print the canonical form of a selector, or its error with the column; exit 1 when invalid")
    .argument("<expr>", "a Calico selector, e.g. 'app == \"web\" && has(tier)'")
    .action((expr: string) => {
      const sel = parseOrReport(expr);
      if (sel !== undefined) process.stdout.write(printSelector(sel) + "\n");
      setExit(sel === undefined ? 1 : 0);
    });
  selector
    .command("match")
    .description(
      "evaluate a selector against labels (true: exit 0, false: exit 1), or JSONL requests on stdin with --jsonl",
    )
    .argument("[expr]", "a Calico selector")
    .option(
      "-l, --labels <k=v,...>",
      "labels of the endpoint (repeatable)",
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option(
      "--jsonl",
      'read {"selector": "...", "labels": {...}} lines on stdin and write {"match": bool} or {"error": "..."} lines',
    )
    .action(async (expr: string | undefined, opts: { labels: string[]; jsonl?: boolean }) => {
      if (opts.jsonl) {
        if (expr !== undefined || opts.labels.length > 0)
          throw new UsageError(
            "--jsonl reads selectors and labels from stdin; give no expression or --labels",
          );
        await matchBatch();
        setExit(0);
        return;
      }
      if (expr === undefined) throw new UsageError("give a selector expression, or --jsonl");
      const labels = parseLabelArgs(opts.labels);
      const sel = parseOrReport(expr);
      if (sel === undefined) return setExit(2);
      const match = matchSelector(sel, labels);
      process.stdout.write(`${match}\n`);
      setExit(match ? 0 : 1);
    });
}
