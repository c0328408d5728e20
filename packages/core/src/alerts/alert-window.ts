// When alert rules evaluate: the lookback window of records for streaming mode, and the period schedule.
import { FlowAggregator, type AggregatedFlow } from "../flows/aggregate.js";
import { evaluateAlertRule, type AlertEvaluation } from "./alert-evaluation.js";
import type { AlertRule } from "./global-alert.js";

/**
 * The recent records, by bucket; records with the same key in the same bucket are merged, so a batch that adds
 * to a bucket seen before changes its totals rather than adding a record. Shared by rules, it should keep the
 * longest of their lookbacks. It holds at most `maxRecords`: past that, whole buckets are dropped oldest first
 * (never the newest), so a flood of distinct records shortens the window instead of exhausting memory.
 */
export class WindowBuffer {
  readonly #buckets = new Map<number, FlowAggregator>();
  #size = 0;
  #dropped = 0;

  constructor(
    readonly retentionMs: number,
    readonly maxRecords = Number.POSITIVE_INFINITY,
  ) {}

  /** Adds records (merged into what their bucket already holds), then drops the oldest buckets while over the cap. */
  add(records: Iterable<AggregatedFlow>): void {
    for (const r of records) {
      let bucket = this.#buckets.get(r.bucket);
      if (bucket === undefined) this.#buckets.set(r.bucket, (bucket = new FlowAggregator()));
      const before = bucket.size;
      bucket.merge(r);
      this.#size += bucket.size - before;
    }
    while (this.#size > this.maxRecords && this.#buckets.size > 1) {
      const oldest = Math.min(...this.#buckets.keys());
      const size = this.#buckets.get(oldest)!.size;
      this.#buckets.delete(oldest);
      this.#size -= size;
      this.#dropped += size;
    }
  }

  /** Drops the buckets that start before `now - retention`. */
  evict(now: number): void {
    for (const [start, bucket] of this.#buckets)
      if (start < now - this.retentionMs) {
        this.#buckets.delete(start);
        this.#size -= bucket.size;
      }
  }

  /** The records held, oldest bucket first. */
  records(): AggregatedFlow[] {
    return [...this.#buckets.entries()].sort(([a], [b]) => a - b).flatMap(([, agg]) => agg.rows());
  }

  /** How many buckets are held. */
  get bucketCount(): number {
    return this.#buckets.size;
  }

  /** How many records are held. */
  get size(): number {
    return this.#size;
  }

  /** How many records were dropped, all told, to stay under the cap (before their time). */
  get droppedRecords(): number {
    return this.#dropped;
  }
}

/** Streaming mode: adds a batch to the window, evicts what fell out of it, and evaluates the rule at `now`. */
export function evaluateBatch(
  rule: AlertRule,
  newRecords: Iterable<AggregatedFlow>,
  window: WindowBuffer,
  now: number,
): AlertEvaluation {
  window.add(newRecords);
  window.evict(now);
  return evaluateAlertRule(rule, window.records(), now);
}

/**
 * When a rule evaluates by the clock: at once the first time, then on multiples of its period. Streaming rules
 * follow it too, so that alerts resolve and windows move on when no flows arrive.
 */
export class PeriodSchedule {
  #next: number | undefined;

  constructor(readonly periodMs: number) {}

  /** When the next evaluation is due (`now` before the first one); evaluate when this is at most `now`. */
  due(now: number): number {
    return this.#next ?? now;
  }

  /** Records an evaluation at `now`; the next is due at the following multiple of the period. */
  ran(now: number): void {
    this.#next = (Math.floor(now / this.periodMs) + 1) * this.periodMs;
  }
}
