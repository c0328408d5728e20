// Interned answers (a connection set and what was uncertain about it) and their pairwise meets, shareable between indexes.
import { ConnSets } from "../sets/conn-set.js";
import type { SideConns } from "./side-conns.js";

/** Answer ids below this have their meets in a dense table. */
const MEET_SIDE = 512;

/** Numbers answers so rows can hold small integers; one instance may serve an index and its updates. */
export class Answers {
  readonly sets = new ConnSets();
  readonly #list: SideConns[] = [];
  readonly #ids = new Map<string, number>();
  readonly #meets = new Map<number, number>();
  /** meet() results for small answer ids, plus one (0: not yet known). */
  readonly #denseMeets = new Int32Array(MEET_SIDE * MEET_SIDE);

  /** The id of an answer, interning it. */
  id(a: SideConns): number {
    const key = a.uncertain ? `${a.set.id}|${a.uncertain.join("\n")}` : `${a.set.id}`;
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.#list.length;
      this.#ids.set(key, id);
      this.#list.push(a);
    }
    return id;
  }

  /** An interned answer by id. */
  get(id: number): SideConns {
    return this.#list[id]!;
  }

  /** The answer where both of two answers allow (memoised by id pair). */
  meet(egress: number, ingress: number): number {
    const dense = egress < MEET_SIDE && ingress < MEET_SIDE;
    const slot = egress * MEET_SIDE + ingress;
    if (dense && this.#denseMeets[slot]! > 0) return this.#denseMeets[slot]! - 1;
    const key = egress * 0x100000 + ingress;
    let id = this.#meets.get(key);
    if (id === undefined) {
      const a = this.#list[egress]!;
      const b = this.#list[ingress]!;
      const set = this.sets.intersect(a.set, b.set);
      const uncertain = [...new Set([...(a.uncertain ?? []), ...(b.uncertain ?? [])])];
      id = this.id(uncertain.length > 0 ? { set, uncertain } : { set });
      this.#meets.set(key, id);
    }
    if (dense) this.#denseMeets[slot] = id + 1;
    return id;
  }
}
