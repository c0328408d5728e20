// Follows a growing file by path like `tail -F` (polling, rotation, truncation, resume), or a stream to its end.
import { stat, open, type FileHandle } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import type { InputLine, Issue } from "@netward/core";
import { MAX_LINE_BYTES, splitLines } from "./flow-lines.js";

/** How much of a file's beginning is kept for format detection (64 KiB). */
export const HEAD_BYTES = 65536;

const READ_BYTES = 1 << 20;

/** Where to resume a file: the identity it had and the byte offset and line number of its next record. */
export interface FollowStart {
  identity: string;
  offset: number;
  line: number;
}

/** Why reading (re)started at a position: first open, resume from a cursor, rotation, truncation. */
export type OpenReason = "start" | "resume" | "rotated" | "truncated";

/** What a follower sees: a file opened at a position, bytes read at an offset, or the end of the open file. */
export type FollowEvent =
  | {
      kind: "open";
      reason: OpenReason;
      identity: string;
      offset: number;
      line: number;
      size: number;
      head: Uint8Array;
    }
  | { kind: "data"; offset: number; bytes: Uint8Array; size: number }
  | { kind: "end" };

/** How to follow: resume point, poll interval, when to stop, and where to say what happened to the file. */
export interface FollowOptions {
  start?: FollowStart;
  intervalMs?: number;
  signal?: AbortSignal;
  onNotice?: (message: string) => void;
}

/** A file's identity: its device and inode. */
export const identityOf = (s: { dev: number; ino: number }): string => `${s.dev}:${s.ino}`;

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code === "ENOENT";

async function statOrMissing(path: string) {
  try {
    return await stat(path);
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

/** Waits `ms` or until the signal fires; true when it fired. */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return true;
  try {
    await sleep(ms, undefined, signal === undefined ? {} : { signal });
    return false;
  } catch {
    return true;
  }
}

/** An open file being read: its handle, identity and the offset of the next byte to read. */
interface Reading {
  handle: FileHandle;
  identity: string;
  position: number;
}

async function* drain(r: Reading): AsyncGenerator<FollowEvent> {
  for (;;) {
    const size = (await r.handle.stat()).size;
    if (size <= r.position) return;
    const buffer = new Uint8Array(Math.min(READ_BYTES, size - r.position));
    const { bytesRead } = await r.handle.read(buffer, 0, buffer.length, r.position);
    if (bytesRead === 0) return;
    yield { kind: "data", offset: r.position, bytes: buffer.subarray(0, bytesRead), size };
    r.position += bytesRead;
  }
}

async function opened(handle: FileHandle, reason: OpenReason, position: number, line: number) {
  const s = await handle.stat();
  const head = new Uint8Array(Math.min(HEAD_BYTES, s.size));
  const { bytesRead } = await handle.read(head, 0, head.length, 0);
  const reading: Reading = { handle, identity: identityOf(s), position };
  const event: FollowEvent = {
    kind: "open",
    reason,
    identity: reading.identity,
    offset: position,
    line,
    size: s.size,
    head: head.subarray(0, bytesRead),
  };
  return { reading, event };
}

/** Follows the file at `path` until the signal fires, yielding what is appended, across rotation and truncation. */
export async function* followFile(path: string, options: FollowOptions = {}): AsyncGenerator<FollowEvent> {
  const interval = options.intervalMs ?? 250;
  const notice = options.onNotice ?? (() => undefined);
  let reading: Reading | undefined;
  let first = true;
  let waiting = false;
  try {
    while (!options.signal?.aborted) {
      if (reading === undefined) {
        let handle: FileHandle;
        try {
          handle = await open(path, "r");
        } catch (err) {
          if (!isMissing(err)) throw err;
          if (!waiting) notice(`${path}: ${first ? "does not exist yet" : "is gone"}; waiting for it`);
          waiting = true;
          if (await pause(interval, options.signal)) return;
          continue;
        }
        const s = await handle.stat();
        const start = options.start;
        const resume = first && start?.identity === identityOf(s) && s.size >= start.offset;
        const o = await opened(
          handle,
          first ? (resume ? "resume" : "start") : "rotated",
          resume ? start.offset : 0,
          resume ? start.line : 1,
        );
        if (waiting) notice(`${path}: appeared; reading it`);
        first = false;
        waiting = false;
        reading = o.reading;
        yield o.event;
      }
      yield* drain(reading);
      const now = await statOrMissing(path);
      if (now === undefined || identityOf(now) !== reading.identity) {
        yield* drain(reading);
        yield { kind: "end" };
        await reading.handle.close();
        reading = undefined;
        if (now !== undefined) notice(`${path}: rotated; reading the new file from its start`);
        continue;
      }
      if (now.size < reading.position) {
        notice(`${path}: truncated; reading it again from its start`);
        yield { kind: "end" };
        const o = await opened(reading.handle, "truncated", 0, 1);
        reading = o.reading;
        yield o.event;
        continue;
      }
      if (await pause(interval, options.signal)) return;
    }
  } finally {
    await reading?.handle.close();
  }
}

/** Reads a stream (standard input) to its end or until the signal fires, as one file that only grows. */
export async function* followStream(
  stream: AsyncIterable<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<FollowEvent> {
  yield { kind: "open", reason: "start", identity: "-", offset: 0, line: 1, size: 0, head: new Uint8Array() };
  const iterator = stream[Symbol.asyncIterator]();
  let offset = 0;
  const stopped = new Promise<"stop">((resolve) => {
    if (signal?.aborted) resolve("stop");
    signal?.addEventListener("abort", () => resolve("stop"), { once: true });
  });
  try {
    for (;;) {
      const pending = iterator.next();
      pending.catch(() => undefined);
      const next = await Promise.race([pending, stopped]);
      if (next === "stop") return;
      if (next.done === true) break;
      yield { kind: "data", offset, bytes: next.value, size: 0 };
      offset += next.value.length;
    }
    yield { kind: "end" };
  } finally {
    void iterator.return?.();
  }
}

/** Complete lines read from a followed file, the bad ones as issues, and where reading has got to. */
export interface LineBatch {
  identity: string;
  /** Set on the (empty) batch that marks the file opened or reopened at `cursor`. */
  reason?: OpenReason;
  lines: InputLine[];
  issues: Issue[];
  /** Byte offset and line number just after the last complete line: where to resume. */
  cursor: { offset: number; line: number };
  /** The file's first bytes (up to HEAD_BYTES), for telling its format. */
  head: Uint8Array;
  /** The file's size when last looked at (0 for a stream). */
  size: number;
}

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

const tooLong = (file: string, line: number): Issue => ({
  code: "flow-too-long",
  severity: "error",
  message: `line ${line} is more than the ${MAX_LINE_BYTES} bytes netward reads; skipped`,
  file,
  line,
});

/** Turns follow events into batches of complete lines, keeping an unfinished last line until it ends. */
export async function* followLines(
  events: AsyncIterable<FollowEvent>,
  file: string,
  maxLineBytes = MAX_LINE_BYTES,
): AsyncGenerator<LineBatch> {
  let identity = "";
  let head: Uint8Array = new Uint8Array();
  let size = 0;
  let cursor = { offset: 0, line: 1 };
  let rest: Uint8Array = new Uint8Array();
  let overlong = 0;
  const batch = (lines: InputLine[], issues: Issue[]): LineBatch => ({
    identity,
    lines,
    issues,
    cursor,
    head,
    size,
  });
  for await (const e of events) {
    if (e.kind === "open") {
      ({ identity, head, size } = e);
      cursor = { offset: e.offset, line: e.line };
      rest = new Uint8Array();
      overlong = 0;
      yield { ...batch([], []), reason: e.reason };
    } else if (e.kind === "data") {
      size = e.size;
      if (head.length < HEAD_BYTES && e.offset <= head.length && head.length < e.offset + e.bytes.length)
        head = concat(head, e.bytes.subarray(head.length - e.offset)).slice(0, HEAD_BYTES);
      let bytes = e.bytes;
      const issues: Issue[] = [];
      if (overlong > 0) {
        const end = bytes.indexOf(0x0a);
        if (end === -1) {
          overlong += bytes.length;
          yield batch([], []);
          continue;
        }
        issues.push(tooLong(file, cursor.line));
        cursor = { offset: cursor.offset + overlong + end + 1, line: cursor.line + 1 };
        bytes = bytes.subarray(end + 1);
        overlong = 0;
      }
      const split = splitLines(concat(rest, bytes), cursor, { file, maxLineBytes });
      issues.push(...split.issues);
      cursor = {
        offset: cursor.offset + rest.length + bytes.length - split.rest.length,
        line: cursor.line + split.lines.length + split.issues.length,
      };
      rest = split.rest.slice();
      if (rest.length > maxLineBytes) {
        overlong = rest.length;
        rest = new Uint8Array();
      }
      yield batch(split.lines, issues);
    } else if (overlong > 0) {
      const issue = tooLong(file, cursor.line);
      cursor = { offset: cursor.offset + overlong, line: cursor.line + 1 };
      overlong = 0;
      yield batch([], [issue]);
    } else if (rest.length > 0) {
      const split = splitLines(rest, cursor, { file, final: true, maxLineBytes });
      cursor = { offset: cursor.offset + rest.length, line: cursor.line + 1 };
      rest = new Uint8Array();
      yield batch(split.lines, split.issues);
    }
  }
}
