// Attribution: the engine's verdict and trace for a flow record, and whether the dataplane's report disagrees (drift).
import { evaluateFlow, type Engine } from "../eval/engine.js";
import type { FlowSpec, FlowVerdict, SideVerdict } from "../eval/types.js";
import { resolveEnd, type ResolvedEnd } from "./enrich.js";
import { EngineHistory } from "./history.js";
import type { CompiledRule } from "../policy/ir.js";
import type { Flow, FlowEnd } from "./flow.js";

/** A flow with what its ends are, the model's verdicts, and any disagreement with what the source reported. */
export interface AttributedFlow {
  flow: Flow;
  src: ResolvedEnd;
  dst: ResolvedEnd;
  /** The engine's verdicts; absent when an end cannot be evaluated (no address and no known endpoint). */
  enforced?: FlowVerdict;
  pending?: FlowVerdict;
  /** Why there is no verdict. */
  unattributed?: string;
  /** The source reported one verdict and the model gives the other, for the side that reported. */
  drift?: { reported: "allow" | "deny"; model: "allow" | "deny"; side: "egress" | "ingress" | "verdict" };
}

/** The side whose verdict a source reports: the source's egress, the destination's ingress, or the whole flow. */
function reportedSide(
  flow: Flow,
  verdict: FlowVerdict,
): { side: "egress" | "ingress" | "verdict"; v: SideVerdict | FlowVerdict } {
  if (flow.reporter === "src") return { side: "egress", v: verdict.egress };
  if (flow.reporter === "dst") return { side: "ingress", v: verdict.ingress };
  return { side: "verdict", v: verdict };
}

/** Why an end without an address cannot be evaluated, in the words of what the record says it is. */
function whyNot(role: "source" | "destination", end: ResolvedEnd, reported: FlowEnd): string {
  const name = reported.name ?? "";
  if (name === "pub" || name === "pvt")
    return `the record keeps no address for the ${role}, only that it is ${name === "pub" ? "public" : "private"} (${name}); ingest with a lower aggregation level to attribute it`;
  if (end.kind === "networkset")
    return `the ${role} is the network set ${end.name ?? name}, which stands for many addresses; the record keeps none`;
  if (reported.type === "hep")
    return `the ${role} is the host endpoint ${name}, which is not in the manifests, and the record has no address`;
  return `the ${role} has no address and no name the manifests know${name !== "" && name !== "-" ? ` (${end.name ?? name})` : ""}`;
}

/** What attribution finds without looking at the reported verdict: the ends and the model's verdicts. */
type Evaluation = Omit<AttributedFlow, "flow" | "drift">;

/** Engines with at least one staged policy (only staged policies make a pending verdict differ from the enforced one). */
const stagedPolicies = new WeakMap<Engine, boolean>();

function hasStaged(engine: Engine): boolean {
  let staged = stagedPolicies.get(engine);
  if (staged === undefined) {
    staged = engine.tiers.some((t) => t.policies.some((p) => p.staged));
    stagedPolicies.set(engine, staged);
  }
  return staged;
}

function evaluate(engine: Engine, flow: Flow): Evaluation {
  const src = resolveEnd(engine, flow.src);
  const dst = resolveEnd(engine, flow.dst);
  if (src.ref === undefined) return { src, dst, unattributed: whyNot("source", src, flow.src) };
  if (dst.ref === undefined) return { src, dst, unattributed: whyNot("destination", dst, flow.dst) };
  const spec: FlowSpec = { src: src.ref, dst: dst.ref, protocol: flow.protocol };
  if (flow.dst.port !== undefined) spec.dstPort = flow.dst.port;
  if (flow.src.port !== undefined) spec.srcPort = flow.src.port;
  if (flow.icmpType !== undefined) spec.icmpType = flow.icmpType;
  if (flow.icmpCode !== undefined) spec.icmpCode = flow.icmpCode;
  const enforced = evaluateFlow(engine, spec);
  return {
    src,
    dst,
    enforced,
    pending: hasStaged(engine) ? evaluateFlow(engine, spec, { pending: true }) : enforced,
  };
}

/** The attributed flow, with drift when the source reported a verdict the model does not give. */
function withDrift(flow: Flow, e: Evaluation): AttributedFlow {
  const out: AttributedFlow =
    e.enforced === undefined
      ? { flow, src: e.src, dst: e.dst }
      : { flow, src: e.src, dst: e.dst, enforced: e.enforced };
  if (e.pending !== undefined) out.pending = e.pending;
  if (e.unattributed !== undefined) out.unattributed = e.unattributed;
  if (flow.action !== undefined && e.enforced) {
    const { side, v } = reportedSide(flow, e.enforced);
    if (v.verdict !== flow.action) out.drift = { reported: flow.action, model: v.verdict, side };
  }
  return out;
}

/**
 * Attributes one flow: resolves its ends as the snapshot had them at the flow's start, evaluates it enforced
 * and pending, and compares with the report.
 */
export function attributeFlow(engine: Engine, flow: Flow): AttributedFlow {
  let history = histories.get(engine);
  if (history === undefined) histories.set(engine, (history = new EngineHistory(engine)));
  return withDrift(flow, evaluate(history.at(momentOf(flow)), flow));
}

const histories = new WeakMap<Engine, EngineHistory>();

/** The moment to resolve a flow's addresses at: its start, or after every lifetime edge when its time is not real. */
const momentOf = (flow: Flow) => (flow.timeRelative ? Number.POSITIVE_INFINITY : flow.start);

/** True when some rule of the engine (policy or profile) looks at source ports, so they can change a verdict. */
function sourcePortsMatter(engine: Engine): boolean {
  const looks = (rules: readonly CompiledRule[]) => rules.some((r) => r.src.ports || r.src.notPorts);
  const policies = engine.tiers.some((t) => t.policies.some((p) => looks(p.ingress) || looks(p.egress)));
  const profiles = new Set(engine.endpoints.flatMap((e) => e.get().profiles));
  return policies || [...profiles].some((p) => looks(p.ingress) || looks(p.egress));
}

/** A string in a cache key, length-prefixed so no two different sequences of parts give the same key. */
const part = (s: string | undefined) => (s === undefined ? "~" : `${s.length}:${s}`);

/** What of one end can change its resolution: address, name, namespace and type. */
const endKey = (e: FlowEnd) => `${part(e.ip)}${part(e.name)}${part(e.namespace)}${part(e.type)}`;

/**
 * Attributes many flows, evaluating each distinct question once: flows that differ only in what no rule can
 * see (times within one stretch of the snapshot's history, counts, labels the source added, and the source port
 * unless a rule matches source ports) share their ends and verdicts. Keeps at most `limit` answers, starting afresh when full.
 */
export class Attributor {
  readonly #cache = new Map<string, Evaluation>();
  readonly #sourcePorts: boolean;
  readonly #history: EngineHistory;

  constructor(
    readonly engine: Engine,
    private readonly limit = 100_000,
  ) {
    this.#sourcePorts = sourcePortsMatter(engine);
    this.#history = new EngineHistory(engine);
  }

  /** The same answer `attributeFlow` gives. */
  attribute(flow: Flow): AttributedFlow {
    const epoch = this.#history.hasHistory ? this.#history.epoch(momentOf(flow)) : 0;
    const srcPort = this.#sourcePorts ? (flow.src.port ?? "") : "";
    const key = `${epoch}|${srcPort}|${flow.dst.port ?? ""}|${flow.protocol}|${flow.icmpType ?? ""}|${flow.icmpCode ?? ""}|${endKey(flow.src)}${endKey(flow.dst)}`;
    let known = this.#cache.get(key);
    if (known === undefined) {
      known = evaluate(this.#history.at(momentOf(flow)), flow);
      if (this.#cache.size >= this.limit) this.#cache.clear();
      this.#cache.set(key, known);
    }
    return withDrift(flow, known);
  }
}
