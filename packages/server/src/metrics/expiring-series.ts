// A capped gauge whose series disappear a fixed time after their last update, swept at scrape and while updating.
import { Gauge, type Counter, type Registry } from "prom-client";
import { CappedSeries, type LiveSeries } from "./series-cap.js";

/** How long a series lives after its last update, as Calico Enterprise's denied-packet series do. */
export const SERIES_TTL_MS = 60_000;

/** What an expiring gauge is: its name, help and labels, where it registers, its cap, and the clock. */
export interface ExpiringGaugeOptions<N extends string> {
  name: string;
  help: string;
  labelNames: readonly N[];
  registry: Registry;
  cap: number;
  refused: Counter<"metric">;
  /** Milliseconds; assumed never to go back. */
  now: () => number;
  ttlMs?: number;
  /** Sweep while updating at most this often (milliseconds), so expired series free their room without scrapes. */
  sweepEveryMs?: number;
}

/** A gauge whose series expire `ttlMs` after their last update: present at ttl - 1 ms, gone at ttl. */
export class ExpiringSeries<N extends string> extends CappedSeries<N> {
  readonly #ttlMs: number;
  readonly #sweepEveryMs: number;
  #lastSweep = Number.NEGATIVE_INFINITY;

  constructor(metric: Gauge<N>, options: ExpiringGaugeOptions<N>) {
    super(metric, options.name, options.labelNames, options.cap, options.refused, options.now);
    this.#ttlMs = options.ttlMs ?? SERIES_TTL_MS;
    this.#sweepEveryMs = options.sweepEveryMs ?? 5_000;
  }

  /** Creates the gauge on the registry, swept before every scrape. */
  static gauge<N extends string>(options: ExpiringGaugeOptions<N>): ExpiringSeries<N> {
    const gauge: Gauge<N> = new Gauge<N>({
      name: options.name,
      help: options.help,
      labelNames: options.labelNames,
      registers: [options.registry],
      collect: () => series.sweep(),
    });
    const series = new ExpiringSeries(gauge, options);
    return series;
  }

  /** Removes every series that has expired by now. */
  sweep(): void {
    const now = this.now();
    this.#lastSweep = now;
    for (const [key, series] of this.live) {
      if (!this.expired(series, now)) return;
      this.drop(key, series);
    }
  }

  /** Adds to a series (see CappedSeries.inc), sweeping first when the last sweep is old enough. */
  override inc(labels: Readonly<Record<N, string>>, value: number): boolean {
    if (this.now() - this.#lastSweep >= this.#sweepEveryMs) this.sweep();
    return super.inc(labels, value);
  }

  protected override expired(series: LiveSeries<N>, now: number): boolean {
    return now - series.last >= this.#ttlMs;
  }

  protected override makeRoom(): boolean {
    const before = this.live.size;
    this.sweep();
    return this.live.size < before;
  }
}
