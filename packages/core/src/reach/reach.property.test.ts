// Property test: for random clusters, every pair and port `reach` reports agrees with the engine's verdict for that flow.
import fc from "fast-check";
import { describe, it } from "vitest";
import { compileSnapshot, evaluateFlow } from "../eval/engine.js";
import type { EndpointRef, FlowSpec } from "../eval/types.js";
import type { HostEndpoint } from "../model/calico.js";
import type { Snapshot } from "../model/snapshot.js";
import { clusterArbitrary, describeCluster, printable } from "../reference/random-cluster.js";
import { labelsArbitrary, POD_LABELS, RANDOM_SOURCE } from "../reference/random-vocabulary.js";
import { parseIP, formatIP } from "../net/ip.js";
import type { ConnSet } from "../sets/conn-set.js";
import type { ReachPeer } from "./peers.js";
import { Reachability } from "./reachability.js";

const CLUSTERS = 120;
/** Protocols and ports probed for every pair: common ports, edges of the port space, and the ranges rules use. */
const PROBES: [number, number | undefined][] = [
  ...[1, 52, 53, 54, 60, 79, 80, 81, 443, 3868, 8080, 8500, 9090, 32768, 65535].map((p): [number, number] => [
    6,
    p,
  ]),
  ...[53, 80, 8080, 65535].map((p): [number, number] => [17, p]),
  [132, 3868],
  [132, 80],
  [136, 80],
  [1, undefined],
  [58, undefined],
  [47, undefined],
];

const hostEndpointArbitrary = (i: number): fc.Arbitrary<HostEndpoint> =>
  fc
    .record({
      labels: labelsArbitrary(POD_LABELS),
      star: fc.boolean(),
      ip: fc.constantFrom(["10.0.0.250"], ["192.168.1.7"], [] as string[], ["fd00::250"]),
    })
    .map((r) => ({
      name: `hep${i}`,
      node: `node${i}`,
      labels: r.labels,
      interfaceName: r.star ? "*" : "eth0",
      expectedIPs: r.ip,
      profiles: [],
      ports: [],
      source: RANDOM_SOURCE,
    }));

/** Twins of random pods: the same labels at other addresses (sometimes another pod's), so classes group across atoms. */
const twinsArbitrary = fc.array(
  fc.record({
    of: fc.nat(7),
    ip: fc.constantFrom("10.0.0.11", "10.0.0.14", "10.0.0.20", "10.0.0.30", "10.0.0.200", "fd00::12"),
  }),
  { maxLength: 3 },
);

const clusters = clusterArbitrary().chain((s) =>
  fc
    .tuple(
      fc
        .array(fc.nat(1), { maxLength: 2 })
        .chain((list) => fc.tuple(...list.map((_, i) => hostEndpointArbitrary(i)))),
      twinsArbitrary,
    )
    .map(([hostEndpoints, twins]): Snapshot => {
      const pods = s.workloads.filter((w) => w.kind === "Pod");
      const extra = twins.flatMap((t, k) => {
        const w = pods[t.of % Math.max(pods.length, 1)];
        return w ? [{ ...w, name: `${w.name}-twin${k}`, ips: [t.ip] }] : [];
      });
      return printable({ ...s, workloads: [...s.workloads, ...extra], hostEndpoints }, describeCluster);
    }),
);

/** The flow end the engine reads for a reported end: its name, or an address inside its range. */
function refsOf(p: ReachPeer): EndpointRef[] {
  const peer = p.peer;
  if (peer.kind === "hostendpoint") return [{ kind: "hostendpoint", node: peer.node, name: peer.name }];
  if (peer.kind === "workload" || peer.kind === "pod")
    return [{ kind: "workload", namespace: peer.namespace, name: peer.name }];
  if (peer.kind !== "external") return [];
  const [from, to] = peer.range.split("-").map((t) => parseIP(t)!);
  const mid = formatIP(from!.family, (from!.value + to!.value) / 2n);
  return [...new Set([formatIP(from!.family, from!.value), mid, formatIP(to!.family, to!.value)])].map(
    (ip): EndpointRef => ({ kind: "ip", ip }),
  );
}

/** Probes on both sides of every interval edge the reported set has: where a wrong cut would show. */
function edges(reach: Reachability, conns: ConnSet): [number, number][] {
  return [6, 17, 132].flatMap((p) =>
    reach.index.sets
      .ports(conns, p)
      .flatMap(([a, b]) => [a - 1, a, b, b + 1])
      .filter((n) => n >= 1 && n <= 65535)
      .map((n): [number, number] => [p, n]),
  );
}

describe("reach against the engine", () => {
  it(`agrees with evaluateFlow on every pair and probe of ${CLUSTERS} random clusters, per pod, enforced and pending`, () => {
    fc.assert(
      fc.property(clusters, (s) => {
        const engine = compileSnapshot(s);
        for (const pending of [false, true]) {
          const reach = new Reachability(engine, { mode: "pod", pending });
          const { peers } = reach;
          for (let i = 0; i < peers.length; i++) {
            for (let j = 0; j < peers.length; j++) {
              const [a, b] = [peers[i]!, peers[j]!];
              if (i === j || (a.peer.kind === "external" && b.peer.kind === "external")) continue;
              const conns = reach.conns(i, j).set;
              const direct = reach.index.pair(reach.classOf(i), reach.classOf(j)).set;
              if (direct !== conns)
                throw new Error(`peers ${i} -> ${j}: cached rows and direct evaluation differ`);
              for (const src of refsOf(a)) {
                for (const dst of refsOf(b)) {
                  for (const [protocol, port] of [...PROBES, ...edges(reach, conns)]) {
                    const flow: FlowSpec =
                      port === undefined ? { src, dst, protocol } : { src, dst, protocol, dstPort: port };
                    const verdict = evaluateFlow(engine, flow, { pending }).verdict;
                    const reported = reach.index.sets.allows(conns, protocol, port) ? "allow" : "deny";
                    if (verdict !== reported) {
                      throw new Error(
                        `${JSON.stringify(flow)} (${pending ? "pending" : "enforced"}): engine ${verdict}, reach ${reported}`,
                      );
                    }
                  }
                }
              }
            }
          }
        }
      }),
      { numRuns: CLUSTERS },
    );
  }, 600_000);
});
