// Random small clusters (as Snapshots) and random flows among their endpoints, for property tests.
import fc from "fast-check";
import type { EndpointRef, FlowSpec } from "../eval/types.js";
import type { CalicoPolicy, NetworkSet, Tier } from "../model/calico.js";
import type { ContainerPort, Namespace, ServiceAccount, Workload } from "../model/k8s.js";
import type { Snapshot } from "../model/snapshot.js";
import { BUILT_IN_TIERS } from "./all-policies.js";
import { customTiersArbitrary, calicoPolicyArbitrary } from "./random-calico.js";
import { adminPolicyArbitrary, k8sPolicyArbitrary, stagedK8sPolicyArbitrary } from "./random-k8s.js";
import {
  ACCOUNTS,
  labelsArbitrary,
  NAMESPACE_LABELS,
  NAMESPACES,
  POD_LABELS,
  RANDOM_SOURCE,
} from "./random-vocabulary.js";

/** Named container ports workloads pick from; names repeat with other numbers and protocols on purpose. */
const CONTAINER_PORTS: readonly ContainerPort[] = [
  { name: "http", protocol: "TCP", port: 80 },
  { name: "http", protocol: "TCP", port: 8080 },
  { name: "dns", protocol: "UDP", port: 53 },
  { name: "dns", protocol: "TCP", port: 53 },
  { name: "metrics", protocol: "TCP", port: 9090 },
  { name: "diam", protocol: "SCTP", port: 3868 },
];

const SET_NETS = [
  "10.0.0.0/28",
  "10.0.0.16/29",
  "10.0.0.12/30",
  "192.168.1.0/24",
  "fd00::10/126",
  "0.0.0.0/0",
];

/** Addresses outside every workload, some inside network sets and policy CIDRs. */
export const EXTERNAL_IPS = ["10.0.0.200", "192.168.1.7", "8.8.8.8", "fd00::99", "2001:db8::1"] as const;

/** Options for random clusters: `calico: false` gives Kubernetes-only clusters (NetworkPolicies only). */
export interface ClusterOptions {
  calico?: boolean;
}

function workloadArbitrary(index: number, namespaces: readonly string[]): fc.Arbitrary<Workload> {
  return fc
    .record({
      namespace: fc.constantFrom(...namespaces),
      labels: labelsArbitrary(POD_LABELS),
      serviceAccount: fc.constantFrom(...ACCOUNTS),
      ports: fc.uniqueArray(fc.constantFrom(...CONTAINER_PORTS), { maxLength: 2, selector: (p) => p.name }),
      kind: fc.constantFrom<Workload["kind"]>("Pod", "Pod", "Pod", "Deployment"),
      addresses: fc.constantFrom("v4", "dual", "dual", "none"),
    })
    .map((r) => ({
      kind: r.kind,
      namespace: r.namespace,
      name: `w${index}`,
      labels: r.labels,
      serviceAccount: r.serviceAccount,
      ports: r.ports,
      replicas: 1,
      hostNetwork: false,
      ips:
        r.kind !== "Pod" || r.addresses === "none"
          ? []
          : [
              `10.0.0.${10 + index}`,
              ...(r.addresses === "dual" ? [`fd00::${(16 + index).toString(16)}`] : []),
            ],
      source: RANDOM_SOURCE,
    }));
}

const namespacesArbitrary: fc.Arbitrary<Namespace[]> = fc
  .tuple(fc.integer({ min: 2, max: 3 }), fc.tuple(...NAMESPACES.map(() => labelsArbitrary(NAMESPACE_LABELS))))
  .map(([count, labels]) =>
    NAMESPACES.slice(0, count).map((name, i) => ({
      name,
      labels: { ...labels[i], "kubernetes.io/metadata.name": name },
      declared: true,
      source: RANDOM_SOURCE,
    })),
  );

function accountsArbitrary(namespaces: readonly string[]): fc.Arbitrary<ServiceAccount[]> {
  const all = namespaces.flatMap((namespace) => ACCOUNTS.map((name) => ({ namespace, name })));
  return fc
    .subarray(all)
    .chain((picked) =>
      fc.tuple(
        ...picked.map((a) =>
          labelsArbitrary({ role: ["x", "y"] }).map((labels) => ({ ...a, labels, source: RANDOM_SOURCE })),
        ),
      ),
    );
}

function networkSetArbitrary(index: number, namespaces: readonly string[]): fc.Arbitrary<NetworkSet> {
  return fc
    .record({
      global: fc.boolean(),
      namespace: fc.constantFrom(...namespaces),
      labels: labelsArbitrary({ set: ["s1", "s2"], app: ["web", "api"] }),
      nets: fc.subarray(SET_NETS, { minLength: 1, maxLength: 2 }),
    })
    .map((r): NetworkSet => {
      const base = { name: `set${index}`, labels: r.labels, nets: r.nets, source: RANDOM_SOURCE };
      return r.global
        ? { kind: "GlobalNetworkSet", ...base }
        : { kind: "NetworkSet", namespace: r.namespace, ...base };
    });
}

function indexed<T>(min: number, max: number, make: (i: number) => fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return fc.integer({ min, max }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => make(i))));
}

/** A random small cluster: 2-3 namespaces, 3-8 workloads, and (with Calico) sets, tiers and every policy kind. */
export function clusterArbitrary(options: ClusterOptions = {}): fc.Arbitrary<Snapshot> {
  const calico = options.calico !== false;
  return namespacesArbitrary.chain((namespaces) => {
    const names = namespaces.map((n) => n.name);
    return fc
      .record({
        workloads: indexed(3, 8, (i) => workloadArbitrary(i, names)),
        serviceAccounts: accountsArbitrary(names),
        k8sPolicies: indexed(calico ? 0 : 1, 3, (i) => k8sPolicyArbitrary(i, names)),
        stagedK8sPolicies: indexed(0, 1, (i) => stagedK8sPolicyArbitrary(i, names)),
        networkSets: calico
          ? indexed(0, 2, (i) => networkSetArbitrary(i, names))
          : fc.constant<NetworkSet[]>([]),
        tiers: calico ? customTiersArbitrary : fc.constant<Tier[]>([]),
        anp: calico
          ? fc.option(adminPolicyArbitrary("AdminNetworkPolicy"), { nil: undefined })
          : fc.constant(undefined),
        banp: calico
          ? fc.option(adminPolicyArbitrary("BaselineAdminNetworkPolicy"), { nil: undefined })
          : fc.constant(undefined),
      })
      .chain((r) => {
        const tierNames = ["default", ...r.tiers.map((t) => t.name)];
        const policies = calico
          ? indexed(0, 4, (i) => calicoPolicyArbitrary(i, tierNames, names))
          : fc.constant<CalicoPolicy[]>([]);
        return policies.map((calicoPolicies): Snapshot => ({
          namespaces,
          workloads: r.workloads,
          serviceAccounts: r.serviceAccounts,
          services: [],
          k8sPolicies: r.k8sPolicies,
          stagedK8sPolicies: r.stagedK8sPolicies,
          calicoPolicies,
          tiers: [...r.tiers, ...BUILT_IN_TIERS],
          hostEndpoints: [],
          networkSets: r.networkSets,
          profiles: [],
          workloadEndpoints: [],
          adminPolicies: [r.anp, r.banp].filter((p) => p !== undefined),
        }));
      });
  });
}

/** Random flows of a cluster: between its workloads (by name or address) and a few external addresses. */
export function flowArbitrary(s: Snapshot): fc.Arbitrary<FlowSpec> {
  const refs: EndpointRef[] = [
    ...s.workloads.map((w): EndpointRef => ({ kind: "workload", namespace: w.namespace, name: w.name })),
    ...s.workloads.flatMap((w) => w.ips.map((ip): EndpointRef => ({ kind: "ip", ip }))),
    ...EXTERNAL_IPS.map((ip): EndpointRef => ({ kind: "ip", ip })),
  ];
  const end = fc.constantFrom(...refs);
  const ports = fc.record({
    protocol: fc.constantFrom(6, 6, 17, 132),
    dstPort: fc.constantFrom(53, 80, 443, 3868, 8080, 8500, 9090, 60),
    srcPort: fc.constantFrom(40000, 53, 80),
  });
  const icmp = fc.record({
    protocol: fc.constantFrom(1, 58),
    icmpType: fc.constantFrom(0, 3, 8, 128),
    icmpCode: fc.constantFrom(0, 1),
  });
  // Both ends given as addresses must share a family: a connection has one (the CLI rejects mixed ones).
  const family = (r: EndpointRef) => (r.kind === "ip" ? (r.ip.includes(":") ? 6 : 4) : undefined);
  return fc
    .tuple(end, end, fc.oneof({ weight: 4, arbitrary: ports }, icmp))
    .filter(
      ([src, dst]) => family(src) === undefined || family(dst) === undefined || family(src) === family(dst),
    )
    .map(([src, dst, rest]): FlowSpec => ({ src, dst, ...rest }));
}

/** A cluster in a few lines: each object as compact JSON, without source positions, false flags and empty lists. */
export function describeCluster(s: Snapshot): string {
  const isSourceRef = (x: unknown): boolean => typeof x === "object" && x !== null && "file" in x;
  const hidden = (k: string, x: unknown): boolean =>
    (k === "source" && isSourceRef(x)) ||
    k === "declared" ||
    k === "builtIn" ||
    x === false ||
    (Array.isArray(x) && x.length === 0);
  const compact = (v: unknown): string =>
    JSON.stringify(v, (k, x: unknown) => (hidden(k, x) ? undefined : x));
  return Object.entries(s)
    .filter(([, items]) => Array.isArray(items) && items.length > 0)
    .map(([field, items]) => `${field}:\n${(items as unknown[]).map((i) => `  ${compact(i)}`).join("\n")}`)
    .join("\n");
}

/** A flow in one line: `ns/name -> 10.0.0.1 tcp/80 from 40000`, `... icmp 8/0`. */
export function describeFlow(f: FlowSpec): string {
  const end = (r: EndpointRef): string =>
    r.kind === "ip" ? r.ip : r.kind === "workload" ? `${r.namespace}/${r.name}` : `hep:${r.node}/${r.name}`;
  const what =
    f.dstPort === undefined
      ? `proto ${f.protocol} type ${f.icmpType ?? "-"} code ${f.icmpCode ?? "-"}`
      : `proto ${f.protocol} port ${f.dstPort} from ${f.srcPort ?? "-"}`;
  return `${end(f.src)} -> ${end(f.dst)} ${what}`;
}

/** The value, printed by fast-check (in counterexamples) with `describe` instead of its full structure. */
export function printable<T extends object>(value: T, describe: (v: T) => string): T {
  return Object.assign(value, { [fc.toStringMethod]: () => describe(value) });
}
