// RFC 6587 framing of syslog over TCP (octet counting and non-transparent), as a pure state machine with bounded memory.

/** A framing problem: its stable code, what was wrong, and a fix when one is likely. */
export interface FramingProblem {
  code: "syslog-too-long" | "syslog-bad-length" | "syslog-truncated";
  message: string;
  fix?: string;
}

/** What pushing bytes gives: a complete frame's message bytes (without its trailer), or a problem. */
export type FramingOutput = { frame: Uint8Array } | { problem: FramingProblem };

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const SP = 0x20;
/** The longest octet count read: 9 digits, just under 1 GB. */
const MAX_COUNT_DIGITS = 9;

const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
const isTrailer = (b: number | undefined) => b === LF || b === NUL;

/** The parser's position: between frames, in an octet count, in a counted or newline-ended frame, or dropping bytes. */
type State =
  | { kind: "start" }
  | { kind: "count"; digits: string }
  | { kind: "octets"; buffer: Uint8Array; filled: number }
  | { kind: "line"; parts: Uint8Array[]; size: number }
  | { kind: "discard" }
  | { kind: "skip"; remaining: number };

/** The frame's bytes without one trailing LF and one CR before it; undefined when nothing is left. */
function trimmed(bytes: Uint8Array): Uint8Array | undefined {
  let end = bytes.length;
  if (bytes[end - 1] === LF) end--;
  if (bytes[end - 1] === CR) end--;
  return end === 0 ? undefined : bytes.subarray(0, end);
}

/** A short, printable rendering of a byte for messages. */
const shown = (b: number) =>
  b >= 0x21 && b <= 0x7e ? `"${String.fromCharCode(b)}"` : `byte 0x${b.toString(16)}`;

const lengthFix =
  "send RFC 6587 frames: `<length> <message>`, or one message per line starting with its `<PRI>`";

/** The index of the next LF or NUL in `bytes` from `from`, or -1. */
function nextTrailer(bytes: Uint8Array, from: number): number {
  for (let i = from; i < bytes.length; i++) if (isTrailer(bytes[i])) return i;
  return -1;
}

/**
 * Splits one TCP stream into syslog messages, deciding per frame as RFC 6587 says: a frame starting with a digit
 * is octet-counted (`<len> <msg>`), any other ends at LF or NUL. Keeps at most one frame of `maxFrameBytes`.
 */
export class SyslogFramer {
  private state: State = { kind: "start" };

  /** A framer that accepts frames of at most `maxFrameBytes` bytes. */
  constructor(private readonly maxFrameBytes: number) {}

  /** Reads the next bytes of the stream; returns the frames they complete and the problems found. */
  push(chunk: Uint8Array): FramingOutput[] {
    const out: FramingOutput[] = [];
    let i = 0;
    while (i < chunk.length) i = this.step(chunk, i, out);
    return out;
  }

  /**
   * Ends the stream, reporting an unfinished frame as truncated. A newline frame without its newline is dropped too:
   * syslog daemons always end their frames, and half a kernel line can still parse, into a wrong flow.
   */
  end(): FramingOutput[] {
    const s = this.state;
    this.state = { kind: "start" };
    const truncated = (what: string): FramingOutput[] => [
      { problem: { code: "syslog-truncated", message: `the connection ended ${what}; dropped` } },
    ];
    if (s.kind === "count") return truncated(`inside the octet count "${s.digits}"`);
    if (s.kind === "octets")
      return truncated(`after ${s.filled} of the ${s.buffer.length} bytes its last frame announced`);
    if (s.kind === "line") return truncated(`after ${s.size} bytes of a frame without its newline`);
    return [];
  }

  /** Consumes bytes of `chunk` from `i` in the current state; returns where the next step starts. */
  private step(chunk: Uint8Array, i: number, out: FramingOutput[]): number {
    const s = this.state;
    const b = chunk[i] ?? 0;
    switch (s.kind) {
      case "start":
        if (isTrailer(b)) return i + 1;
        this.state = isDigit(b) ? { kind: "count", digits: "" } : { kind: "line", parts: [], size: 0 };
        return i;
      case "count":
        return this.count(s, b, i, out);
      case "octets": {
        const take = Math.min(s.buffer.length - s.filled, chunk.length - i);
        s.buffer.set(chunk.subarray(i, i + take), s.filled);
        s.filled += take;
        if (s.filled === s.buffer.length) this.emit(s.buffer, out);
        return i + take;
      }
      case "line":
        return this.line(s, chunk, i, out);
      case "discard": {
        const at = nextTrailer(chunk, i);
        if (at === -1) return chunk.length;
        this.state = { kind: "start" };
        return at + 1;
      }
      case "skip": {
        const take = Math.min(s.remaining, chunk.length - i);
        s.remaining -= take;
        if (s.remaining === 0) this.state = { kind: "start" };
        return i + take;
      }
    }
  }

  /** Reads one byte of an octet count: a digit, the space that ends it, or anything else (a garbage length). */
  private count(s: { digits: string }, b: number, i: number, out: FramingOutput[]): number {
    if (isDigit(b) && s.digits.length < MAX_COUNT_DIGITS && !(s.digits === "" && b === 0x30)) {
      s.digits += String.fromCharCode(b);
      return i + 1;
    }
    if (b === SP && s.digits !== "") {
      const length = Number(s.digits);
      if (length > this.maxFrameBytes) {
        const message = `a frame announces ${length} bytes, more than the ${this.maxFrameBytes}-byte limit; skipped`;
        out.push({ problem: { code: "syslog-too-long", message } });
        this.state = { kind: "skip", remaining: length };
      } else this.state = { kind: "octets", buffer: new Uint8Array(length), filled: 0 };
      return i + 1;
    }
    const what =
      s.digits === ""
        ? "an octet count starting with 0"
        : isDigit(b)
          ? `an octet count of more than ${MAX_COUNT_DIGITS} digits`
          : `the octet count "${s.digits}" followed by ${shown(b)} instead of a space`;
    const message = `a frame starts with ${what}; skipped up to the next newline`;
    out.push({ problem: { code: "syslog-bad-length", message, fix: lengthFix } });
    this.state = { kind: "discard" };
    return i;
  }

  /** Reads a newline-ended frame up to its LF or NUL, or drops it once it is longer than the limit. */
  private line(s: { parts: Uint8Array[]; size: number }, chunk: Uint8Array, i: number, out: FramingOutput[]) {
    const at = nextTrailer(chunk, i);
    const end = at === -1 ? chunk.length : at;
    if (s.size + end - i > this.maxFrameBytes) {
      const message = `a frame is longer than the ${this.maxFrameBytes}-byte limit; skipped up to the next newline`;
      out.push({ problem: { code: "syslog-too-long", message } });
      this.state = { kind: "discard" };
      return i;
    }
    s.parts.push(chunk.slice(i, end));
    s.size += end - i;
    if (at === -1) return end;
    this.emit(concat(s.parts, s.size), out);
    return at + 1;
  }

  /** Hands on a complete frame (unless it is empty) and waits for the next one. */
  private emit(bytes: Uint8Array, out: FramingOutput[]): void {
    this.state = { kind: "start" };
    const frame = trimmed(bytes);
    if (frame !== undefined) out.push({ frame });
  }
}

/** The parts joined into one array of `size` bytes. */
function concat(parts: readonly Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1 && parts[0] !== undefined) return parts[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The messages in one UDP datagram: its lines (split at LF or NUL, without a trailing CR), empty ones left out. */
export function splitDatagram(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let from = 0;
  while (from <= bytes.length) {
    const at = nextTrailer(bytes, from);
    const end = at === -1 ? bytes.length : at;
    const line = trimmed(bytes.subarray(from, end));
    if (line !== undefined) out.push(line);
    from = end + 1;
  }
  return out;
}
