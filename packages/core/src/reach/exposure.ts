// Exposure: what endpoints that do not exist yet could reach, or be reached by, judged from the policies' own selectors.
import type { Engine } from "../eval/engine.js";
import type { Snapshot } from "../model/snapshot.js";
import type { SourceRef } from "../model/source.js";
import {
  NAMESPACE_LABEL,
  NAMESPACE_PREFIX,
  SERVICE_ACCOUNT_LABEL,
  SERVICE_ACCOUNT_PREFIX,
} from "../policy/selector-text.js";
import type { Endpoint } from "../policy/endpoints.js";
import { matchSelector, parseSelector, type Selector } from "../selector/index.js";
import type { ReachPeer } from "./peers.js";
import { matchesScope, type ReachConnection, type ReachFilter, type Reachability } from "./reachability.js";

/** An endpoint that could appear: a pod with some labels, in a new namespace with some labels. */
export interface Hypothetical {
  /** The namespace netward adds for it (named `netward-exposure-<n>`). */
  namespace: string;
  namespaceLabels: Record<string, string>;
  labels: Record<string, string>;
  serviceAccountLabels: Record<string, string>;
  /** The rule selectors it stands for (none for the plain pod in a new namespace). */
  sources: string[];
  /** How people read it, e.g. `any pod in a new namespace labelled env=dev`. */
  description: string;
}

/** The prefix of the namespaces netward adds for hypothetical endpoints. */
export const EXPOSURE_NAMESPACE_PREFIX = "netward-exposure-";

const ORCHESTRATOR = "projectcalico.org/orchestrator";
const NAMESPACE_NAME_LABELS = [
  `${NAMESPACE_PREFIX}kubernetes.io/metadata.name`,
  `${NAMESPACE_PREFIX}projectcalico.org/name`,
];
const source: SourceRef = { file: "(exposure)", line: 1, column: 1 };

/** Label requirements a selector states outright (`a == "b"`, `a in {...}`, `has(a)` joined by `&&`), or undefined if none can be read. */
function requirements(sel: Selector, into: Map<string, string>): boolean {
  switch (sel.kind) {
    case "all":
      return true;
    case "eq":
      into.set(sel.label, sel.value);
      return true;
    case "in":
      if (sel.values[0] !== undefined) into.set(sel.label, sel.values[0]);
      return sel.values.length > 0;
    case "has":
      into.set(sel.label, into.get(sel.label) ?? "x");
      return true;
    case "and":
      return sel.operands.every(
        (op) => requirements(op, into) || op.kind === "not" || op.kind === "ne" || op.kind === "notIn",
      );
    case "or":
      return requirements(sel.operands[0], into);
    default:
      return false;
  }
}

const labelText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");

function describe(h: Omit<Hypothetical, "namespace" | "description" | "sources">): string {
  const parts = ["any pod"];
  if (Object.keys(h.labels).length > 0) parts.push(`labelled ${labelText(h.labels)}`);
  if (Object.keys(h.serviceAccountLabels).length > 0)
    parts.push(`with a service account labelled ${labelText(h.serviceAccountLabels)}`);
  parts.push(
    Object.keys(h.namespaceLabels).length > 0
      ? `in a new namespace labelled ${labelText(h.namespaceLabels)}`
      : "in a new namespace",
  );
  return parts.join(" ");
}

/**
 * The hypothetical endpoints worth asking about: any pod in a new namespace, and for every rule selector that
 * does not pin a namespace by name, a pod that selector would match in a new namespace (namespaceSelector and
 * label requirements met, everything else left out). Selectors with negations are used for their positive part;
 * whether the pod really matches is left to the engine.
 */
export function hypotheticals(engine: Engine): Hypothetical[] {
  const seen = new Map<string, Omit<Hypothetical, "namespace" | "description">>();
  const add = (h: Omit<Hypothetical, "namespace" | "description" | "sources">, from?: string) => {
    const key = JSON.stringify(h);
    const known = seen.get(key) ?? { ...h, sources: [] };
    if (from !== undefined && !known.sources.includes(from)) known.sources.push(from);
    seen.set(key, known);
  };
  add({ namespaceLabels: {}, labels: {}, serviceAccountLabels: {} });
  for (const { policies } of engine.tiers) {
    for (const p of policies) {
      for (const rule of [...p.ingress, ...p.egress]) {
        for (const text of [rule.src.selector?.text, rule.dst.selector?.text]) {
          if (text === undefined) continue;
          const parsed = parseSelector(text);
          const req = new Map<string, string>();
          if (!parsed.ok || !requirements(parsed.selector, req)) continue;
          if (req.has(NAMESPACE_LABEL) || NAMESPACE_NAME_LABELS.some((k) => req.has(k))) continue;
          if (req.has(SERVICE_ACCOUNT_LABEL)) continue;
          const h = {
            namespaceLabels: {} as Record<string, string>,
            labels: {} as Record<string, string>,
            serviceAccountLabels: {} as Record<string, string>,
          };
          for (const [k, v] of req) {
            if (k === ORCHESTRATOR) continue;
            if (k.startsWith(NAMESPACE_PREFIX)) h.namespaceLabels[k.slice(NAMESPACE_PREFIX.length)] = v;
            else if (k.startsWith(SERVICE_ACCOUNT_PREFIX))
              h.serviceAccountLabels[k.slice(SERVICE_ACCOUNT_PREFIX.length)] = v;
            else h.labels[k] = v;
          }
          add(h, text);
        }
      }
    }
  }
  return [...seen.values()].map((h, i) => ({
    ...h,
    namespace: `${EXPOSURE_NAMESPACE_PREFIX}${i}`,
    description: describe(h),
  }));
}

/** True when a hypothetical endpoint is one its selectors really match (the plain one always is). */
function meant(h: Hypothetical, endpoint: Endpoint): boolean {
  if (h.sources.length === 0) return true;
  return h.sources.some((text) => {
    const parsed = parseSelector(text);
    return parsed.ok && matchSelector(parsed.selector, endpoint.labels);
  });
}

/**
 * Connections between hypothetical endpoints (already added with `withHypotheticals` to the snapshot the
 * reachability was computed on) and the real ends: from each to the real ends, then from the real ends to it.
 */
export function* exposureConnections(
  reach: Reachability,
  list: readonly Hypothetical[],
  filter: ReachFilter = {},
): Generator<ReachConnection> {
  const scoped = filter.namespace !== undefined || filter.workload !== undefined;
  for (const h of list) {
    const endpoint = reach.index.engine.byName.get(`${h.namespace}/probe`)?.get();
    if (endpoint === undefined || !meant(h, endpoint)) continue;
    const self: ReachPeer = {
      peer: {
        kind: "hypothetical",
        description: h.description,
        namespaceLabels: h.namespaceLabels,
        labels: h.labels,
      },
    };
    for (const direction of ["from", "to"] as const) {
      if (scoped && filter.direction === (direction === "from" ? "egress" : "ingress")) continue;
      for (const c of reach.around(endpoint, direction, filter)) {
        const other = direction === "from" ? c.dst : c.src;
        const peer = other.peer;
        if (
          (peer.kind === "workload" || peer.kind === "pod") &&
          peer.namespace.startsWith(EXPOSURE_NAMESPACE_PREFIX)
        )
          continue;
        if (scoped && !matchesScope(other, filter)) continue;
        yield direction === "from" ? { ...c, src: self } : { ...c, dst: self };
      }
    }
  }
}

/** The snapshot with each hypothetical endpoint added as a pod `probe` in its own new namespace. */
export function withHypotheticals(snapshot: Snapshot, list: readonly Hypothetical[]): Snapshot {
  return {
    ...snapshot,
    namespaces: [
      ...snapshot.namespaces,
      ...list.map((h) => ({
        name: h.namespace,
        labels: { ...h.namespaceLabels, "kubernetes.io/metadata.name": h.namespace },
        declared: true,
        source,
      })),
    ],
    serviceAccounts: [
      ...snapshot.serviceAccounts,
      ...list.map((h) => ({ namespace: h.namespace, name: "probe", labels: h.serviceAccountLabels, source })),
    ],
    workloads: [
      ...snapshot.workloads,
      ...list.map((h) => ({
        kind: "Pod" as const,
        namespace: h.namespace,
        name: "probe",
        labels: h.labels,
        serviceAccount: "probe",
        ports: [],
        replicas: 1,
        hostNetwork: false,
        ips: [],
        source,
      })),
    ],
  };
}
