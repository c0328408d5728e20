// The reachability index: per class and direction, the rules that apply; per rule view of the peer, the allowed connections.
import type { Engine } from "../eval/engine.js";
import { selectingPolicies } from "../eval/tier-walk.js";
import type { Direction } from "../model/calico.js";
import type { IPFamily } from "../net/ip.js";
import type { CompiledPolicy, CompiledRule } from "../policy/ir.js";
import type { CompiledProfile } from "../policy/profiles.js";
import type { ConnSets } from "../sets/conn-set.js";
import { Answers } from "./answers.js";
import { ClassRegistry, pairFamily, type EndpointClass } from "./classes.js";
import { Criteria, mergeFacts, type RuleFacts } from "./criteria.js";
import { CriterionTables } from "./criterion-tables.js";
import { planProtocols, sideConns, type ProtocolPlan, type SideConns } from "./side-conns.js";

/** Endpoints that share the policies (and profiles) of their walk in one direction. */
interface SubjectGroup {
  key: string;
  id: number;
  direction: Direction;
  /** No policy can apply (not an endpoint, or host-networked): everything is allowed. */
  open: boolean;
  facts: RuleFacts;
  own: number[];
  peer: number[];
  /** Per family: projection ids by key (a projection is what the group's rules can see of a peer). */
  projections: Map<string, number>[];
}

/** A subject group seen from one subject's own criteria in one family: its table of answers per peer projection. */
interface Variant {
  group: SubjectGroup;
  family: IPFamily;
  subject: EndpointClass;
  /** Answer ids by peer projection id. */
  table: (number | undefined)[];
  /** Answer ids by frozen class, once computed. */
  row?: Uint32Array;
  /** Answer ids by row projection id (the ids `CriterionTables.projectionRow` gives). */
  rowTable?: number[];
}

/** The options every answer depends on. */
export interface ReachIndexOptions {
  /** Staged policies as if enforced. */
  pending?: boolean;
  /** An index of the same cluster before a change: answers and policy numbers are shared with it. */
  previous?: ReachIndex;
}

/** A compiled policy's content: equal for policies that select and match alike. */
function fingerprint(p: CompiledPolicy): string {
  return JSON.stringify([
    p.ref,
    p.order,
    p.staged,
    p.selector.text,
    [...p.types].sort(),
    p.ingress.map((r) => r.rule),
    p.egress.map((r) => r.rule),
    p.doNotTrack,
    p.preDNAT,
    p.applyOnForward,
  ]);
}

const familyIndex = (f: IPFamily) => (f === 4 ? 0 : 1);

/** Answers "what may flow from class A to class B" for a compiled engine, sharing work across equivalent classes. */
export class ReachIndex {
  readonly classes: ClassRegistry;
  /** Interned answers, shared with the index this one updates (if any). */
  readonly answers: Answers;
  /** Policy fingerprints to numbers, shared likewise, so equal policies get equal numbers across indexes. */
  readonly #fingerprints: Map<string, number>;
  readonly #profileNumbers = new WeakMap<CompiledProfile, number>();
  readonly #criteria = new Criteria();
  readonly #plan: ProtocolPlan;
  readonly #pending: boolean;
  readonly #policyIds = new Map<CompiledPolicy, number>();
  readonly #groups = new Map<string, SubjectGroup>();
  readonly #variants = new Map<string, Variant>();
  /** Per class id: variants by direction (0 egress, 1 ingress) and family. */
  readonly #classVariants: (Variant | undefined)[][] = [];
  readonly #open: SideConns;
  #tables: CriterionTables | undefined;
  #lastProjection: { group: SubjectGroup; family: IPFamily; row: Int32Array } | undefined;

  constructor(
    readonly engine: Engine,
    options: ReachIndexOptions = {},
  ) {
    this.#pending = options.pending ?? false;
    this.answers = options.previous?.answers ?? new Answers();
    this.#fingerprints = options.previous ? options.previous.#fingerprints : new Map<string, number>();
    this.classes = new ClassRegistry(engine);
    const named = new Set<number>();
    for (const { tier, policies } of engine.tiers) {
      const tierPrint = JSON.stringify([tier.name, tier.order, tier.defaultAction]);
      for (const p of policies) {
        this.#policyIds.set(p, this.#number(tierPrint + fingerprint(p)));
        for (const f of [this.#criteria.facts(p.ingress), this.#criteria.facts(p.egress)])
          for (const n of f.protocols) named.add(n);
      }
    }
    for (const e of engine.endpoints) {
      for (const profile of e.get().profiles) {
        for (const f of [this.#criteria.facts(profile.ingress), this.#criteria.facts(profile.egress)])
          for (const n of f.protocols) named.add(n);
      }
    }
    this.#plan = planProtocols(named);
    this.#open = { set: this.sets.all };
  }

  #group(c: EndpointClass, direction: Direction): SubjectGroup {
    const e = c.endpoint;
    const open = e === undefined || e.hostNetwork;
    const selected: CompiledPolicy[] = [];
    if (!open) {
      for (const tier of this.engine.tiers)
        selected.push(...selectingPolicies(tier, e, direction, { pending: this.#pending }));
    }
    const profiles = open ? "" : e.profiles.map((p) => this.#profileNumber(p)).join(",");
    const key = open
      ? `open|${direction}`
      : `${direction}|${e.kind}|${e.interfaceName === "*"}|${selected.map((p) => this.#policyIds.get(p)).join(",")}|${profiles}`;
    let g = this.#groups.get(key);
    if (g) return g;
    const rules = (x: { ingress: CompiledRule[]; egress: CompiledRule[] }) =>
      direction === "Ingress" ? x.ingress : x.egress;
    const facts = open
      ? mergeFacts([])
      : mergeFacts([...selected, ...e.profiles].map((x) => this.#criteria.facts(rules(x))));
    const [own, peer] = direction === "Egress" ? [facts.src, facts.dst] : [facts.dst, facts.src];
    g = {
      key,
      id: this.#groups.size,
      direction,
      open,
      facts,
      own: [...own].sort((a, b) => a - b),
      peer: [...peer].sort((a, b) => a - b),
      projections: [new Map<string, number>(), new Map<string, number>()],
    };
    this.#groups.set(key, g);
    return g;
  }

  #project(ids: readonly number[], c: EndpointClass, family: IPFamily): string {
    if (ids.length === 0) return "";
    const side = this.classes.side(c, family);
    return ids.map((id) => this.#criteria.value(id, side, family)).join(",");
  }

  #variant(c: EndpointClass, direction: Direction, family: IPFamily): Variant {
    const byDirection = (this.#classVariants[c.id] ??= []);
    const slot = (direction === "Egress" ? 0 : 2) + familyIndex(family);
    const known = byDirection[slot];
    if (known) return known;
    const group = this.#group(c, direction);
    const key = `${group.id}|${family}|${this.#project(group.own, c, family)}`;
    let v = this.#variants.get(key);
    if (v === undefined) this.#variants.set(key, (v = { group, family, subject: c, table: [] }));
    byDirection[slot] = v;
    return v;
  }

  /** The projection id of one peer for a group, computed directly (any class, frozen or not). */
  #projection(g: SubjectGroup, peer: EndpointClass, family: IPFamily): number {
    const ids = g.projections[familyIndex(family)]!;
    const key = this.#project(g.peer, peer, family);
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  }

  /** Declares every class known: rows over all classes can be computed from now on (see `sideRow`). */
  freeze(): void {
    this.#tables ??= new CriterionTables(this.classes, this.#criteria);
  }

  /** The frozen classes' count (0 before `freeze`). */
  get frozenCount(): number {
    return this.#tables?.count ?? 0;
  }

  #answerId(a: SideConns): number {
    return this.answers.id(a);
  }

  /** An interned answer by id. */
  answer(id: number): SideConns {
    return this.answers.get(id);
  }

  #tableEntry(v: Variant, p: number, peer: EndpointClass, direction: Direction): number {
    let answer = v.table[p];
    if (answer === undefined) {
      const s = this.classes.side(v.subject, v.family);
      const o = this.classes.side(peer, v.family);
      answer = v.table[p] = this.#answerId(
        sideConns({
          engine: this.engine,
          sets: this.sets,
          plan: this.#plan,
          pending: this.#pending,
          direction,
          subject: v.subject.endpoint!,
          facts: v.group.facts,
          family: v.family,
          src: direction === "Egress" ? s : o,
          dst: direction === "Egress" ? o : s,
        }),
      );
    }
    return answer;
  }

  /**
   * One subject's answers towards (egress) or from (ingress) every frozen class, as answer ids: shared by all
   * subjects of one variant, cached.
   */
  sideRow(subject: EndpointClass, direction: Direction, family: IPFamily): Uint32Array {
    const v = this.#variant(subject, direction, family);
    if (v.row) return v.row;
    const tables = this.#tables!;
    const row = new Uint32Array(tables.count);
    if (v.group.open) row.fill(this.#answerId(this.#open));
    else {
      const last = this.#lastProjection;
      const projections =
        last?.group === v.group && last.family === family
          ? last.row
          : tables.projectionRow(v.group.peer, family);
      this.#lastProjection = { group: v.group, family, row: projections };
      const classes = this.classes.classes;
      const rowTable = (v.rowTable ??= []);
      for (let c = 0; c < row.length; c++) {
        const p = projections[c]!;
        let answer = rowTable[p];
        if (answer === undefined)
          answer = rowTable[p] = this.#tableEntry(
            v,
            this.#projection(v.group, classes[c]!, family),
            classes[c]!,
            direction,
          );
        row[c] = answer;
      }
    }
    return (v.row = row);
  }

  /** The answer where both of two answers allow (memoised by id pair). */
  meet(egress: number, ingress: number): number {
    return this.answers.meet(egress, ingress);
  }

  /** What one side allows: the subject's egress towards a peer, or its ingress from a peer. */
  side(subject: EndpointClass, peer: EndpointClass, direction: Direction, family: IPFamily): SideConns {
    const v = this.#variant(subject, direction, family);
    if (v.group.open) return this.#open;
    return this.answers.get(this.#tableEntry(v, this.#projection(v.group, peer, family), peer, direction));
  }

  /** What may flow from one class to another: the source's egress and the destination's ingress both allow it. */
  pair(src: EndpointClass, dst: EndpointClass): SideConns {
    const family = pairFamily(src, dst);
    const egress = this.side(src, dst, "Egress", family);
    const ingress = this.side(dst, src, "Ingress", family);
    const set = this.sets.intersect(egress.set, ingress.set);
    if (egress.uncertain === undefined && ingress.uncertain === undefined) return { set };
    return { set, uncertain: [...new Set([...(egress.uncertain ?? []), ...(ingress.uncertain ?? [])])] };
  }

  #profileNumber(p: CompiledProfile): number {
    let n = this.#profileNumbers.get(p);
    if (n === undefined) {
      n = this.#number(JSON.stringify([p.name, p.ingress.map((r) => r.rule), p.egress.map((r) => r.rule)]));
      this.#profileNumbers.set(p, n);
    }
    return n;
  }

  /** The number of a policy's or profile's content (equal content, equal number, across shared indexes). */
  #number(print: string): number {
    let id = this.#fingerprints.get(print);
    if (id === undefined) this.#fingerprints.set(print, (id = this.#fingerprints.size));
    return id;
  }

  /** The connection sets of this index's answers. */
  get sets(): ConnSets {
    return this.answers.sets;
  }

  /** What decides a class's side: its subject group key (policies by content, profiles, kind) for a direction. */
  groupKey(c: EndpointClass, direction: Direction): string {
    return this.#group(c, direction).key;
  }

  /** Counts of the shared work, for benchmarks and tests: classes, subject groups, variants. */
  stats(): { classes: number; groups: number; variants: number; sets: number } {
    return {
      classes: this.classes.classes.length,
      groups: this.#groups.size,
      variants: this.#variants.size,
      sets: this.sets.size,
    };
  }
}
