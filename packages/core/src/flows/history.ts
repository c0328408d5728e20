// The snapshot as it was at a moment: addresses resolved to the pods that held them then, from the pods' lifetimes.
import type { Engine } from "../eval/engine.js";
import type { EndpointEntry } from "../policy/endpoints.js";

const alive = (e: EndpointEntry, t: number) =>
  (e.lifetime?.from === undefined || e.lifetime.from <= t) &&
  (e.lifetime?.until === undefined || t < e.lifetime.until);

/**
 * Engines at moments in time. Only addresses some pod with a known lifetime holds change: at time t they
 * belong to the pods alive then, the most recently created first, and to nothing when none is. Moments
 * between the same two lifetime edges share one engine.
 */
export class EngineHistory {
  /** Lifetime edges in order: the epoch of a moment is how many edges are at or before it. */
  readonly #edges: number[];
  readonly #timed = new Map<string, EndpointEntry[]>();
  readonly #byEpoch = new Map<number, Engine>();

  constructor(readonly engine: Engine) {
    const edges = new Set<number>();
    for (const [key, entries] of engine.byIP) {
      if (!entries.some((e) => e.lifetime !== undefined)) continue;
      this.#timed.set(key, entries);
      for (const e of entries) {
        if (e.lifetime?.from !== undefined) edges.add(e.lifetime.from);
        if (e.lifetime?.until !== undefined) edges.add(e.lifetime.until);
      }
    }
    this.#edges = [...edges].sort((a, b) => a - b);
  }

  /** True when some address changed hands (or was released) according to the snapshot. */
  get hasHistory(): boolean {
    return this.#timed.size > 0;
  }

  /** Which stretch between lifetime edges a moment falls in (0 before the first edge). */
  epoch(t: number): number {
    let lo = 0;
    let hi = this.#edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#edges[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The engine whose addresses are those held at time t (the engine itself when nothing has a lifetime). */
  at(t: number): Engine {
    if (!this.hasHistory) return this.engine;
    const epoch = this.epoch(t);
    let engine = this.#byEpoch.get(epoch);
    if (engine === undefined) {
      const byIP = new Map(this.engine.byIP);
      for (const [key, entries] of this.#timed) {
        const held = entries
          .filter((e) => alive(e, t))
          .sort((a, b) => (b.lifetime?.from ?? -Infinity) - (a.lifetime?.from ?? -Infinity));
        if (held.length > 0) byIP.set(key, held);
        else byIP.delete(key);
      }
      engine = { ...this.engine, byIP };
      this.#byEpoch.set(epoch, engine);
    }
    return engine;
  }
}
