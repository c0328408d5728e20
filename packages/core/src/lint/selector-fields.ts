// Every selector a policy writes, with its path and the label keys it uses, as written (before Calico's prefixes).
import type { AdminPeer, AdminSubject } from "../model/admin.js";
import type { EntityRule } from "../model/calico.js";
import type { K8sLabelSelector } from "../model/k8s.js";
import type { FieldPath } from "../schema/path.js";
import { parseSelector, selectorLabelKeys } from "../selector/index.js";
import type { PolicyOrigin } from "./origins.js";

/** Whose labels a selector's keys name: endpoints (and network sets), namespaces, or service accounts. */
export type KeySpace = "endpoint" | "namespace" | "serviceaccount";

/** One label key as written in a selector, and where it is. */
export interface WrittenKey {
  key: string;
  path: FieldPath;
}

/** One selector field of a policy. */
export interface SelectorField {
  path: FieldPath;
  space: KeySpace;
  keys: WrittenKey[];
}

function calicoField(path: FieldPath, space: KeySpace, text: string | undefined): SelectorField[] {
  if (!text) return [];
  const parsed = parseSelector(text);
  if (!parsed.ok) return [];
  return [{ path, space, keys: selectorLabelKeys(parsed.selector).map((key) => ({ key, path })) }];
}

function labelSelectorField(
  path: FieldPath,
  space: KeySpace,
  ls: K8sLabelSelector | undefined,
): SelectorField[] {
  if (!ls) return [];
  const keys = [
    ...Object.keys(ls.matchLabels).map((key) => ({ key, path: [...path, "matchLabels", key] })),
    ...ls.matchExpressions.map((e, i) => ({ key: e.key, path: [...path, "matchExpressions", i, "key"] })),
  ];
  return [{ path, space, keys }];
}

function entityFields(path: FieldPath, e: EntityRule): SelectorField[] {
  return [
    ...calicoField([...path, "selector"], "endpoint", e.selector),
    ...calicoField([...path, "notSelector"], "endpoint", e.notSelector),
    ...calicoField([...path, "namespaceSelector"], "namespace", e.namespaceSelector),
    ...calicoField([...path, "serviceAccounts", "selector"], "serviceaccount", e.serviceAccounts?.selector),
  ];
}

function subjectFields(path: FieldPath, s: AdminSubject | AdminPeer): SelectorField[] {
  if ("namespaces" in s) return labelSelectorField([...path, "namespaces"], "namespace", s.namespaces);
  if (!("pods" in s)) return [];
  return [
    ...labelSelectorField([...path, "pods", "namespaceSelector"], "namespace", s.pods.namespaceSelector),
    ...labelSelectorField([...path, "pods", "podSelector"], "endpoint", s.pods.podSelector),
  ];
}

/** Every selector field of a policy: its own selectors, then each rule's, ingress before egress. */
export function selectorFields(origin: PolicyOrigin): SelectorField[] {
  const out: SelectorField[] = [];
  const dirs = ["ingress", "egress"] as const;
  if (origin.family === "calico") {
    const p = origin.policy;
    out.push(
      ...calicoField(["spec", "selector"], "endpoint", p.selector),
      ...calicoField(["spec", "namespaceSelector"], "namespace", p.namespaceSelector),
      ...calicoField(["spec", "serviceAccountSelector"], "serviceaccount", p.serviceAccountSelector),
    );
    for (const dir of dirs)
      p[dir].forEach((r, i) => {
        out.push(...entityFields(["spec", dir, i, "source"], r.source));
        out.push(...entityFields(["spec", dir, i, "destination"], r.destination));
      });
  } else if (origin.family === "k8s") {
    const p = origin.policy;
    out.push(...labelSelectorField(["spec", "podSelector"], "endpoint", p.podSelector));
    for (const dir of dirs)
      p[dir].forEach((r, i) =>
        r.peers.forEach((peer, j) => {
          const path = ["spec", dir, i, dir === "ingress" ? "from" : "to", j];
          out.push(...labelSelectorField([...path, "podSelector"], "endpoint", peer.podSelector));
          out.push(
            ...labelSelectorField([...path, "namespaceSelector"], "namespace", peer.namespaceSelector),
          );
        }),
      );
  } else {
    const p = origin.policy;
    out.push(...subjectFields(["spec", "subject"], p.subject));
    for (const dir of dirs)
      p[dir].forEach((r, i) =>
        r.peers.forEach((peer, j) =>
          out.push(...subjectFields(["spec", dir, i, dir === "ingress" ? "from" : "to", j], peer)),
        ),
      );
  }
  return out;
}
