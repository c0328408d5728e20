// What rules can see of one side of a flow, as numbered criteria: selectors, nets and named ports.
import { inNets, selectorMatchesSide } from "../eval/rule-match.js";
import type { FlowSide } from "../eval/flow-context.js";
import { formatCIDR, type IPFamily } from "../net/ip.js";
import type { LabelIndex } from "./label-index.js";
import type { CompiledEntity, CompiledRule, CompiledSelector, NetsByFamily } from "../policy/ir.js";

/** The side of a rule a criterion reads: the source or the destination of the flow. */
export type Role = "src" | "dst";

type Criterion =
  | { kind: "selector"; selector: CompiledSelector }
  | { kind: "nets"; nets: NetsByFamily }
  | { kind: "port"; name: string; selector?: CompiledSelector };

/** What a list of rules reads from each role, and the protocols and destination ports it distinguishes. */
export interface RuleFacts {
  /** Criterion ids read from the flow's source and destination. */
  src: ReadonlySet<number>;
  dst: ReadonlySet<number>;
  /** Protocols the rules name (protocol or notProtocol). */
  protocols: ReadonlySet<number>;
  /** Destination-port cut points by protocol (-1: rules without a protocol): a port range [a,b] cuts at a and b+1. */
  cuts: ReadonlyMap<number, ReadonlySet<number>>;
  /** Named ports the rules match on the destination: their numbers on the destination side are cut points too. */
  dstPortNames: ReadonlySet<string>;
}

const netsKey = (nets: NetsByFamily) => [...nets[4], ...nets[6]].map(formatCIDR).join(",");

/** Numbers the criteria of a compiled snapshot and evaluates them on flow sides. */
export class Criteria {
  readonly #ids = new Map<string, number>();
  readonly #list: Criterion[] = [];
  readonly #facts = new WeakMap<readonly CompiledRule[], RuleFacts>();

  #id(key: string, make: () => Criterion): number {
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.#list.length;
      this.#ids.set(key, id);
      this.#list.push(make());
    }
    return id;
  }

  #entity(entity: CompiledEntity, into: Set<number>): void {
    for (const selector of [entity.selector, entity.notSelector]) {
      if (selector) into.add(this.#id(`s:${selector.text}`, () => ({ kind: "selector", selector })));
    }
    for (const nets of [entity.nets, entity.notNets]) {
      if (nets) into.add(this.#id(`n:${netsKey(nets)}`, () => ({ kind: "nets", nets })));
    }
    for (const name of [...(entity.ports?.names ?? []), ...(entity.notPorts?.names ?? [])]) {
      const selector = entity.selector;
      const key = `p:${name}|${selector?.text ?? ""}`;
      into.add(this.#id(key, () => (selector ? { kind: "port", name, selector } : { kind: "port", name })));
    }
  }

  /** The facts of a rule list (cached per list). */
  facts(rules: readonly CompiledRule[]): RuleFacts {
    let facts = this.#facts.get(rules);
    if (facts) return facts;
    const src = new Set<number>();
    const dst = new Set<number>();
    const protocols = new Set<number>();
    const cuts = new Map<number, Set<number>>();
    const dstPortNames = new Set<string>();
    for (const rule of rules) {
      this.#entity(rule.src, src);
      this.#entity(rule.dst, dst);
      for (const p of [rule.protocol, rule.notProtocol]) if (p !== undefined) protocols.add(p);
      const key = rule.protocol ?? -1;
      for (const ports of [rule.dst.ports, rule.dst.notPorts]) {
        for (const r of ports?.ranges ?? []) {
          let set = cuts.get(key);
          if (set === undefined) cuts.set(key, (set = new Set()));
          set.add(r.min);
          set.add(r.max + 1);
        }
        for (const name of ports?.names ?? []) dstPortNames.add(name);
      }
    }
    facts = { src, dst, protocols, cuts, dstPortNames };
    this.#facts.set(rules, facts);
    return facts;
  }

  /**
   * The classes a criterion could be true for, from the label and named-port indexes (a superset: values elsewhere
   * are those of an endpoint with no labels, ports or holders), or undefined when every class must be checked.
   */
  candidates(
    id: number,
    labels: LabelIndex,
    ports: ReadonlyMap<string, readonly number[]>,
  ): readonly number[] | undefined {
    const c = this.#list[id]!;
    if (c.kind === "selector") return labels.candidates(c.selector.text);
    if (c.kind === "port") return ports.get(c.name) ?? [];
    return undefined;
  }

  /** True for selector criteria (values "0"/"1"). */
  isSelector(id: number): boolean {
    return this.#list[id]!.kind === "selector";
  }

  /** The value of a criterion on a side: "0"/"1" for selectors and nets, the matching declared ports for named ports. */
  value(id: number, side: FlowSide, family: IPFamily): string {
    const c = this.#list[id]!;
    if (c.kind === "selector") return selectorMatchesSide(c.selector, side) ? "1" : "0";
    if (c.kind === "nets") return inNets(c.nets, family, side) ? "1" : "0";
    const endpoints = [side.endpoint, ...side.holders.map((h) => h.endpoint)];
    return endpoints
      .map((e, i) => {
        if (e === undefined || (c.selector !== undefined && !c.selector.matches(e.labels))) return "";
        const ports = e.ports.filter((p) => p.name === c.name).map((p) => `${p.protocol}/${p.port}`);
        return ports.length > 0 ? `${i}:${ports.join(" ")}` : "";
      })
      .filter((v) => v !== "")
      .join("|");
  }
}

/** Merges rule facts (of every policy and profile an endpoint's walk can reach). */
export function mergeFacts(list: readonly RuleFacts[]): RuleFacts {
  const src = new Set<number>();
  const dst = new Set<number>();
  const protocols = new Set<number>();
  const cuts = new Map<number, Set<number>>();
  const dstPortNames = new Set<string>();
  for (const f of list) {
    for (const id of f.src) src.add(id);
    for (const id of f.dst) dst.add(id);
    for (const p of f.protocols) protocols.add(p);
    for (const [p, points] of f.cuts) {
      let set = cuts.get(p);
      if (set === undefined) cuts.set(p, (set = new Set()));
      for (const n of points) set.add(n);
    }
    for (const n of f.dstPortNames) dstPortNames.add(n);
  }
  return { src, dst, protocols, cuts, dstPortNames };
}
