// Tests for following files like `tail -F`, with real files in a temp dir: appends, rotation, truncation, resume, abort.
import {
  appendFileSync,
  mkdtempSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import {
  followFile,
  followLines,
  followStream,
  identityOf,
  type FollowStart,
  type LineBatch,
} from "./follow.js";

const dir = mkdtempSync(join(tmpdir(), "netward-follow-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(dir, `f${n++}.log`);

/** A follower running in the background: every batch and notice it gave, and a way to stop it. */
function follow(path: string, start?: FollowStart, maxLineBytes?: number) {
  const controller = new AbortController();
  const batches: LineBatch[] = [];
  const notices: string[] = [];
  const events = followFile(path, {
    intervalMs: 10,
    signal: controller.signal,
    onNotice: (m) => notices.push(m),
    ...(start === undefined ? {} : { start }),
  });
  const done = (async () => {
    for await (const b of followLines(events, path, maxLineBytes)) batches.push(b);
  })();
  const texts = () => batches.flatMap((b) => b.lines.map((l) => l.text));
  const stop = async () => {
    controller.abort();
    await done;
  };
  return { batches, notices, texts, stop, done };
}

async function until(what: string, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const last = (batches: LineBatch[]) => batches[batches.length - 1]!;

describe("followFile and followLines", () => {
  it("reads what is appended, keeping a partial line until it is completed", async () => {
    const path = fresh();
    writeFileSync(path, "one\ntwo\n");
    const f = follow(path);
    await until("two lines", () => f.texts().length === 2);
    appendFileSync(path, "three\nfo");
    await until("three lines", () => f.texts().length === 3);
    expect(last(f.batches).cursor).toEqual({ offset: 14, line: 4 });
    appendFileSync(path, "ur\n");
    await until("four lines", () => f.texts().length === 4);
    await f.stop();
    expect(f.texts()).toEqual(["one", "two", "three", "four"]);
    expect(f.batches.flatMap((b) => b.lines.map((l) => [l.line, l.offset]))).toEqual([
      [1, 0],
      [2, 4],
      [3, 8],
      [4, 14],
    ]);
    expect(last(f.batches).cursor).toEqual({ offset: 19, line: 5 });
    expect(f.batches[0]?.reason).toBe("start");
    expect(new TextDecoder().decode(last(f.batches).head)).toBe("one\ntwo\nthree\nfour\n");
  });

  it("reads a rotated file to its end (finishing its last line), then the new file from its start", async () => {
    const path = fresh();
    writeFileSync(path, "a1\n");
    const f = follow(path);
    await until("a1", () => f.texts().length === 1);
    const old = identityOf(statSync(path));
    renameSync(path, `${path}.1`);
    appendFileSync(`${path}.1`, "a2\na3");
    writeFileSync(path, "b1\n");
    await until("b1", () => f.texts().includes("b1"));
    await f.stop();
    expect(f.texts()).toEqual(["a1", "a2", "a3", "b1"]);
    const rotated = f.batches.find((b) => b.reason === "rotated");
    expect(rotated?.identity).not.toBe(old);
    expect(rotated?.cursor).toEqual({ offset: 0, line: 1 });
    expect(f.batches.flatMap((b) => b.lines.map((l) => l.line))).toEqual([1, 2, 3, 1]);
    expect(f.notices.some((m) => /rotated|is gone/.test(m))).toBe(true);
  });

  it("reads a file truncated in place (copytruncate) again from its start", async () => {
    const path = fresh();
    writeFileSync(path, "old line one\nold line two\n");
    const f = follow(path);
    await until("two lines", () => f.texts().length === 2);
    const identity = identityOf(statSync(path));
    truncateSync(path, 0);
    appendFileSync(path, "new\n");
    await until("new", () => f.texts().includes("new"));
    await f.stop();
    expect(f.texts()).toEqual(["old line one", "old line two", "new"]);
    const truncated = f.batches.find((b) => b.reason === "truncated");
    expect(truncated).toMatchObject({ identity, cursor: { offset: 0, line: 1 } });
    expect(f.notices).toEqual([`${path}: truncated; reading it again from its start`]);
  });

  it("waits for a file that does not exist yet, saying so once", async () => {
    const path = fresh();
    const f = follow(path);
    await until("the notice", () => f.notices.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    writeFileSync(path, "late\n");
    await until("late", () => f.texts().length === 1);
    await f.stop();
    expect(f.notices).toEqual([
      `${path}: does not exist yet; waiting for it`,
      `${path}: appeared; reading it`,
    ]);
  });

  it("resumes from a cursor of the same file, and starts over for another file or a shorter one", async () => {
    const path = fresh();
    writeFileSync(path, "l1\nl2\nl3\n");
    const identity = identityOf(statSync(path));
    const resumed = follow(path, { identity, offset: 6, line: 3 });
    await until("l3", () => resumed.texts().length === 1);
    await resumed.stop();
    expect(resumed.batches[0]?.reason).toBe("resume");
    expect(resumed.batches.flatMap((b) => b.lines)).toEqual([{ text: "l3", line: 3, offset: 6 }]);
    expect(new TextDecoder().decode(resumed.batches[0]?.head)).toBe("l1\nl2\nl3\n");
    for (const start of [
      { identity: "0:0", offset: 6, line: 3 },
      { identity, offset: 100, line: 9 },
    ]) {
      const again = follow(path, start);
      await until("three lines", () => again.texts().length === 3);
      await again.stop();
      expect(again.batches[0]?.reason).toBe("start");
    }
  });

  it("reports a line longer than the limit once it ends, without keeping it in memory", async () => {
    const path = fresh();
    writeFileSync(path, "ok\n" + "x".repeat(40));
    const f = follow(path, undefined, 16);
    await until("ok", () => f.texts().length === 1);
    appendFileSync(path, "y".repeat(40) + "\nfine\n");
    await until("fine", () => f.texts().length === 2);
    await f.stop();
    expect(f.texts()).toEqual(["ok", "fine"]);
    expect(f.batches.flatMap((b) => b.issues.map((i) => [i.code, i.line]))).toEqual([["flow-too-long", 2]]);
    expect(last(f.batches).cursor).toEqual({ offset: 89, line: 4 });
  });

  it("stops when the signal fires, and starts stopped when it already has", async () => {
    const path = fresh();
    writeFileSync(path, "x\n");
    const f = follow(path);
    await until("x", () => f.texts().length === 1);
    await f.stop();
    appendFileSync(path, "y\n");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(f.texts()).toEqual(["x"]);
    const events = [];
    for await (const e of followFile(path, { signal: AbortSignal.abort() })) events.push(e);
    expect(events).toEqual([]);
  });
});

describe("followStream", () => {
  it("reads a stream in pieces to its end, finishing the last line", async () => {
    const stream = new PassThrough();
    const batches: LineBatch[] = [];
    const done = (async () => {
      for await (const b of followLines(followStream(stream), "-")) batches.push(b);
    })();
    stream.write("a\nb");
    await until("a", () => batches.some((b) => b.lines.length > 0));
    stream.end("c\nd");
    await done;
    expect(batches.flatMap((b) => b.lines.map((l) => [l.text, l.line]))).toEqual([
      ["a", 1],
      ["bc", 2],
      ["d", 3],
    ]);
    expect(last(batches).cursor).toEqual({ offset: 6, line: 4 });
  });

  it("stops when the signal fires, though the stream stays open", async () => {
    const stream = new PassThrough();
    const controller = new AbortController();
    const lines: string[] = [];
    const done = (async () => {
      for await (const b of followLines(followStream(stream, controller.signal), "-"))
        lines.push(...b.lines.map((l) => l.text));
    })();
    stream.write("a\n");
    await until("a", () => lines.length === 1);
    controller.abort();
    await done;
    expect(lines).toEqual(["a"]);
  });
});
