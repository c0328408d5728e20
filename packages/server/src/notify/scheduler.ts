// The clock and timers the delivery queue runs on: the real ones for production, a manual one for tests.

/** A timer that can be cancelled before it fires (cancelling after does nothing). */
export interface Timer {
  cancel(): void;
}

/** A clock (milliseconds since the epoch) and one-shot timers on it. */
export interface Scheduler {
  now(): number;
  setTimeout(fn: () => void, ms: number): Timer;
}

/** The process's wall clock and Node's timers. */
export const realScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(handle) };
  },
};

interface ManualTimer {
  at: number;
  seq: number;
  fn: () => void;
}

/** A clock that moves only when told to: timers fire in due order (ties in the order they were set). */
export class ManualScheduler implements Scheduler {
  #now: number;
  #seq = 0;
  #timers: ManualTimer[] = [];

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): Timer {
    const timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn };
    this.#timers.push(timer);
    return {
      cancel: () => {
        this.#timers = this.#timers.filter((t) => t !== timer);
      },
    };
  }

  /** How many timers are waiting to fire. */
  get pending(): number {
    return this.#timers.length;
  }

  /** When the next timer is due, or undefined when none is waiting. */
  nextDue(): number | undefined {
    return this.#earliest()?.at;
  }

  /** Moves the clock to the earliest timer's due time (never backwards) and fires it; returns that time, or undefined when none waits. */
  fireNext(): number | undefined {
    const timer = this.#earliest();
    if (timer === undefined) return undefined;
    this.#timers = this.#timers.filter((t) => t !== timer);
    this.#now = Math.max(this.#now, timer.at);
    timer.fn();
    return timer.at;
  }

  /** Moves the clock forward by `ms`, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (let next = this.#earliest(); next !== undefined && next.at <= until; next = this.#earliest()) {
      this.fireNext();
    }
    this.#now = until;
  }

  #earliest(): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const t of this.#timers) {
      if (best === undefined || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
