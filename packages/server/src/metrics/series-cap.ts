// A labelled prom-client metric with a cap on its number of series: new series beyond it are refused and counted.
import type { Counter, LabelValues } from "prom-client";

/** What a capped metric needs of a prom-client counter or gauge. */
export interface SeriesMetric<N extends string> {
  inc(labels: LabelValues<N>, value?: number): void;
  remove(labels: LabelValues<N>): void;
}

/** One live series: its labels and when it was last updated (milliseconds of the clock in use). */
export interface LiveSeries<N extends string> {
  labels: Readonly<Record<N, string>>;
  last: number;
}

/** The default number of series one metric may hold (`--series-cap`). */
export const DEFAULT_SERIES_CAP = 10_000;

/** A metric whose series are tracked by key, at most `cap` of them; updates of existing series always apply. */
export class CappedSeries<N extends string> {
  /** Live series by key, least recently updated first. */
  protected readonly live = new Map<string, LiveSeries<N>>();

  constructor(
    protected readonly metric: SeriesMetric<N>,
    /** The metric's name, the `metric` label of the refusals counter. */
    readonly name: string,
    private readonly labelNames: readonly N[],
    private readonly cap: number,
    private readonly refused: Counter<"metric">,
    protected readonly now: () => number,
  ) {
    refused.inc({ metric: name }, 0);
  }

  /** The number of live series. */
  get size(): number {
    return this.live.size;
  }

  /** Adds `value` to the series with these labels, creating it if the cap allows; false when refused. */
  inc(labels: Readonly<Record<N, string>>, value: number): boolean {
    const key = this.labelNames.map((n) => labels[n]).join("\u0000");
    const now = this.now();
    let series = this.live.get(key);
    if (series !== undefined && this.expired(series, now)) {
      this.drop(key, series);
      series = undefined;
    }
    if (series === undefined) {
      if (this.live.size >= this.cap && !this.makeRoom(now)) {
        this.refused.inc({ metric: this.name });
        return false;
      }
      series = { labels, last: now };
    } else {
      this.live.delete(key);
      series.last = now;
    }
    this.live.set(key, series);
    this.metric.inc(labels, value);
    return true;
  }

  /** Removes every series whose labels fail the test. */
  keepOnly(test: (labels: Readonly<Record<N, string>>) => boolean): void {
    for (const [key, series] of this.live) if (!test(series.labels)) this.drop(key, series);
  }

  /** True when a series has expired by `now` (never, for a metric without expiry). */
  protected expired(_series: LiveSeries<N>, _now: number): boolean {
    return false;
  }

  /** Frees room for a new series when full; true if some was freed (never, for a metric without expiry). */
  protected makeRoom(_now: number): boolean {
    return false;
  }

  /** Forgets a series and removes it from the metric. */
  protected drop(key: string, series: LiveSeries<N>): void {
    this.live.delete(key);
    this.metric.remove(series.labels);
  }
}
