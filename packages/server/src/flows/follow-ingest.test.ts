// Tests for following files into a real DuckDB store: batches stored with their cursors, resume, bad lines, unfollowable sources.
import { appendFileSync, copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PassThrough } from "node:stream";
import type { Issue } from "@netward/core";
import { afterAll, describe, expect, it } from "vitest";
import { jsonlRecords, repoRoot } from "../cli/cli.testkit.js";
import { openDuckDBStore } from "../store/duckdb.js";
import type { FlowStore } from "../store/flow-store.js";
import { CannotFollowError, followIngest, type FollowTotals } from "./follow-ingest.js";
import { UnknownFormatError } from "./ingest-pipeline.js";

const dir = mkdtempSync(join(tmpdir(), "netward-follow-ingest-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Netward JSONL records `from` to `to` - 1, each its own row at level 0. */
const records = (from: number, to: number): string => jsonlRecords(from, to - from);

async function until(what: string, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Follows `sources` into `store` in the background, keeping the issues and the latest totals. */
function run(store: FlowStore, sources: string[], stdin?: PassThrough) {
  const controller = new AbortController();
  const issues: Issue[] = [];
  let totals: FollowTotals | undefined;
  const done = followIngest({
    sources,
    store,
    read: { format: "auto" },
    attributor: () => undefined,
    levels: { allowedLevel: 2, deniedLevel: 0 },
    signal: controller.signal,
    intervalMs: 10,
    ...(stdin === undefined ? {} : { stdin }),
    onIssue: (i) => issues.push(i),
    onNotice: () => undefined,
    onProgress: (t) => (totals = { ...t }),
  });
  const records = () => totals?.records ?? 0;
  return { controller, issues, done, records, totals: () => totals };
}

const stored = async (store: FlowStore) =>
  (await store.group({ from: 0, to: Number.MAX_SAFE_INTEGER, groupBy: [] }))[0]?.num_flows ?? 0;

describe("followIngest", () => {
  it("stores several followed files in one store, each with its cursor, and resumes without counting twice", async () => {
    const a = join(dir, "a.jsonl");
    const b = join(dir, "b.jsonl");
    writeFileSync(a, records(0, 10));
    writeFileSync(b, records(100, 105));
    const store = await openDuckDBStore(":memory:");
    const first = run(store, [a, b]);
    await until("15 records", () => first.records() === 15);
    appendFileSync(a, records(10, 12) + records(12, 13).slice(0, 20));
    await until("17 records", () => first.records() === 17);
    first.controller.abort();
    const read = statSync(a).size - 20 + statSync(b).size;
    expect(await first.done).toMatchObject({
      records: 17,
      bad: 0,
      rows: 17,
      denied: 17,
      bytes: read,
      size: read + 20,
    });
    expect(await stored(store)).toBe(17);
    const cursorA = await store.cursor(resolve(a));
    expect(cursorA).toMatchObject({ line: 13, offset: statSync(a).size - 20 });
    expect(await store.cursor(resolve(b))).toMatchObject({ line: 6, offset: statSync(b).size });

    appendFileSync(a, records(12, 13).slice(20) + records(13, 15));
    const second = run(store, [a, b]);
    await until("3 more records", () => second.records() === 3);
    second.controller.abort();
    await second.done;
    expect(await stored(store)).toBe(20);
    await store.close();
  });

  it("reports bad lines with file and line and goes on", async () => {
    const file = join(dir, "bad.jsonl");
    writeFileSync(file, records(0, 1) + "{not json\n" + records(1, 2));
    const store = await openDuckDBStore(":memory:");
    const r = run(store, [file]);
    await until("2 records", () => r.records() === 2);
    r.controller.abort();
    expect(await r.done).toMatchObject({ records: 2, bad: 1 });
    expect(r.issues.map((i) => [i.file, i.line, i.severity])).toEqual([[file, 2, "error"]]);
    expect(await store.cursor(resolve(file))).toMatchObject({ line: 4 });
    await store.close();
  });

  it("reads standard input to its end", async () => {
    const stdin = new PassThrough();
    const store = await openDuckDBStore(":memory:");
    const r = run(store, ["-"], stdin);
    stdin.write(records(0, 3).slice(0, 50));
    stdin.end(records(0, 3).slice(50));
    expect(await r.done).toMatchObject({ records: 3, rows: 3 });
    expect(await stored(store)).toBe(3);
    expect(await store.cursor("-")).toBeUndefined();
    await store.close();
  });

  it("refuses a packet capture, a Whisker JSON document and a format it cannot tell, stopping the other followers", async () => {
    const store = await openDuckDBStore(":memory:");
    const whisker = join(dir, "list.json");
    copyFileSync(join(repoRoot, "examples/flows/whisker/list.json"), whisker);
    const unknown = join(dir, "unknown.txt");
    writeFileSync(unknown, "hello\n");
    const cases = [
      [
        join(repoRoot, "examples/flows/pcap/loopback.pcap"),
        CannotFollowError,
        /packet capture cannot be followed/,
      ],
      [whisker, CannotFollowError, /Whisker JSON document .* cannot be followed/],
      [unknown, UnknownFormatError, /cannot tell the flow format; give --format/],
    ] as const;
    for (const [file, type, message] of cases) {
      const r = run(store, [file, join(dir, "a.jsonl")]);
      const err = await r.done.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(type);
      expect((err as Error).message).toMatch(message);
    }
    await store.close();
  });
});
