// Test helper: runs the built `netward` binary as a user would, with optional standard input.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

/** The repository root. */
export const repoRoot = join(import.meta.dirname, "../../../..");

/** The output and exit code of one netward run. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `netward args...` from the repository root (or from `cwd`). */
export function netward(args: readonly string[], input?: string, cwd = repoRoot): Run {
  const r = spawnSync(process.execPath, [join(repoRoot, "packages/server/bin/netward.js"), ...args], {
    cwd,
    input: input ?? "",
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** `n` distinct netward JSONL records from `from`, each its own aggregated row at level 0. */
export function jsonlRecords(from: number, n: number): string {
  let out = "";
  for (let i = from; i < from + n; i++)
    out +=
      JSON.stringify({
        start: 1_764_000_000_000 + i,
        end: 1_764_000_000_000 + i,
        src: { ip: `10.1.${(i >> 8) & 255}.${i & 255}`, port: 1024 + (i % 60000) },
        dst: { ip: "10.9.0.1", port: 443 },
        protocol: 6,
        action: "deny",
        count: 1,
      }) + "\n";
  return out;
}
