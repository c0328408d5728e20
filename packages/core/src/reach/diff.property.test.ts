// Property test: for random policy changes, the diff reports exactly the pairs and probes whose verdict changed.
import fc from "fast-check";
import { describe, it } from "vitest";
import { compileSnapshot, evaluateFlow, type Engine } from "../eval/engine.js";
import type { EndpointRef } from "../eval/types.js";
import type { Snapshot } from "../model/snapshot.js";
import { formatIP, parseIP } from "../net/ip.js";
import { clusterArbitrary, describeCluster, printable } from "../reference/random-cluster.js";
import { peerKey } from "./diff-ends.js";
import { ReachDiff, type ReachChange } from "./diff.js";
import type { Peer } from "./peers.js";
import { Reachability } from "./reachability.js";

const CLUSTERS = 60;
const PROBES: [number, number | undefined][] = [
  ...[1, 53, 80, 443, 5432, 8080, 9090, 65535].map((p): [number, number] => [6, p]),
  [17, 53],
  [132, 80],
  [1, undefined],
  [47, undefined],
];

/** A cluster, and the same cluster with another cluster's policies, tiers and sets and some workloads gone. */
const changes = fc
  .tuple(clusterArbitrary(), clusterArbitrary(), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }))
  .map(([a, c, keep]): [Snapshot, Snapshot] => {
    const b: Snapshot = {
      ...a,
      workloads: a.workloads.filter((_, i) => keep[i] !== false || i === 0),
      k8sPolicies: c.k8sPolicies,
      stagedK8sPolicies: c.stagedK8sPolicies,
      calicoPolicies: c.calicoPolicies,
      tiers: c.tiers,
      networkSets: c.networkSets,
      adminPolicies: c.adminPolicies,
    };
    return [printable(a, describeCluster), printable(b, describeCluster)];
  });

/** The flow ends to check for a reported end: its name, or the first and last address of its range. */
function refsOf(peer: Peer): EndpointRef[] {
  if (peer.kind === "hostendpoint") return [{ kind: "hostendpoint", node: peer.node, name: peer.name }];
  if (peer.kind === "workload" || peer.kind === "pod")
    return [{ kind: "workload", namespace: peer.namespace, name: peer.name }];
  if (peer.kind !== "external") return [];
  const [from, to] = peer.range.split("-").map((t) => parseIP(t)!);
  return [formatIP(from!.family, from!.value), formatIP(to!.family, to!.value)].map((ip) => ({
    kind: "ip",
    ip,
  }));
}

function checkExamples(c: ReachChange, before: Engine, after: Engine, pending: [boolean, boolean]): void {
  for (const [part, was, now] of [
    [c.added, "deny", "allow"],
    [c.removed, "allow", "deny"],
  ] as const) {
    for (const e of part?.examples ?? []) {
      for (const src of refsOf(c.src)) {
        for (const dst of refsOf(c.dst)) {
          const flow = {
            src,
            dst,
            protocol: e.example.protocol,
            ...(e.example.port ? { dstPort: e.example.port } : {}),
          };
          const sides: [Engine, boolean, string, unknown][] = [
            [before, pending[0], was, e.before],
            [after, pending[1], now, e.after],
          ];
          for (const [engine, p, expected, given] of sides) {
            if (given === undefined) continue;
            const got = evaluateFlow(engine, flow, { pending: p }).verdict;
            if (got !== expected) throw new Error(`${JSON.stringify(flow)}: ${got}, diff says ${expected}`);
          }
        }
      }
    }
  }
}

function checkPairs(d: ReachDiff, byPair: Map<string, ReachChange>): void {
  const { before, after } = d;
  for (const s of d.ends.endpoints) {
    for (const t of d.ends.endpoints) {
      if (s === t) continue;
      const change = byPair.get(`${peerKey(s.peer.peer)} ${peerKey(t.peer.peer)}`);
      for (const [protocol, port] of PROBES) {
        const allows = (side: typeof before, i?: number, j?: number) =>
          i !== undefined &&
          j !== undefined &&
          side.reach.index.sets.allows(side.reach.conns(i, j).set, protocol, port);
        const was = allows(before, s.before, t.before);
        const now = allows(after, s.after, t.after);
        const part = was === now ? undefined : now ? change?.added : change?.removed;
        const reported = part !== undefined && d.sets.allows(part.conns, protocol, port);
        const pair = `${peerKey(s.peer.peer)} -> ${peerKey(t.peer.peer)} ${protocol}/${port}`;
        if ((was !== now) !== reported)
          throw new Error(`${pair}: was ${was}, now ${now}, reported ${reported}`);
      }
    }
  }
}

const rangeOf = (text: string) => {
  const [from, to] = text.split("-").map((t) => parseIP(t)!);
  return { family: from!.family, from: from!.value, to: to!.value };
};

/** Every external segment against every endpoint: reported iff a probe changed, by a change whose range is whole segments. */
function checkExternals(d: ReachDiff, changes: readonly ReachChange[]): void {
  const { before, after } = d;
  const covered = new Map<ReachChange, bigint>();
  for (const seg of d.ends.externals) {
    for (const t of d.ends.endpoints) {
      for (const outbound of [true, false]) {
        const key = peerKey(t.peer.peer);
        const change = changes.find((c) => {
          const [end, ext] = outbound ? [c.src, c.dst] : [c.dst, c.src];
          if (ext.kind !== "external" || peerKey(end) !== key) return false;
          const r = rangeOf(ext.range);
          return r.family === seg.range.family && r.from <= seg.range.from && seg.range.to <= r.to;
        });
        if (change) covered.set(change, (covered.get(change) ?? 0n) + seg.range.to - seg.range.from + 1n);
        for (const [protocol, port] of PROBES) {
          const allows = (side: typeof before, i: number | undefined, j: number) => {
            if (i === undefined) return false;
            const set = outbound ? side.reach.conns(i, j).set : side.reach.conns(j, i).set;
            return side.reach.index.sets.allows(set, protocol, port);
          };
          const was = allows(before, t.before, seg.before);
          const now = allows(after, t.after, seg.after);
          const part = was === now ? undefined : now ? change?.added : change?.removed;
          const reported = part !== undefined && d.sets.allows(part.conns, protocol, port);
          if ((was !== now) !== reported)
            throw new Error(
              `${key} ${outbound ? "->" : "<-"} ${seg.range.from} ${protocol}/${port}: was ${was}, now ${now}`,
            );
        }
      }
    }
  }
  for (const c of changes) {
    const ext = c.src.kind === "external" ? c.src : c.dst.kind === "external" ? c.dst : undefined;
    if (!ext) continue;
    const r = rangeOf(ext.range);
    if (covered.get(c) !== r.to - r.from + 1n) throw new Error(`${ext.range} is not made of whole segments`);
  }
}

describe("diff against reach and the engine", () => {
  it(`reports exactly the changed probes of ${CLUSTERS} random policy changes, and every example's verdicts hold`, () => {
    fc.assert(
      fc.property(changes, ([a, b]) => {
        const before = compileSnapshot(a);
        const after = compileSnapshot(b);
        const runs: [Engine, Engine, [boolean, boolean]][] = [
          [before, after, [false, false]],
          [before, before, [false, true]],
        ];
        for (const [x, y, pending] of runs) {
          const reach = (e: Engine, p: boolean) => new Reachability(e, { mode: "pod", pending: p });
          const d = new ReachDiff(
            { reach: reach(x, pending[0]), pending: pending[0] },
            { reach: reach(y, pending[1]), pending: pending[1] },
          );
          const byPair = new Map<string, ReachChange>();
          const all = [...d.changes()];
          for (const c of all) {
            byPair.set(`${peerKey(c.src)} ${peerKey(c.dst)}`, c);
            checkExamples(c, x, y, pending);
          }
          checkPairs(d, byPair);
          checkExternals(d, all);
        }
      }),
      { numRuns: CLUSTERS },
    );
  }, 600_000);
});
