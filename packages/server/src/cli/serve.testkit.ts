// A `netward serve` process for tests: its output, its URL once listening, waits for conditions, and its exit code.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "./cli.testkit.js";

const running = new Set<ChildProcess>();

/** Kills every server a test started and did not stop (call it in afterAll, so a failed test leaves none behind). */
export function stopServers(): void {
  for (const child of running) if (child.exitCode === null) child.kill("SIGKILL");
  running.clear();
}

/** Starts the built `netward serve` with `args`; `until` polls a condition (sync or async) with a 30 s deadline. */
export function server(...args: string[]) {
  const child = spawn(process.execPath, [join(repoRoot, "packages/server/bin/netward.js"), "serve", ...args]);
  running.add(child);
  const out = { stdout: "", stderr: "" };
  child.stdout.on("data", (b: Buffer) => (out.stdout += b.toString()));
  child.stderr.on("data", (b: Buffer) => (out.stderr += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const until = async (what: string, ok: () => boolean | Promise<boolean>) => {
    const deadline = Date.now() + 30_000;
    while (!(await ok())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stderr:\n${out.stderr}`);
      if (child.exitCode !== null) throw new Error(`exited waiting for ${what}; stderr:\n${out.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, out, exited, until, url: () => /serving at (\S+)/.exec(out.stdout)?.[1] ?? "" };
}
