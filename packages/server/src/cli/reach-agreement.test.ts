// Every pair and port `reach` reports on the bundled examples agrees with the engine's verdict for that flow.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  compileSnapshot,
  evaluateFlow,
  exposureConnections,
  hypotheticals,
  withHypotheticals,
  formatIP,
  parseIP,
  Reachability,
  type EndpointRef,
  type ReachPeer,
} from "@netward/core";
import { loadCluster } from "../inputs/load.js";
import { repoRoot } from "./cli.testkit.js";

/** Protocols and ports probed, plus both sides of every edge of each reported set. */
const PROBES: [number, number | undefined][] = [
  ...[1, 22, 53, 80, 443, 2905, 5432, 6379, 8080, 8443, 9090, 9443, 10250, 65535].map(
    (p): [number, number] => [6, p],
  ),
  ...[53, 68, 123, 65535].map((p): [number, number] => [17, p]),
  [132, 2905],
  [1, undefined],
  [58, undefined],
  [47, undefined],
];

function refsOf(p: ReachPeer): EndpointRef[] {
  const peer = p.peer;
  if (peer.kind === "hostendpoint") return [{ kind: "hostendpoint", node: peer.node, name: peer.name }];
  if (peer.kind === "workload" || peer.kind === "pod")
    return [{ kind: "workload", namespace: peer.namespace, name: peer.name }];
  if (peer.kind !== "external") return [];
  const [from, to] = peer.range.split("-").map((t) => parseIP(t)!);
  return [from!, to!].map((ip): EndpointRef => ({ kind: "ip", ip: formatIP(ip.family, ip.value) }));
}

describe("exposure agrees with eval on the examples", () => {
  for (const example of ["shop", "calico-tiers", "hosts"]) {
    it(
      example,
      async () => {
        const cluster = await loadCluster([join(repoRoot, "examples", example)], {});
        const list = hypotheticals(compileSnapshot(cluster.snapshot));
        const engine = compileSnapshot(withHypotheticals(cluster.snapshot, list));
        const reach = new Reachability(engine, {});
        const sets = reach.index.sets;
        let checked = 0;
        for (const c of exposureConnections(reach, list, { show: "all" })) {
          const probeOf = (p: ReachPeer): EndpointRef[] | undefined => {
            if (p.peer.kind !== "hypothetical") return undefined;
            const description = p.peer.description;
            const h = list.find((x) => x.description === description)!;
            return [{ kind: "workload", namespace: h.namespace, name: "probe" }];
          };
          for (const src of probeOf(c.src) ?? refsOf(c.src)) {
            for (const dst of probeOf(c.dst) ?? refsOf(c.dst)) {
              for (const [protocol, port] of PROBES) {
                const flow =
                  port === undefined ? { src, dst, protocol } : { src, dst, protocol, dstPort: port };
                const verdict = evaluateFlow(engine, flow).verdict;
                expect(sets.allows(c.conns, protocol, port) ? "allow" : "deny", JSON.stringify(flow)).toBe(
                  verdict,
                );
                checked++;
              }
            }
          }
        }
        expect(checked).toBeGreaterThan(100);
      },
      120_000,
    );
  }
});

describe("reach agrees with eval on the examples", () => {
  for (const example of ["shop", "calico-tiers", "hosts"]) {
    it(
      example,
      async () => {
        const cluster = await loadCluster([join(repoRoot, "examples", example)], {});
        const engine = compileSnapshot(cluster.snapshot);
        let checked = 0;
        for (const mode of ["workload", "pod"] as const) {
          for (const pending of [false, true]) {
            const reach = new Reachability(engine, { mode, pending });
            const sets = reach.index.sets;
            reach.peers.forEach((a, i) =>
              reach.peers.forEach((b, j) => {
                if (i === j || (a.peer.kind === "external" && b.peer.kind === "external")) return;
                if (a.peer.kind === "workload" && a.entry !== engine.byName.get(a.entry!.name)) return;
                if (b.peer.kind === "workload" && b.entry !== engine.byName.get(b.entry!.name)) return;
                const conns = reach.conns(i, j).set;
                const edges = [6, 17, 132].flatMap((p) =>
                  sets
                    .ports(conns, p)
                    .flatMap(([x, y]) =>
                      [x - 1, x, y, y + 1]
                        .filter((n) => n >= 1 && n <= 65535)
                        .map((n): [number, number] => [p, n]),
                    ),
                );
                for (const src of refsOf(a)) {
                  for (const dst of refsOf(b)) {
                    for (const [protocol, port] of [...PROBES, ...edges]) {
                      const flow =
                        port === undefined ? { src, dst, protocol } : { src, dst, protocol, dstPort: port };
                      const verdict = evaluateFlow(engine, flow, { pending }).verdict;
                      const reported = sets.allows(conns, protocol, port) ? "allow" : "deny";
                      expect(reported, `${JSON.stringify(flow)} ${mode} ${pending ? "pending" : ""}`).toBe(
                        verdict,
                      );
                      checked++;
                    }
                  }
                }
              }),
            );
          }
        }
        expect(checked).toBeGreaterThan(1000);
      },
      120_000,
    );
  }
});
