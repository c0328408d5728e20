// Tests for `netward flows ingest --workers`: two threads store exactly the rows one does, and report bad lines alike.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { netward, repoRoot } from "./cli.testkit.js";

const dir = mkdtempSync(join(tmpdir(), "netward-workers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A flow log of the benchmark's generator over the S cluster, with a few bad lines among the good ones. */
async function generatedLog(): Promise<{ flows: string; manifests: string }> {
  const { writeFlowLog } = (await import(join(repoRoot, "bench/generate-flowlog.js"))) as {
    writeFlowLog: (size: string, dir: string, lines: number) => Promise<{ manifests: string; flows: string }>;
  };
  const out = await writeFlowLog("S", dir, 3000);
  const lines = readFileSync(out.flows).toString("latin1").split("\n");
  lines.splice(10, 0, "{not json");
  lines.splice(1500, 0, lines[1500]!.replace(/"proto":"\w+"/, '"proto":"nope"'));
  lines.splice(2200, 0, '{"start_time": 1, \xff\xfe}');
  lines.splice(2900, 0, "[1, 2]");
  writeFileSync(out.flows, Buffer.from(lines.join("\n"), "latin1"));
  return out;
}

/** The rows stored, in a stable order. */
function storedRows(data: string): string[] {
  const q = netward(["flows", "query", "--data", data, "-o", "json"]);
  expect(q.code, q.stderr).toBe(0);
  return (JSON.parse(q.stdout) as unknown[]).map((r) => JSON.stringify(r)).sort();
}

describe("netward flows ingest --workers", () => {
  it("stores the same rows with two workers as with one, and reports bad lines at the same file:line", async () => {
    const log = await generatedLog();
    const run = (workers: string) => {
      const data = join(dir, `data-${workers}`);
      const args = ["flows", "ingest", log.flows, "-m", log.manifests, "--data", data, "--workers", workers];
      return { data, r: netward([...args, "--no-progress"]) };
    };
    const one = run("1");
    const two = run("2");
    expect(one.r.code, one.r.stderr).toBe(0);
    expect(two.r.code, two.r.stderr).toBe(0);
    expect(two.r.stdout.replace(two.data, one.data)).toBe(one.r.stdout);
    expect(one.r.stdout).toMatch(/^3000 flow records read \(\d+ denied, \d+ drift\), 4 bad records skipped/);
    expect(two.r.stderr).toBe(one.r.stderr);
    for (const line of [11, 1501, 2201, 2901]) expect(one.r.stderr).toContain(`${log.flows}:${line}`);
    const rows = storedRows(one.data);
    expect(rows.length).toBeGreaterThan(100);
    expect(storedRows(two.data)).toEqual(rows);
  });

  it("refuses a number of workers that is not a whole number from 1, and workers with --follow", () => {
    const flows = "examples/flows/calico-flowlog/flows.log";
    for (const n of ["0", "two", "1.5"]) {
      const r = netward(["flows", "ingest", flows, "--data", join(dir, "refused"), "--workers", n]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("--workers");
    }
    const r = netward([
      "flows",
      "ingest",
      flows,
      "--data",
      join(dir, "refused"),
      "--workers",
      "2",
      "--follow",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--workers");
  });
});
