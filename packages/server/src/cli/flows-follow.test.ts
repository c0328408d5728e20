// Tests for `netward flows ingest --follow`: appends, rotation, truncation, SIGTERM and SIGKILL, each record stored once.
import { spawn } from "node:child_process";
import {
  appendFileSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { jsonlRecords, netward, repoRoot } from "./cli.testkit.js";

const dir = mkdtempSync(join(tmpdir(), "netward-follow-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A `netward flows ingest --follow` process: what it wrote so far, a wait for a condition, and its exit. */
function follower(file: string, data: string, ...extra: string[]) {
  const child = spawn(
    process.execPath,
    [
      join(repoRoot, "packages/server/bin/netward.js"),
      ...["flows", "ingest", "--follow", file, "--data", data, "--status-every", "1s", ...extra],
    ],
    { env: { ...process.env, NO_COLOR: "1" } },
  );
  const out = { stdout: "", stderr: "" };
  child.stdout.on("data", (b: Buffer) => (out.stdout += b.toString()));
  child.stderr.on("data", (b: Buffer) => (out.stderr += b.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const until = async (what: string, ok: () => boolean) => {
    const deadline = Date.now() + 60_000;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stderr:\n${out.stderr}`);
      if (child.exitCode !== null) throw new Error(`exited waiting for ${what}; stderr:\n${out.stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const read = (n: number) =>
    until(`${n} records`, () => new RegExp(`(^|\\n)${n} flow records read \\(`).test(out.stderr));
  return { child, out, exited, until, read };
}

/** Sums of flows, packets and bytes per action in a store. */
function totals(data: string): unknown {
  const r = netward(["flows", "query", "--data", data, "--group-by", "action", "-o", "json"]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe("netward flows ingest --follow", () => {
  it("follows appends, rotation and truncation, stops on SIGTERM, and stores every record once", async () => {
    const sample = readFileSync(join(repoRoot, "examples/flows/calico-flowlog/flows.log"), "utf8");
    const lines = sample.split("\n").filter(Boolean);
    expect(lines).toHaveLength(28);
    const part = (from: number, to: number) => lines.slice(from, to).join("\n") + "\n";
    const file = join(dir, "flows.log");
    const data = join(dir, "data");
    writeFileSync(file, part(0, 10));
    const f = follower(file, data);
    await f.read(10);
    appendFileSync(file, part(10, 20) + lines[20]);
    await f.read(20);
    renameSync(file, `${file}.1`);
    writeFileSync(file, part(21, 24));
    await f.read(24);
    truncateSync(file, 0);
    await f.until("the truncation", () => f.out.stderr.includes(`${file}: truncated`));
    appendFileSync(file, part(24, 28));
    await f.read(28);
    f.child.kill("SIGTERM");
    expect(await f.exited).toEqual({ code: 0, signal: null });
    expect(f.out.stdout).toMatch(/^28 flow records read \(\d+ denied, 0 drift\), 0 bad records skipped; /);

    const whole = join(dir, "whole.log");
    writeFileSync(whole, sample);
    const reference = join(dir, "reference");
    expect(netward(["flows", "ingest", whole, "--data", reference]).code).toBe(0);
    expect(totals(data)).toEqual(totals(reference));
  }, 120_000);

  it("after SIGKILL, a restarted follower resumes at its cursor: every record counted exactly once", async () => {
    const file = join(dir, "killed.jsonl");
    const data = join(dir, "killed-data");
    const n = 250_000;
    writeFileSync(file, jsonlRecords(0, n));
    const first = follower(file, data, "--denied-level", "0");
    await first.until("a status line", () => / flow records read \(/.test(first.out.stderr));
    first.child.kill("SIGKILL");
    expect(await first.exited).toEqual({ code: null, signal: "SIGKILL" });
    const partial = Number(/(\d+) flow records read \(/.exec(first.out.stderr)?.[1]);
    expect(partial, "killed mid-way").toBeLessThan(n);

    appendFileSync(file, jsonlRecords(n, 5_000) + "the end\n");
    const second = follower(file, data, "--denied-level", "0");
    await second.until("the last line", () => second.out.stderr.includes(`${file}:${n + 5_001}: error: `));
    second.child.kill("SIGTERM");
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(totals(data)).toEqual([
      { key: { action: "deny" }, num_flows: n + 5_000, packets: 0, bytes: 0, drift: 0 },
    ]);
  }, 180_000);

  it("refuses a packet capture and a source given twice", () => {
    const data = join(dir, "refused");
    const pcap = netward([
      "flows",
      "ingest",
      "--follow",
      "examples/flows/pcap/loopback.pcap",
      "--data",
      data,
    ]);
    expect(pcap.code).toBe(2);
    expect(pcap.stderr).toMatch(/packet capture cannot be followed; ingest it without --follow/);
    const twice = netward(["flows", "ingest", "--follow", "a.log", "./a.log", "--data", data]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toBe("error: --follow: a source is given twice\n");
  });

  it("follows standard input to its end", () => {
    const data = join(dir, "stdin");
    const r = netward(
      ["flows", "ingest", "--follow", "-", "--data", data, "--denied-level", "0"],
      jsonlRecords(0, 50),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^50 flow records read \(50 denied, 0 drift\), 0 bad records skipped; 50 aggregated rows/,
    );
  });
});
