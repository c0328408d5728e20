// Killing an ingest with SIGKILL while it writes leaves a store that opens, and ingesting again counts each record once.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { jsonlRecords, netward, repoRoot } from "./cli.testkit.js";

const dir = mkdtempSync(join(tmpdir(), "netward-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const total = (data: string) => {
  const r = netward(["flows", "query", "--data", data, "--group-by", "action", "-o", "json"]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { num_flows: number }[]).reduce((a, g) => a + g.num_flows, 0);
};

describe("flows ingest after a crash", () => {
  it("opens the store and counts every record exactly once after SIGKILL and a second ingest", async () => {
    const file = join(dir, "flows.jsonl");
    const n = 150_000;
    writeFileSync(file, jsonlRecords(0, n));
    const data = join(dir, "data");
    const wal = join(data, "flows.duckdb.wal");
    const child = spawn(
      process.execPath,
      [
        join(repoRoot, "packages/server/bin/netward.js"),
        "flows",
        "ingest",
        file,
        "--data",
        data,
        "--denied-level",
        "0",
      ],
      { stdio: "ignore" },
    );
    const killed = await new Promise<boolean>((resolve) => {
      const poll = setInterval(() => {
        if (existsSync(wal)) {
          clearInterval(poll);
          child.kill("SIGKILL");
          resolve(true);
        }
      }, 2);
      child.on("exit", () => {
        clearInterval(poll);
        resolve(false);
      });
    });
    await new Promise((resolve) =>
      child.exitCode !== null || child.signalCode !== null ? resolve(0) : child.on("exit", resolve),
    );
    expect(killed, "the ingest was killed while its write-ahead log existed").toBe(true);
    expect([0, n], "all of the source or none of it").toContain(total(data));
    const again = netward(["flows", "ingest", file, "--data", data, "--denied-level", "0"]);
    expect(again.code, again.stderr).toBe(0);
    expect(total(data)).toBe(n);
  }, 120_000);
});
