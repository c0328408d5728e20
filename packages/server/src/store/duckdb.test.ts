// The DuckDB flow store: the shared FlowStore suite on a database file, plus a file that keeps its rows and schema across reopening.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AggregatedFlow } from "@netward/core";
import { afterAll, describe, expect, it } from "vitest";
import { openDuckDBStore } from "./duckdb.js";
import { flowStoreSuite } from "./testkit.js";

const row: AggregatedFlow = {
  bucket: 0,
  verdict: "deny",
  level: 1,
  src: "a",
  dst: "b",
  dstPort: 22,
  protocol: 6,
  count: 2,
  packets: 2,
  bytes: 120,
  drift: 0,
};

describe("DuckDB flow store", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  flowStoreSuite(() => {
    const dir = mkdtempSync(join(tmpdir(), "netward-suite-"));
    dirs.push(dir);
    return openDuckDBStore(join(dir, "flows.duckdb"));
  });

  it("keeps rows and its schema version in its file across reopening", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netward-store-"));
    try {
      const path = join(dir, "flows.duckdb");
      const first = await openDuckDBStore(path);
      await first.insert([row]);
      await first.close();
      const again = await openDuckDBStore(path);
      expect(await again.schemaVersion()).toBe(3);
      expect(await again.select({ from: 0, to: 1 })).toEqual([row]);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
