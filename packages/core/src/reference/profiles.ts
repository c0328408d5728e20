// Profiles as the reference evaluator sees them: Calico's implicit kns./ksa. profiles and explicit Profiles.
import type { CalicoRule, EntityRule } from "../model/calico.js";
import type { LabelMap } from "../model/k8s.js";
import type { Snapshot } from "../model/snapshot.js";

/** A profile: the labels it lends to endpoints and its rules. */
export interface RefProfile {
  name: string;
  labels: LabelMap;
  ingress: CalicoRule[];
  egress: CalicoRule[];
}

/** An entity rule with no criteria. */
export function emptyEntity(): EntityRule {
  return { nets: [], notNets: [], ports: [], notPorts: [] };
}

/** A rule that allows everything. */
function allowAll(): CalicoRule {
  return { action: "Allow", source: emptyEntity(), destination: emptyEntity() };
}

/** The `kns.<ns>` profile Calico makes for a namespace: `pcns.` labels, allow all both ways. */
export function namespaceProfile(s: Snapshot, namespace: string): RefProfile {
  const labels: Record<string, string> = {};
  const ns = s.namespaces.find((n) => n.name === namespace);
  for (const [k, v] of Object.entries(ns?.labels ?? {})) labels[`pcns.${k}`] = v;
  labels["pcns.projectcalico.org/name"] = namespace;
  return { name: `kns.${namespace}`, labels, ingress: [allowAll()], egress: [allowAll()] };
}

/** The `ksa.<ns>.<sa>` profile Calico makes for a service account: `pcsa.` labels, no rules. */
export function serviceAccountProfile(s: Snapshot, namespace: string, account: string): RefProfile {
  const labels: Record<string, string> = {};
  const sa = s.serviceAccounts.find((a) => a.namespace === namespace && a.name === account);
  for (const [k, v] of Object.entries(sa?.labels ?? {})) labels[`pcsa.${k}`] = v;
  labels["pcsa.projectcalico.org/name"] = account;
  return { name: `ksa.${namespace}.${account}`, labels, ingress: [], egress: [] };
}

/**
 * The profile an endpoint names: an explicit Profile of that name if the snapshot has one, else the
 * implicit `kns.`/`ksa.` profile, else an empty profile (Calico ignores a missing profile's labels and rules).
 */
export function profileNamed(s: Snapshot, name: string): RefProfile {
  const explicit = s.profiles.find((p) => p.name === name);
  if (explicit)
    return { name, labels: explicit.labelsToApply, ingress: explicit.ingress, egress: explicit.egress };
  if (name.startsWith("kns.")) return namespaceProfile(s, name.slice(4));
  const parts = name.split(".");
  if (name.startsWith("ksa.") && parts.length >= 3) {
    return serviceAccountProfile(s, parts[1]!, parts.slice(2).join("."));
  }
  return { name, labels: {}, ingress: [], egress: [] };
}

/** An endpoint's own labels, then each profile's labels it lacks; the first profile that has a label wins. */
export function inheritLabels(own: LabelMap, profiles: readonly RefProfile[]): Map<string, string> {
  const labels = new Map(Object.entries(own));
  for (const p of profiles) {
    for (const [k, v] of Object.entries(p.labels)) if (!labels.has(k)) labels.set(k, v);
  }
  return labels;
}
