// netward_flows_total and netward_drift_flows_total: flows by the policy that decided their side, created at 0 per policy.
import { Counter, type Registry } from "prom-client";
import type { AttributedFlow, Engine } from "@netward/core";
import { driftSide, qualifiedName, sidesOf, type DirectedSide } from "./flow-labels.js";

type PolicyLabel = "tier" | "policy" | "namespace" | "direction";
type PolicyLabels = Record<PolicyLabel, string>;

/** The labels of a side's deciding policy; empty tier, policy and namespace when no policy decided it. */
function labelsOf({ direction, side }: DirectedSide): PolicyLabels {
  const hit = side.hits.at(-1);
  if (hit === undefined) return { tier: "", policy: "", namespace: "", direction };
  return { tier: hit.tier, policy: qualifiedName(hit), namespace: hit.namespace ?? "", direction };
}

const keyOf = (l: PolicyLabels) => `${policyKey(l.tier, l.policy)}\u0000${l.direction}`;

/** A policy's identity across metrics: its tier and `namespace/name` (or global name). */
export const policyKey = (tier: string, qualified: string): string => `${tier}\u0000${qualified}`;

/** Every enforced policy and profile of an engine, with each direction it covers (staged policies decide nothing enforced). */
function policySeries(engine: Engine): PolicyLabels[] {
  const out: PolicyLabels[] = [];
  for (const { policies } of engine.tiers)
    for (const p of policies) {
      if (p.staged) continue;
      for (const type of p.types) {
        const direction = type === "Ingress" ? "ingress" : "egress";
        out.push({
          tier: p.ref.tier,
          policy: qualifiedName(p.ref),
          namespace: p.ref.namespace ?? "",
          direction,
        });
      }
    }
  const profiles = new Set(engine.endpoints.flatMap((e) => e.get().profiles.map((p) => p.name)));
  for (const policy of profiles)
    for (const direction of ["ingress", "egress"])
      out.push({ tier: "__PROFILE__", policy, namespace: "", direction });
  return out;
}

/** The per-policy flow counters: created at 0 when policies load, so a first denial is an increase. */
export class PolicyCounters {
  readonly #flows: Counter<"verdict" | PolicyLabel>;
  readonly #drift: Counter<PolicyLabel>;
  /** Every series made so far, by policy and direction. */
  readonly #known = new Map<string, PolicyLabels>();

  constructor(registry: Registry) {
    this.#flows = new Counter({
      name: "netward_flows_total",
      help: "Flows by the policy that decided their side (end-of-tier denies under the tier's last selecting policy).",
      labelNames: ["verdict", "tier", "policy", "namespace", "direction"],
      registers: [registry],
    });
    this.#drift = new Counter({
      name: "netward_drift_flows_total",
      help: "Flows whose reported verdict differs from the model's, by the policy that decided the reported side.",
      labelNames: ["tier", "policy", "namespace", "direction"],
      registers: [registry],
    });
  }

  /** Creates the series of every policy at 0, removes those of policies (or directions) gone; returns the policies' keys. */
  load(engine: Engine): Set<string> {
    const wanted = new Map(policySeries(engine).map((l) => [keyOf(l), l]));
    for (const [key, l] of this.#known) {
      if (wanted.has(key) || l.tier === "") continue;
      for (const verdict of ["allow", "deny"]) this.#flows.remove({ ...l, verdict });
      this.#drift.remove(l);
      this.#known.delete(key);
    }
    for (const [key, l] of wanted) this.#add(key, l);
    return new Set([...wanted.values()].map((l) => policyKey(l.tier, l.policy)));
  }

  /** Counts a flow with a verdict under the deciding policy of each side, and its drift. */
  observe(a: AttributedFlow): void {
    const v = a.enforced;
    if (v === undefined) return;
    for (const s of sidesOf(v)) {
      if (s.side.hits.length === 0) continue;
      const l = labelsOf(s);
      this.#add(keyOf(l), l);
      this.#flows.inc({ ...l, verdict: s.side.verdict }, a.flow.count);
    }
    if (a.drift === undefined) return;
    const l = labelsOf(driftSide(v, a.drift.side));
    this.#add(keyOf(l), l);
    this.#drift.inc(l, a.flow.count);
  }

  #add(key: string, l: PolicyLabels): void {
    if (this.#known.has(key)) return;
    this.#known.set(key, l);
    if (l.tier !== "") for (const verdict of ["allow", "deny"]) this.#flows.inc({ ...l, verdict }, 0);
    this.#drift.inc(l, 0);
  }
}
