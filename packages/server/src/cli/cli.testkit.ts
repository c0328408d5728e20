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
