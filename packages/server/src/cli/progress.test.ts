// Tests for the progress display: the lines as pure functions, redraws and status lines on a fake clock, a real terminal.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { netward, repoRoot } from "./cli.testkit.js";
import { humanBytes, Progress, renderProgress, renderStatus, type ProgressOutput } from "./progress.js";

const dir = mkdtempSync(join(tmpdir(), "netward-progress-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("renderProgress and renderStatus", () => {
  it.each([
    [{ records: 0, bad: 0, bytes: 0 }, 0, 80, "0 records  0.0/s  0 bad  0:00"],
    [{ records: 1, bad: 2, bytes: 10 }, 3_725_000, 80, "1 record  0.0/s  2 bad  1:02:05"],
    [
      { records: 12345, bad: 3, bytes: 5_000_000, size: 10_000_000 },
      5_000,
      80,
      "12345 records  2469/s  3 bad  0:05  [############-------------]  50% of 10.0 MB",
    ],
    [
      { records: 7, bad: 0, bytes: 900, size: 900 },
      2_000,
      200,
      `7 records  3.5/s  0 bad  0:02  [${"#".repeat(40)}] 100% of 900 B`,
    ],
    [{ records: 12345, bad: 3, bytes: 5, size: 10 }, 5_000, 40, "12345 records  2469/s  3 bad  0:05  50%"],
    [{ records: 12345, bad: 3, bytes: 5 }, 5_000, 20, "12345 records  2469"],
  ])("renders %j after %d ms in %d columns", (counters, elapsed, width, line) => {
    expect(renderProgress(counters, elapsed, width)).toBe(line);
    expect(line.length).toBeLessThan(width);
  });

  it("writes status lines and byte counts for people", () => {
    expect(renderStatus({ records: 1500, bad: 1, bytes: 2_345_678 }, 10_000)).toBe(
      "1500 flow records read (150/s), 1 bad, 2.3 MB read in 0:10",
    );
    expect([0, 999, 1000, 1_500_000_000].map(humanBytes)).toEqual(["0 B", "999 B", "1.0 kB", "1.5 GB"]);
  });
});

/** A fake standard error that keeps what is written, on a fake clock. */
function fake(isTTY: boolean, statusEveryMs?: number) {
  let now = 1_000;
  const out: ProgressOutput & { text: string } = {
    isTTY,
    columns: 60,
    text: "",
    write(t: string) {
      this.text += t;
    },
  };
  const progress = new Progress(out, {
    clock: () => now,
    ...(statusEveryMs === undefined ? {} : { statusEveryMs }),
  });
  const at = (ms: number) => (now = 1_000 + ms);
  return { out, progress, at };
}

describe("Progress", () => {
  it("on a terminal, redraws one line at most every 100 ms, draws it again after messages, and clears it at the end", () => {
    const { out, progress, at } = fake(true);
    progress.update({ records: 1, bad: 0, bytes: 0 });
    at(50);
    progress.update({ records: 2, bad: 0, bytes: 0 });
    at(150);
    progress.update({ records: 3, bad: 0, bytes: 0 });
    progress.log("f.log:2: error: bad\n");
    progress.log("f.log:3: error: bad\n");
    at(160);
    progress.tick();
    progress.end();
    expect(out.text).toBe(
      "\r1 record  0.0/s  0 bad  0:00\x1b[K" +
        "\r3 records  20/s  0 bad  0:00\x1b[K" +
        "\r\x1b[Kf.log:2: error: bad\nf.log:3: error: bad\n" +
        "\r3 records  19/s  0 bad  0:00\x1b[K" +
        "\r\x1b[K",
    );
  });

  it("off a terminal, writes a status line every so often only when something changed", () => {
    const { out, progress, at } = fake(false, 10_000);
    progress.update({ records: 5, bad: 0, bytes: 100 });
    at(9_000);
    progress.tick();
    expect(out.text).toBe("");
    at(10_000);
    progress.tick();
    at(20_000);
    progress.tick();
    at(25_000);
    progress.update({ records: 6, bad: 1, bytes: 120 });
    at(30_000);
    progress.tick();
    progress.log("note\n");
    progress.end();
    expect(out.text).toBe(
      "5 flow records read (0.5/s), 0 bad, 100 B read in 0:10\n" +
        "6 flow records read (0.2/s), 1 bad, 120 B read in 0:30\n" +
        "note\n",
    );
  });

  it("off a terminal without status lines, writes only the messages", () => {
    const { out, progress, at } = fake(false);
    progress.update({ records: 5, bad: 0, bytes: 100 });
    at(60_000);
    progress.tick();
    progress.log("note\n");
    progress.end();
    expect(out.text).toBe("note\n");
  });
});

describe("flows ingest progress on a real terminal (script from util-linux)", () => {
  it("draws the line on a terminal, clears it before the summary, and draws nothing off a terminal", () => {
    const data = join(dir, "data");
    const cmd = `${process.execPath} ${join(repoRoot, "packages/server/bin/netward.js")} flows ingest examples/flows/calico-flowlog/flows.log --data ${data}`;
    const r = spawnSync("script", ["-qfec", cmd, "/dev/null"], {
      cwd: repoRoot,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", COLUMNS: "100" },
    });
    expect(r.status, r.stderr).toBe(0);
    const esc = String.fromCharCode(27);
    expect(r.stdout).toMatch(new RegExp(`\\r\\d+ records? +[\\d.]+/s +0 bad +0:\\d\\d.*${esc}\\[K`));
    expect(r.stdout).toContain(`${esc}[K\r${esc}[K28 flow records read (`);
    const plain = netward(["flows", "ingest", "examples/flows/netward/flows.jsonl", "--data", data]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toBe("");
  });
});
