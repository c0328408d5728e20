// Policy preview on history: stored flows replayed with staged policies enforced, the changed ones grouped by policy.
import { evaluateFlow, type Engine } from "../eval/engine.js";
import { policyName } from "../eval/explain.js";
import type { FlowSpec, FlowVerdict, Hit, SideVerdict } from "../eval/types.js";
import { parseIP } from "../net/ip.js";
import type { AggregatedFlow } from "./aggregate.js";
import { resolveEnd } from "./enrich.js";
import { EngineHistory } from "./history.js";
import type { FlowEnd } from "./flow.js";

/** A stored flow whose verdict enforcing the staged policies would change. */
export interface PreviewChange {
  row: AggregatedFlow;
  enforced: FlowVerdict;
  pending: FlowVerdict;
}

/** Changed flows under the policy that decides them once staged policies are enforced. */
export interface PreviewGroup {
  /** `tier|namespace/name|ruleIndex|action` of the deciding hit in pending mode, or `end of tier ...`. */
  policy: string;
  /** Flows that would become allowed and denied, counted by the records' flow counts. */
  allowed: number;
  denied: number;
  changes: PreviewChange[];
}

/** What replaying stored flows found: changes by policy, and the records that could not be replayed and why. */
export interface FlowPreview {
  replayed: number;
  groups: PreviewGroup[];
  skipped: { reason: string; records: number; flows: number }[];
}

/** An end as a stored record names it: an address below level 2, else a name the snapshot may know. */
function storedEnd(text: string): FlowEnd | string {
  if (parseIP(text) !== undefined) return { ip: text };
  if (text === "pub" || text === "pvt" || text === "-")
    return `aggregated to ${text === "-" ? "nothing" : text}, no address kept`;
  if (text.startsWith("hep:")) return { name: text.slice(text.lastIndexOf("/") + 1), type: "hep" };
  const slash = text.indexOf("/");
  if (slash < 0) return { name: text };
  return { namespace: text.slice(0, slash), name: text.slice(slash + 1), type: "wep" };
}

/** Why a stored end the snapshot resolved without an address cannot be replayed. */
function unreplayable(engine: Engine, text: string): string {
  const set = engine.networkSets.some((s) => s.name === text);
  return set ? `the network set ${text} stands for many addresses` : `${text} is not in the manifests`;
}

function deciding(v: FlowVerdict): { side: SideVerdict; hit: Hit | undefined } {
  const side = v.egress.verdict === "deny" ? v.egress : v.ingress;
  return { side, hit: side.hits.at(-1) };
}

function hitKey(hit: Hit | undefined, side: SideVerdict): string {
  if (hit === undefined) return side.reason ?? "no policy";
  if (hit.ruleIndex < 0)
    return `${hit.tier}|end of tier (${(hit.selectedBy ?? []).map(policyName).join(", ")})`;
  return `${hit.tier}|${policyName(hit)}|${hit.ruleIndex}|${hit.action}`;
}

/** The policy a change is put under: the deciding hit in pending mode of the side whose verdict changed. */
function changeKey(enforced: FlowVerdict, pending: FlowVerdict): string {
  for (const dir of ["egress", "ingress"] as const)
    if (enforced[dir].verdict !== pending[dir].verdict) return hitKey(pending[dir].hits.at(-1), pending[dir]);
  const { side, hit } = deciding(pending);
  return hitKey(hit, side);
}

/**
 * Replays stored records with the engine as it was at each record's time, enforced and pending, and lists
 * those whose verdict would change, grouped by the policy that decides them in pending mode (most flows first).
 */
export function previewFlows(engine: Engine, rows: Iterable<AggregatedFlow>): FlowPreview {
  const groups = new Map<string, PreviewGroup>();
  const skipped = new Map<string, { reason: string; records: number; flows: number }>();
  const history = new EngineHistory(engine);
  let replayed = 0;
  const skip = (reason: string, row: AggregatedFlow) => {
    const s = skipped.get(reason) ?? { reason, records: 0, flows: 0 };
    s.records++;
    s.flows += row.count;
    skipped.set(reason, s);
  };
  for (const row of rows) {
    const src = storedEnd(row.src);
    const dst = storedEnd(row.dst);
    if (typeof src === "string" || typeof dst === "string") {
      skip(typeof src === "string" ? `source ${src}` : `destination ${dst as string}`, row);
      continue;
    }
    const then = history.at(row.bucket);
    const a = resolveEnd(then, src);
    const b = resolveEnd(then, dst);
    if (a.ref === undefined || b.ref === undefined) {
      skip(
        a.ref === undefined
          ? `source ${unreplayable(then, row.src)}`
          : `destination ${unreplayable(then, row.dst)}`,
        row,
      );
      continue;
    }
    const spec: FlowSpec = { src: a.ref, dst: b.ref, protocol: row.protocol };
    if (row.dstPort !== undefined) spec.dstPort = row.dstPort;
    if (row.srcPort !== undefined) spec.srcPort = row.srcPort;
    const enforced = evaluateFlow(then, spec);
    const pending = evaluateFlow(then, spec, { pending: true });
    replayed++;
    if (enforced.verdict === pending.verdict) continue;
    const key = changeKey(enforced, pending);
    const group = groups.get(key) ?? { policy: key, allowed: 0, denied: 0, changes: [] };
    if (pending.verdict === "allow") group.allowed += row.count;
    else group.denied += row.count;
    group.changes.push({ row, enforced, pending });
    groups.set(key, group);
  }
  const total = (g: PreviewGroup) => g.allowed + g.denied;
  return {
    replayed,
    groups: [...groups.values()].sort((x, y) => total(y) - total(x) || (x.policy < y.policy ? -1 : 1)),
    skipped: [...skipped.values()].sort((x, y) => y.flows - x.flows),
  };
}
