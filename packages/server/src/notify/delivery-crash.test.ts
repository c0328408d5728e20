// Killing netward with SIGKILL while a notification is pending, then restarting it, delivers that notification exactly once and never again.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "netward-delivery-crash-"));
const built = join(import.meta.dirname, "../../dist/notify");
const closers: (() => void)[] = [];
afterAll(() => {
  for (const close of closers) close();
  rmSync(dir, { recursive: true, force: true });
});

/** The child script: the testkit compiled to JavaScript, importing the built modules in dist/notify. */
function childScript(): string {
  expect(existsSync(join(built, "delivery-queue.js")), "build first: npx tsc -b").toBe(true);
  const source = readFileSync(join(import.meta.dirname, "delivery-crash.testkit.ts"), "utf8");
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const script = join(dir, "delivery-crash.mjs");
  const base = pathToFileURL(built + "/").href;
  writeFileSync(
    script,
    outputText.replace(/from "\.\/([\w-]+\.js)"/g, (_m, file: string) => `from "${base}${file}"`),
  );
  return script;
}

/** A real webhook peer whose answer can be changed, counting the requests it got by status. */
async function peer() {
  const state = { status: 503, answered: [] as { status: number; groupKey: unknown }[] };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { groupKey?: unknown };
      state.answered.push({ status: state.status, groupKey: body.groupKey });
      res.writeHead(state.status).end("x");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, state };
}

/** Runs the child in `resume` mode to its end and returns its JSON summary. */
async function resume(script: string, data: string, url: string): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, [script, "resume", data, url], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
  child.stderr.on("data", (c: Buffer) => (err += c.toString("utf8")));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  expect(code, err).toBe(0);
  return JSON.parse(out) as Record<string, unknown>;
}

/** The log's records, line by line. */
const records = (data: string) =>
  readFileSync(join(data, "notifications.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { op: string; id: string });

describe("delivery after a crash", () => {
  it("resends a pending notification once after SIGKILL, and not again on the next start", async () => {
    const script = childScript();
    const data = join(dir, "data");
    const server = await peer();

    const child = spawn(process.execPath, [script, "enqueue", data, server.url], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString("utf8")));
    const ready = await new Promise<boolean>((resolve) => {
      let out = "";
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString("utf8");
        if (out.includes("pending\n")) resolve(true);
      });
      child.on("exit", () => resolve(false));
    });
    expect(ready, err).toBe(true);
    child.kill("SIGKILL");
    await new Promise((resolve) =>
      child.exitCode !== null || child.signalCode !== null ? resolve(0) : child.on("exit", resolve),
    );
    expect(server.state.answered.every((a) => a.status === 503)).toBe(true);
    expect(records(data).map((r) => r.op)).toEqual(["pending"]);

    server.state.status = 200;
    const before = server.state.answered.length;
    expect(await resume(script, data, server.url)).toEqual({
      resumed: 1,
      enqueued: "already-queued",
      flushed: true,
      pending: 0,
    });
    const after = server.state.answered.slice(before);
    expect(after).toEqual([{ status: 200, groupKey: '{}:{alertname="PolicyDeniedTraffic"}' }]);
    expect(records(data).map((r) => r.op)).toEqual(["pending", "sent"]);

    expect(await resume(script, data, server.url)).toEqual({
      resumed: 0,
      enqueued: "duplicate",
      flushed: true,
      pending: 0,
    });
    expect(server.state.answered.slice(before)).toHaveLength(1);
    expect(records(data).map((r) => r.op)).toEqual(["pending", "sent"]);
  }, 60_000);
});
