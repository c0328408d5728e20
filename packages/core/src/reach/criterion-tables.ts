// Criteria evaluated once over every class through the indexes, and the projections of all classes they give.
import type { IPFamily } from "../net/ip.js";
import type { ClassRegistry, EndpointClass } from "./classes.js";
import type { Criteria } from "./criteria.js";
import { LabelIndex } from "./label-index.js";

/** A criterion over the frozen classes: its usual value, and the classes where it differs. */
interface CriterionTable {
  typical: string;
  deviants: Map<number, string>;
}

const familyIndex = (f: IPFamily) => (f === 4 ? 0 : 1);

/** Criterion values over a fixed set of classes (those that existed when it was built). */
export class CriterionTables {
  /** How many classes the tables cover: ids below this. */
  readonly count: number;
  readonly #labels: LabelIndex;
  readonly #ports = new Map<string, number[]>();
  readonly #holders: (number[] | undefined)[] = [undefined, undefined];
  readonly #tables: Map<number, CriterionTable>[] = [
    new Map<number, CriterionTable>(),
    new Map<number, CriterionTable>(),
  ];

  constructor(
    private readonly classes: ClassRegistry,
    private readonly criteria: Criteria,
  ) {
    const list = classes.classes;
    this.count = list.length;
    this.#labels = new LabelIndex(list);
    for (const c of list) {
      for (const p of c.endpoint?.ports ?? []) {
        const ids = this.#ports.get(p.name);
        if (ids === undefined) this.#ports.set(p.name, [c.id]);
        else if (ids[ids.length - 1] !== c.id) ids.push(c.id);
      }
    }
  }

  /** Classes whose address other things carry labels for (network sets, endpoints sharing it). */
  #holderClasses(family: IPFamily): number[] {
    const slot = familyIndex(family);
    return (this.#holders[slot] ??= this.classes.classes
      .slice(0, this.count)
      .filter((c) => this.classes.side(c, family).holders.length > 0)
      .map((c) => c.id));
  }

  #table(id: number, family: IPFamily): CriterionTable {
    const tables = this.#tables[familyIndex(family)]!;
    let table = tables.get(id);
    if (table) return table;
    const classes = this.classes.classes;
    const value = (c: EndpointClass) => this.criteria.value(id, this.classes.side(c, family), family);
    const candidates = this.criteria.candidates(id, this.#labels, this.#ports);
    const deviants = new Map<number, string>();
    if (candidates !== undefined) {
      const typical = this.criteria.isSelector(id) ? "0" : "";
      for (const c of new Set([...candidates, ...this.#holderClasses(family)])) {
        const v = value(classes[c]!);
        if (v !== typical) deviants.set(c, v);
      }
      table = { typical, deviants };
    } else {
      const values = classes.slice(0, this.count).map(value);
      const counts = new Map<string, number>();
      for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
      let typical = "";
      let best = -1;
      for (const [v, n] of counts) if (n > best) [typical, best] = [v, n];
      values.forEach((v, i) => v !== typical && deviants.set(i, v));
      table = { typical, deviants };
    }
    tables.set(id, table);
    return table;
  }

  /**
   * A projection id for every class over a list of criteria: classes get the same id exactly when they have the
   * same value for every criterion. Ids grow as a tree over the criteria (an unusual value branches), so no key
   * is built for a class that has only usual values; the same list always gives the same ids.
   */
  projectionRow(criteria: readonly number[], family: IPFamily): Int32Array {
    const row = new Int32Array(this.count);
    const branches = new Map<number, Map<string, number>>();
    let next = 1;
    criteria.forEach((id, k) => {
      for (const [c, value] of this.#table(id, family).deviants) {
        const state = row[c]!;
        const key = state * criteria.length + k;
        let byValue = branches.get(key);
        if (byValue === undefined) branches.set(key, (byValue = new Map<string, number>()));
        let to = byValue.get(value);
        if (to === undefined) byValue.set(value, (to = next++));
        row[c] = to;
      }
    });
    return row;
  }
}
