// Buffered writing to stdout that respects backpressure and stops quietly when the reader goes away.
import { once } from "node:events";

/** Writes text in chunks of about 64 KB, waiting for the stream to drain; `closed` turns true on EPIPE. */
export class OutputStream {
  #parts: string[] = [];
  #size = 0;
  closed = false;

  constructor(private readonly out: NodeJS.WritableStream = process.stdout) {
    out.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code !== "EPIPE") throw err;
      this.closed = true;
    });
  }

  /** Queues text; flushes when the buffer is full. */
  async write(text: string): Promise<void> {
    this.#parts.push(text);
    this.#size += text.length;
    if (this.#size >= 65536) await this.flush();
  }

  /** Writes everything queued. */
  async flush(): Promise<void> {
    if (this.#parts.length === 0 || this.closed) return;
    const chunk = this.#parts.join("");
    this.#parts = [];
    this.#size = 0;
    if (this.out.write(chunk)) return;
    const done = new AbortController();
    await Promise.race([
      once(this.out, "drain", { signal: done.signal }),
      once(this.out, "close", { signal: done.signal }),
    ]).finally(() => done.abort());
  }
}
