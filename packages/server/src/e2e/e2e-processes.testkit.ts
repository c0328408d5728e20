// Test helper for end-to-end tests: starts real programs, collects their output, waits on conditions with a deadline, and stops them.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";

/** A program started by a test: its name, process, everything it printed, and its exit. */
export interface TestProcess {
  name: string;
  child: ChildProcess;
  /** Standard output and standard error, interleaved as they arrived. */
  output(): string;
  /** The exit code or signal, once the process has ended (or failed to start). */
  exited: Promise<string>;
  /** Set once the process has ended. */
  ended(): string | undefined;
}

/** Fails with a message naming the Debian package when `command` cannot run (a missing tool is a failure). */
export function requireTool(command: string, args: readonly string[], debianPackage: string): void {
  const r = spawnSync(command, args, { encoding: "utf8" });
  if (r.error !== undefined || r.status !== 0)
    throw new Error(
      `${command} is required (Debian package ${debianPackage}; scripts/test.sh installs it): ${
        r.error?.message ?? `exit ${r.status}: ${r.stderr}`
      }`,
    );
}

/** Starts `command args...` with its output collected; stop it with `stopProcesses`. */
export function startProcess(name: string, command: string, args: readonly string[]): TestProcess {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  let end: string | undefined;
  const collect = (b: Buffer) => (text += b.toString());
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<string>((resolve) => {
    child.on("error", (e) => resolve((end = `failed to start: ${e.message}`)));
    child.on("exit", (code, signal) => resolve((end = code !== null ? `exit ${code}` : `signal ${signal}`)));
  });
  return { name, child, output: () => text, exited, ended: () => end };
}

/** The last lines each process printed, for a failure message. */
export function processLogs(processes: readonly TestProcess[], lines = 60): string {
  return processes
    .map((p) => {
      const tail = p.output().trimEnd().split("\n").slice(-lines).join("\n");
      return `----- ${p.name} (${p.ended() ?? "running"}), last ${lines} lines -----\n${tail}`;
    })
    .join("\n");
}

/** Polls `ok` until it holds (a throw counts as not yet); fails with every process's log when the deadline passes or one of them ends. */
export async function waitUntil(
  what: string,
  ok: () => boolean | Promise<boolean>,
  processes: readonly TestProcess[],
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  for (;;) {
    const held = await Promise.resolve()
      .then(ok)
      .catch((e: unknown) => {
        lastError = `; last error: ${String(e)}`;
        return false;
      });
    if (held) return;
    const dead = processes.find((p) => p.ended() !== undefined);
    if (dead !== undefined)
      throw new Error(
        `${dead.name} ended (${dead.ended()}) while waiting for ${what}\n${processLogs(processes)}`,
      );
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError}\n${processLogs(processes)}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Whether GET `url` answers 200. */
export async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  await response.arrayBuffer();
  return response.ok;
}

/** `count` distinct TCP ports on 127.0.0.1 the OS had free (all bound to port 0 at once, then released). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  const ports = await Promise.all(
    servers.map(
      (server) =>
        new Promise<number>((resolve, reject) => {
          server.once("error", reject);
          server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
        }),
    ),
  );
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Stops each process still running: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopProcesses(processes: readonly TestProcess[], graceMs = 5_000): Promise<void> {
  await Promise.all(
    processes.map(async (p) => {
      if (p.ended() !== undefined || p.child.pid === undefined) return;
      p.child.kill("SIGTERM");
      const timer = setTimeout(() => p.child.kill("SIGKILL"), graceMs);
      await p.exited;
      clearTimeout(timer);
    }),
  );
}
