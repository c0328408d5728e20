// Progress of a long ingest on standard error: one redrawn line on a terminal, a status line now and then otherwise.

/** What progress is shown of: records read, bad records, bytes read and, when known, the bytes there are to read. */
export interface ProgressCounters {
  records: number;
  bad: number;
  bytes: number;
  size?: number;
}

/** Where progress goes: standard error, or anything with its shape. */
export interface ProgressOutput {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** When to draw: the clock, the least time between redraws, and how often to write a status line off a terminal. */
export interface ProgressOptions {
  clock?: () => number;
  redrawMs?: number;
  /** Off a terminal, a status line this often when something changed (none when not given). */
  statusEveryMs?: number;
}

const units = ["B", "kB", "MB", "GB", "TB"];

/** A byte count for people: `812 B`, `27.1 MB`. */
export function humanBytes(n: number): string {
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(1)} ${units[i]}`;
}

const clockTime = (ms: number) => {
  const s = Math.floor(ms / 1000);
  const mmss = `${Math.floor(s / 60) % 60}:${String(s % 60).padStart(2, "0")}`;
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mmss.padStart(5, "0")}` : mmss;
};

const rate = (c: ProgressCounters, elapsedMs: number) => {
  const r = elapsedMs > 0 ? (c.records * 1000) / elapsedMs : 0;
  return r < 10 ? r.toFixed(1) : String(Math.round(r));
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The terminal line: records, records per second, bad records, time, and a bar with percent when the size is known. */
export function renderProgress(c: ProgressCounters, elapsedMs: number, width: number): string {
  const base = `${plural(c.records, "record")}  ${rate(c, elapsedMs)}/s  ${c.bad} bad  ${clockTime(elapsedMs)}`;
  if (c.size === undefined || c.size <= 0) return base.slice(0, width - 1);
  const share = Math.min(1, c.bytes / c.size);
  const tail = ` ${String(Math.floor(share * 100)).padStart(3)}% of ${humanBytes(c.size)}`;
  const room = Math.min(40, width - 1 - base.length - tail.length - 4);
  if (room < 10) return (base + tail).slice(0, width - 1);
  const done = Math.floor(share * room);
  return `${base}  [${"#".repeat(done)}${"-".repeat(room - done)}]${tail}`;
}

/** The status line written off a terminal: records, rate, bad records and bytes read. */
export function renderStatus(c: ProgressCounters, elapsedMs: number): string {
  return `${plural(c.records, "flow record")} read (${rate(c, elapsedMs)}/s), ${c.bad} bad, ${humanBytes(c.bytes)} read in ${clockTime(elapsedMs)}`;
}

/** Shows the progress of one ingest: `update` with new counters, `log` messages above it, `end` when done. */
export class Progress {
  readonly #out: ProgressOutput;
  readonly #clock: () => number;
  readonly #redrawMs: number;
  readonly #statusEveryMs: number | undefined;
  readonly #started: number;
  #counters: ProgressCounters = { records: 0, bad: 0, bytes: 0 };
  #drawn = "";
  #lastDraw = -Infinity;
  #lastStatus: number;
  #statusOf = "";
  #timer: NodeJS.Timeout | undefined;

  constructor(out: ProgressOutput, options: ProgressOptions = {}) {
    this.#out = out;
    this.#clock = options.clock ?? (() => performance.now());
    this.#redrawMs = options.redrawMs ?? 100;
    this.#statusEveryMs = options.statusEveryMs;
    this.#started = this.#clock();
    this.#lastStatus = this.#started;
    this.#statusOf = JSON.stringify(this.#counters);
  }

  /** Takes new counters, redrawing the terminal line when the last redraw is old enough. */
  update(counters: ProgressCounters): void {
    this.#counters = { ...counters };
    this.tick();
  }

  /** Redraws or writes a status line if one is due; called on every update and by the timer. */
  tick(): void {
    const now = this.#clock();
    if (this.#out.isTTY === true) {
      if (now - this.#lastDraw >= this.#redrawMs) this.#draw(now);
      return;
    }
    if (this.#statusEveryMs === undefined || now - this.#lastStatus < this.#statusEveryMs) return;
    this.#lastStatus = now;
    const state = JSON.stringify(this.#counters);
    if (state === this.#statusOf) return;
    this.#statusOf = state;
    this.#out.write(`${renderStatus(this.#counters, now - this.#started)}\n`);
  }

  /** Writes a message (ending in a newline) where the progress line was; the next update or tick draws it again. */
  log(text: string): void {
    this.#clear();
    this.#out.write(text);
    this.#lastDraw = -Infinity;
  }

  /** Ticks every so often until `end`, so rate and time stay fresh while nothing comes in. */
  start(): void {
    const every = this.#out.isTTY === true ? this.#redrawMs : this.#statusEveryMs;
    if (every === undefined) return;
    this.#timer = setInterval(() => this.tick(), every);
    this.#timer.unref();
  }

  /** Stops the timer and clears the terminal line. */
  end(): void {
    clearInterval(this.#timer);
    this.#clear();
  }

  #draw(now: number): void {
    this.#lastDraw = now;
    const columns = this.#out.columns ?? 0;
    const line = renderProgress(this.#counters, now - this.#started, columns > 0 ? columns : 80);
    if (line === this.#drawn) return;
    this.#out.write(`\r${line}\x1b[K`);
    this.#drawn = line;
  }

  #clear(): void {
    if (this.#drawn === "") return;
    this.#out.write("\r\x1b[K");
    this.#drawn = "";
  }
}
