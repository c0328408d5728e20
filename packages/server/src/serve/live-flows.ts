// The server's flow pipeline: records from any input attributed with the snapshot in use, stored, and handed to listeners.
import {
  aggregateFlows,
  Attributor,
  type AggregationOptions,
  type AttributedFlow,
  type Engine,
  type Flow,
} from "@netward/core";
import { unattributed } from "../flows/ingest-pipeline.js";
import type { FlowStore } from "../store/flow-store.js";

/**
 * How many distinct questions the live attributor remembers (core's default is 100,000). An answer holds the whole
 * verdict trace (~4 KB), and a flood of distinct flows (a port scan) would fill a large cache with answers never
 * asked again: 10,000 keeps a serve process's memory flat under such floods while repeated flows still hit.
 */
const liveAttributorCache = 10_000;

/** Something that wants every attributed flow as it arrives (metrics, alert rules, the live stream). */
export type FlowListener = (flows: readonly AttributedFlow[]) => void;

/** What a batch came to. */
export interface LiveBatch {
  records: number;
  denied: number;
  drift: number;
  rows: number;
}

/** Attributes batches of flows with the engine of the moment (a reload swaps it), stores and fans them out. */
export class LiveFlows {
  #attributor: Attributor | undefined;
  readonly #listeners: FlowListener[] = [];
  #queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly engine: () => Engine | undefined,
    private readonly store: FlowStore | undefined,
    private readonly levels: AggregationOptions = {},
  ) {}

  /** Adds a listener for every later batch; returns the function that removes it. */
  listen(listener: FlowListener): () => void {
    this.#listeners.push(listener);
    return () => {
      const at = this.#listeners.indexOf(listener);
      if (at >= 0) this.#listeners.splice(at, 1);
    };
  }

  /** Attributes, stores (batches are stored one after another) and announces one batch of flows. */
  async add(flows: readonly Flow[]): Promise<LiveBatch> {
    const engine = this.engine();
    if (engine !== undefined && this.#attributor?.engine !== engine)
      this.#attributor = new Attributor(engine, liveAttributorCache);
    const attributor = engine === undefined ? undefined : this.#attributor;
    const attributed = flows.map((f) => (attributor ? attributor.attribute(f) : unattributed(f)));
    const rows = aggregateFlows(attributed, this.levels);
    const store = this.store;
    if (store !== undefined && rows.length > 0) {
      const stored = this.#queue.then(() => store.insert(rows));
      this.#queue = stored.catch(() => undefined);
      await stored;
    }
    this.announce(attributed);
    return {
      records: attributed.length,
      denied: attributed.filter((a) => (a.enforced?.verdict ?? a.flow.action) === "deny").length,
      drift: attributed.filter((a) => a.drift !== undefined).length,
      rows: rows.length,
    };
  }

  /** Hands flows attributed and stored elsewhere (a followed file) to every listener. */
  announce(flows: readonly AttributedFlow[]): void {
    for (const listener of this.#listeners) listener(flows);
  }

  /** The attributor for the engine in use (rebuilt when a reload swapped the engine). */
  attributor(): Attributor | undefined {
    const engine = this.engine();
    if (engine !== undefined && this.#attributor?.engine !== engine)
      this.#attributor = new Attributor(engine, liveAttributorCache);
    return engine === undefined ? undefined : this.#attributor;
  }

  /** Waits for the batches being stored. */
  async drain(): Promise<void> {
    await this.#queue;
  }
}
