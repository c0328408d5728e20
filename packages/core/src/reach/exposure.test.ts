// Tests for exposure: which hypothetical endpoints the rules imply, and what they could reach, checked with the engine.
import { describe, expect, it } from "vitest";
import { compileSnapshot, evaluateFlow } from "../eval/engine.js";
import { buildSnapshot } from "../load/build-snapshot.js";
import { loadValues } from "../load/testkit.js";
import { exposureConnections, hypotheticals, withHypotheticals } from "./exposure.js";
import { peerLabel } from "./peers.js";
import { Reachability } from "./reachability.js";
import { formatConnSet } from "../sets/conn-set.js";

const ns = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: "v1",
  kind: "Namespace",
  metadata: { name, labels },
});
const pod = (namespace: string, name: string, labels: Record<string, string>) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace, labels },
  spec: { containers: [{ name: "c" }] },
});

function cluster() {
  const loaded = loadValues([
    ns("db", { team: "data" }),
    pod("db", "postgres", { app: "postgres" }),
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "postgres", namespace: "db" },
      spec: {
        podSelector: { matchLabels: { app: "postgres" } },
        ingress: [
          {
            from: [
              {
                namespaceSelector: { matchLabels: { env: "prod" } },
                podSelector: { matchLabels: { role: "api" } },
              },
            ],
            ports: [{ port: 5432 }],
          },
          { from: [{ podSelector: { matchLabels: { app: "backup" } } }], ports: [{ port: 5432 }] },
        ],
      },
    },
  ]);
  return buildSnapshot(loaded.objects).snapshot;
}

describe("exposure", () => {
  it("derives a pod for every rule selector not pinned to a namespace by name, plus any pod in a new namespace", () => {
    const list = hypotheticals(compileSnapshot(cluster()));
    expect(list.map((h) => h.description)).toEqual([
      "any pod in a new namespace",
      "any pod labelled role=api in a new namespace labelled env=prod",
    ]);
  });

  it("reports what the hypothetical pods could reach, as the engine decides", () => {
    const base = cluster();
    const list = hypotheticals(compileSnapshot(base));
    const engine = compileSnapshot(withHypotheticals(base, list));
    const reach = new Reachability(engine, { external: false });
    const rows = [...exposureConnections(reach, list)];
    expect(
      rows.map((c) => `${peerLabel(c.src.peer)} => ${peerLabel(c.dst.peer)} : ${formatConnSet(c.conns)}`),
    ).toEqual([
      "db/postgres [Pod] => (any pod in a new namespace) : all",
      "(any pod labelled role=api in a new namespace labelled env=prod) => db/postgres [Pod] : TCP 5432",
      "db/postgres [Pod] => (any pod labelled role=api in a new namespace labelled env=prod) : all",
    ]);
    for (const h of list) {
      const probe = { kind: "workload" as const, namespace: h.namespace, name: "probe" };
      const postgres = { kind: "workload" as const, namespace: "db", name: "postgres" };
      const allowed = evaluateFlow(engine, { src: probe, dst: postgres, protocol: 6, dstPort: 5432 }).verdict;
      const reported = rows.some(
        (c) => c.src.peer.kind === "hypothetical" && c.src.peer.description === h.description,
      );
      expect(reported).toBe(allowed === "allow");
    }
  });
});
