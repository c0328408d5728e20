// Tests for the reachability diff: matched ends, added/removed/changed pairs, re-cut external ranges and the verdicts behind them.
import { describe, expect, it } from "vitest";
import { compileSnapshot, type Engine } from "../eval/engine.js";
import { buildSnapshot } from "../load/build-snapshot.js";
import { loadValues } from "../load/testkit.js";
import { ConnSets, formatConnSet } from "../sets/conn-set.js";
import { examplesOf, formatPortExample } from "./diff-explain.js";
import { ReachDiff, type DiffFilter, type ReachChange } from "./diff.js";
import { peerLabel } from "./peers.js";
import { Reachability } from "./reachability.js";

const pod = (ns: string, name: string, labels: Record<string, string>, ip?: string) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: ns, labels },
  spec: { containers: [{ name: "c" }] },
  ...(ip ? { status: { podIP: ip } } : {}),
});

const k8sPolicy = (ns: string, name: string, spec: object) => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "NetworkPolicy",
  metadata: { name, namespace: ns },
  spec,
});

/** Ingress to `app: db` from `app: web` on the given TCP ports (none: no ingress at all). */
const dbIngress = (...ports: number[]) =>
  k8sPolicy("a", "db-ingress", {
    podSelector: { matchLabels: { app: "db" } },
    policyTypes: ["Ingress"],
    ingress:
      ports.length === 0
        ? []
        : [
            {
              from: [{ podSelector: { matchLabels: { app: "web" } } }],
              ports: ports.map((port) => ({ protocol: "TCP", port })),
            },
          ],
  });

/** Egress of `app: web` to one CIDR only. */
const webEgress = (cidr: string) =>
  k8sPolicy("a", "web-egress", {
    podSelector: { matchLabels: { app: "web" } },
    policyTypes: ["Egress"],
    egress: [{ to: [{ ipBlock: { cidr } }] }],
  });

const web = pod("a", "web", { app: "web" });
const db = pod("a", "db", { app: "db" });

function engine(values: unknown[]): Engine {
  const loaded = loadValues(values);
  expect(loaded.issues.filter((i) => i.severity === "error")).toEqual([]);
  return compileSnapshot(buildSnapshot(loaded.objects).snapshot);
}

function diffOf(
  before: Engine,
  after: Engine,
  options: { external?: boolean; pending?: [boolean, boolean]; filter?: DiffFilter } = {},
): ReachDiff {
  const [pb, pa] = options.pending ?? [false, false];
  const reach = (e: Engine, pending: boolean) =>
    new Reachability(e, { external: options.external ?? false, pending });
  return new ReachDiff(
    { reach: reach(before, pb), pending: pb },
    { reach: reach(after, pa), pending: pa },
    options.filter,
  );
}

/** A change as one line: `kind src -> dst: before => after`. */
const line = (c: ReachChange) =>
  `${c.change} ${peerLabel(c.src)} -> ${peerLabel(c.dst)}: ${formatConnSet(c.before)} => ${formatConnSet(c.after)}`;

describe("ReachDiff", () => {
  it("finds no change between equal manifests", () => {
    const values = [web, db, dbIngress(5432)];
    const d = diffOf(engine(values), engine(values), { external: true });
    expect([...d.changes()]).toEqual([]);
    expect(d.endsAdded).toEqual([]);
    expect(d.endsRemoved).toEqual([]);
  });

  it("reports a tightened policy as a changed pair, naming the rule before and the end of tier after", () => {
    const d = diffOf(engine([web, db, dbIngress(5432, 5433)]), engine([web, db, dbIngress(5432)]));
    const changes = [...d.changes()];
    expect(changes.map(line)).toEqual(["changed a/web [Pod] -> a/db [Pod]: TCP 5432-5433 => TCP 5432"]);
    const c = changes[0]!;
    expect(c.added).toBeUndefined();
    expect(formatConnSet(c.removed!.conns)).toBe("TCP 5433");
    const [example] = c.removed!.examples;
    expect(formatPortExample(example!.example)).toBe("tcp/5433");
    expect(example!.before?.verdict).toBe("allow");
    expect(example!.before?.ingress.hits.at(-1)).toMatchObject({
      name: "db-ingress",
      ruleIndex: 0,
      action: "allow",
    });
    expect(example!.after?.verdict).toBe("deny");
    expect(example!.after?.ingress.hits.at(-1)).toMatchObject({
      ruleIndex: -1,
      action: "deny",
      selectedBy: [{ kind: "KubernetesNetworkPolicy", name: "db-ingress" }],
    });
  });

  it("reports a loosened policy as added, and a pair that lost everything as removed", () => {
    const closed = engine([web, db, dbIngress()]);
    const open = engine([web, db, dbIngress(80)]);
    expect([...diffOf(closed, open).changes()].map(line)).toEqual([
      "added a/web [Pod] -> a/db [Pod]: none => TCP 80",
    ]);
    const removed = [...diffOf(open, closed).changes()];
    expect(removed.map(line)).toEqual(["removed a/web [Pod] -> a/db [Pod]: TCP 80 => none"]);
    expect(removed[0]!.removed!.examples[0]!.after?.ingress.verdict).toBe("deny");
  });

  it("matches ends by identity and reports the pairs of an end only one side has without a verdict on the other", () => {
    const cache = pod("a", "cache", { app: "cache" });
    const d = diffOf(engine([web, db, dbIngress(5432)]), engine([web, cache, dbIngress(5432)]));
    expect(d.endsAdded.map(peerLabel)).toEqual(["a/cache [Pod]"]);
    expect(d.endsRemoved.map(peerLabel)).toEqual(["a/db [Pod]"]);
    const changes = [...d.changes()];
    expect(changes.map(line)).toEqual([
      "added a/web [Pod] -> a/cache [Pod]: none => all",
      "removed a/web [Pod] -> a/db [Pod]: TCP 5432 => none",
      "added a/cache [Pod] -> a/web [Pod]: none => all",
      "removed a/db [Pod] -> a/web [Pod]: all => none",
    ]);
    const added = changes[0]!.added!.examples[0]!;
    expect(added.before).toBeUndefined();
    expect(added.after?.verdict).toBe("allow");
  });

  it("re-cuts external ranges at both sides' boundaries and merges neighbours that changed alike", () => {
    const d = diffOf(engine([web, webEgress("10.0.0.0/8")]), engine([web, webEgress("10.0.0.0/16")]), {
      external: true,
    });
    const changes = [...d.changes()];
    expect(changes.map(line)).toEqual(["removed a/web [Pod] -> 10.1.0.0-10.255.255.255: all => none"]);
    const example = changes[0]!.removed!.examples[0]!;
    expect(example.after?.egress.hits.at(-1)).toMatchObject({ ruleIndex: -1, action: "deny" });
    expect(example.before?.egress.hits.at(-1)).toMatchObject({ name: "web-egress", ruleIndex: 0 });
  });

  it("orders external sources by address, and keeps an address that became a pod's out of the external ranges", () => {
    const ingressFrom = (cidr: string) =>
      k8sPolicy("a", "web-in", {
        podSelector: { matchLabels: { app: "web" } },
        ingress: [{ from: [{ ipBlock: { cidr } }] }],
      });
    const d = diffOf(
      engine([web, ingressFrom("192.168.0.0/16")]),
      engine([web, pod("a", "probe", { app: "probe" }, "10.0.0.7"), ingressFrom("10.0.0.0/8")]),
      { external: true },
    );
    expect([...d.changes()].map(line)).toEqual([
      "added a/web [Pod] -> a/probe [Pod]: none => all",
      "added a/probe [Pod] -> a/web [Pod]: none => all",
      "added a/probe [Pod] -> 0.0.0.0-10.0.0.6: none => all",
      "added a/probe [Pod] -> 10.0.0.8-255.255.255.255: none => all",
      "added 0.0.0.0-10.0.0.6 -> a/probe [Pod]: none => all",
      "added 10.0.0.0-10.0.0.6 -> a/web [Pod]: none => all",
      "added 10.0.0.8-10.255.255.255 -> a/web [Pod]: none => all",
      "added 10.0.0.8-255.255.255.255 -> a/probe [Pod]: none => all",
      "removed 192.168.0.0-192.168.255.255 -> a/web [Pod]: all => none",
    ]);
  });

  it("previews staged policies: the same engine enforced against pending", () => {
    const staged = {
      apiVersion: "projectcalico.org/v3",
      kind: "StagedNetworkPolicy",
      metadata: { name: "lockdown", namespace: "a" },
      spec: { selector: "app == 'db'", types: ["Ingress"], ingress: [{ action: "Deny" }] },
    };
    const e = engine([web, db, staged]);
    const changes = [...diffOf(e, e, { pending: [false, true] }).changes()];
    expect(changes.map(line)).toEqual(["removed a/web [Pod] -> a/db [Pod]: all => none"]);
    const example = changes[0]!.removed!.examples[0]!;
    expect(example.after?.ingress.hits.at(-1)).toMatchObject({
      kind: "StagedNetworkPolicy",
      name: "lockdown",
    });
    expect(example.before?.ingress.hits.at(-1)).toMatchObject({ kind: "Profile", name: "kns.a" });
  });

  it("applies the focus, direction and port filters like reach", () => {
    const other = pod("b", "client", { app: "client" });
    const before = engine([web, db, other]);
    const after = engine([web, db, other, dbIngress(5432)]);
    const lines = (filter: DiffFilter) => [...diffOf(before, after, { filter }).changes()].map(line);
    expect(lines({})).toEqual([
      "changed a/web [Pod] -> a/db [Pod]: all => TCP 5432",
      "removed b/client [Pod] -> a/db [Pod]: all => none",
    ]);
    expect(lines({ namespace: "b" })).toEqual(["removed b/client [Pod] -> a/db [Pod]: all => none"]);
    expect(lines({ namespace: "b", direction: "ingress" })).toEqual([]);
    expect(lines({ workload: "a/db", direction: "ingress", port: { protocol: 6, port: 5433 } })).toEqual([
      "removed a/web [Pod] -> a/db [Pod]: TCP 5433 => none",
      "removed b/client [Pod] -> a/db [Pod]: TCP 5433 => none",
    ]);
    expect(lines({ workload: "a/db", direction: "egress" })).toEqual([]);
    expect(lines({ port: { protocol: 6, port: 5432 } })).toEqual([
      "removed b/client [Pod] -> a/db [Pod]: TCP 5432 => none",
    ]);
  });
});

describe("examplesOf", () => {
  it("takes each port interval's first port, preferred protocols first, then one protocol for every other", () => {
    const sets = new ConnSets();
    const set = sets.make(
      new Map([
        [
          6,
          [
            [1, 24],
            [26, 100],
          ] as [number, number][],
        ],
        [17, [[53, 53]] as [number, number][]],
        [47, [] as [number, number][]],
        [1, [] as [number, number][]],
      ]),
      true,
    );
    expect(examplesOf(sets, set).map(formatPortExample)).toEqual([
      "tcp/1",
      "tcp/26",
      "udp/53",
      "sctp/1",
      "udplite/1",
      "icmpv6",
      "proto/2",
    ]);
    expect(examplesOf(sets, sets.none)).toEqual([]);
  });
});
