// Tests for incremental reachability: after one policy changes, reused rows give the same answers as a fresh run.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileSnapshot } from "../eval/engine.js";
import type { Snapshot } from "../model/snapshot.js";
import { clusterArbitrary, describeCluster, printable } from "../reference/random-cluster.js";
import { connEntries } from "../sets/conn-set.js";
import { Reachability } from "./reachability.js";

/** Every pair's connections in JSON form, computing every row. */
function matrix(reach: Reachability): string[] {
  const out: string[] = [];
  for (let i = 0; i < reach.peers.length; i++)
    for (let j = 0; j < reach.peers.length; j++)
      if (i !== j) out.push(JSON.stringify(connEntries(reach.conns(i, j).set)));
  return out;
}

/** The cluster with one policy removed or one of its rules dropped, chosen by `pick`. */
function change(s: Snapshot, pick: number): Snapshot {
  const calico = s.calicoPolicies.length;
  const all = calico + s.k8sPolicies.length;
  if (all === 0) return s;
  const i = pick % all;
  const drop = pick % 2 === 0;
  if (i < calico) {
    const list = [...s.calicoPolicies];
    const p = list[i]!;
    if (drop) list.splice(i, 1);
    else list[i] = { ...p, ingress: p.ingress.slice(1) };
    return { ...s, calicoPolicies: list };
  }
  const list = [...s.k8sPolicies];
  const p = list[i - calico]!;
  if (drop) list.splice(i - calico, 1);
  else list[i - calico] = { ...p, ingress: p.ingress.slice(1) };
  return { ...s, k8sPolicies: list };
}

describe("Reachability.update", () => {
  it("matches a fresh computation after one policy change, on 80 random clusters", () => {
    const cases = fc
      .tuple(clusterArbitrary(), fc.nat(1000))
      .map(([s, pick]) => [printable(s, describeCluster), pick] as const);
    let reused = 0;
    fc.assert(
      fc.property(cases, ([s, pick]) => {
        const before = new Reachability(compileSnapshot(s), { mode: "pod" });
        matrix(before);
        const next = compileSnapshot(change(s, pick));
        const updated = Reachability.update(before, next);
        reused += updated.reusedRows;
        expect(matrix(updated)).toEqual(matrix(new Reachability(next, { mode: "pod" })));
      }),
      { numRuns: 80 },
    );
    expect(reused).toBeGreaterThan(0);
  }, 300_000);
});
