// An index of classes by label value, so a selector is evaluated only on the classes that could match it.
import { parseSelector, type Selector } from "../selector/index.js";
import type { EndpointClass } from "./classes.js";

/** Classes by label key and value, built per key on first use. */
export class LabelIndex {
  readonly #byKey = new Map<string, Map<string, number[]>>();
  readonly #parsed = new Map<string, Selector | undefined>();

  constructor(private readonly classes: readonly EndpointClass[]) {}

  #values(key: string): Map<string, number[]> {
    let byValue = this.#byKey.get(key);
    if (byValue === undefined) {
      byValue = new Map();
      for (const c of this.classes) {
        const value = c.endpoint?.labels.get(key);
        if (value === undefined) continue;
        const list = byValue.get(value);
        if (list) list.push(c.id);
        else byValue.set(value, [c.id]);
      }
      this.#byKey.set(key, byValue);
    }
    return byValue;
  }

  #candidates(sel: Selector): number[] | undefined {
    switch (sel.kind) {
      case "eq":
        return this.#values(sel.label).get(sel.value) ?? [];
      case "in":
        return sel.values.flatMap((v) => this.#values(sel.label).get(v) ?? []);
      case "has":
        return [...this.#values(sel.label).values()].flat();
      case "and": {
        let best: number[] | undefined;
        for (const op of sel.operands) {
          const c = this.#candidates(op);
          if (c !== undefined && (best === undefined || c.length < best.length)) best = c;
        }
        return best;
      }
      case "or": {
        const parts = sel.operands.map((op) => this.#candidates(op));
        return parts.every((p) => p !== undefined) ? [...new Set(parts.flat())] : undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * The ids of the endpoint classes whose own labels could match a selector (a superset), or undefined when the
   * selector has no label test to narrow by (`all()`, negations, `!=`...).
   */
  candidates(text: string): number[] | undefined {
    let sel = this.#parsed.get(text);
    if (!this.#parsed.has(text)) {
      const parsed = parseSelector(text);
      sel = parsed.ok ? parsed.selector : undefined;
      this.#parsed.set(text, sel);
    }
    return sel === undefined ? undefined : this.#candidates(sel);
  }
}
