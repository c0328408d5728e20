// netward's metrics about itself: records ingested, rejected and dropped, flow lag, store size, snapshot reloads.
import { Counter, Gauge, type Registry } from "prom-client";
import type { FlowFormat } from "@netward/core";

/** Every flow format, so each format's counters exist at 0 from the start. */
const formats = Object.keys({
  "calico-flowlog": true,
  whisker: true,
  hubble: true,
  "kernel-log": true,
  pcap: true,
  "netward-jsonl": true,
} satisfies Record<FlowFormat, true>);

/** The self metrics of METRICS.md, on one registry; the lag is computed at scrape from the clock (milliseconds). */
export class SelfMetrics {
  readonly #ingested: Counter<"format">;
  readonly #rejected: Counter<"format">;
  readonly #dropped: Counter<"reason">;
  readonly #lastFlow: Gauge;
  readonly #storeBytes: Gauge;
  readonly #reloads: Counter<"result">;
  readonly #snapshotOk: Gauge;
  /** The newest flow's time in milliseconds, once a flow with a real time has been seen. */
  #newest: number | undefined;

  constructor(registry: Registry, now: () => number) {
    const registers = [registry];
    this.#ingested = new Counter({
      name: "netward_ingested_records_total",
      help: "Records read.",
      labelNames: ["format"],
      registers,
    });
    this.#rejected = new Counter({
      name: "netward_rejected_records_total",
      help: "Bad records skipped.",
      labelNames: ["format"],
      registers,
    });
    for (const format of formats) {
      this.#ingested.inc({ format }, 0);
      this.#rejected.inc({ format }, 0);
    }
    this.#dropped = new Counter({
      name: "netward_dropped_records_total",
      help: "Records read but not counted.",
      labelNames: ["reason"],
      registers,
    });
    this.#lastFlow = new Gauge({
      name: "netward_last_flow_timestamp_seconds",
      help: "Time of the newest flow ingested.",
      registers,
    });
    this.#lastFlow.remove({});
    const lag = new Gauge({
      name: "netward_ingest_lag_seconds",
      help: "Now minus the newest flow's time, at scrape.",
      registers,
      collect: () => {
        if (this.#newest === undefined) lag.remove({});
        else lag.set((now() - this.#newest) / 1000);
      },
    });
    this.#storeBytes = new Gauge({
      name: "netward_store_bytes",
      help: "Bytes the flow store's data takes.",
      registers,
    });
    this.#storeBytes.remove({});
    this.#reloads = new Counter({
      name: "netward_snapshot_reloads_total",
      help: "Snapshot (re)loads.",
      labelNames: ["result"],
      registers,
    });
    for (const result of ["ok", "error"]) this.#reloads.inc({ result }, 0);
    this.#snapshotOk = new Gauge({
      name: "netward_snapshot_ok",
      help: "1 when the last snapshot reload succeeded, 0 when it failed.",
      registers,
    });
    this.#snapshotOk.remove({});
  }

  /** Counts records read from one format and the bad ones among them that were skipped. */
  recordIngest(format: FlowFormat, records: number, rejected: number): void {
    this.#ingested.inc({ format }, records);
    this.#rejected.inc({ format }, rejected);
  }

  /** Counts records read but not counted, by why (queue full, ...). */
  recordDropped(reason: string, n: number): void {
    this.#dropped.inc({ reason }, n);
  }

  /** Sets the bytes the flow store's data takes. */
  setStoreBytes(bytes: number): void {
    this.#storeBytes.set(bytes);
  }

  /** Counts a snapshot (re)load and remembers whether it succeeded. */
  snapshotReload(ok: boolean): void {
    this.#reloads.inc({ result: ok ? "ok" : "error" });
    this.#snapshotOk.set(ok ? 1 : 0);
  }

  /** Notes a flow's end time (milliseconds), keeping the newest. */
  flowSeen(end: number): void {
    if (this.#newest !== undefined && end <= this.#newest) return;
    this.#newest = end;
    this.#lastFlow.set(end / 1000);
  }
}
