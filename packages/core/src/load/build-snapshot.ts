// Builds a Snapshot from loaded objects, adds what the cluster implies, and checks references between objects.
import type { Issue } from "../model/issue.js";
import type { Tier } from "../model/calico.js";
import { emptySnapshot, type Snapshot } from "../model/snapshot.js";
import type { CalicoVersion } from "./kinds/calico-names.js";
import type { LoadedObject, LoadOptions } from "./loader.js";
import { adminPolicy } from "./build/admin.js";
import * as calico from "./build/calico.js";
import * as k8s from "./build/k8s.js";

const workloadKinds = new Set([
  "Pod",
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "ReplicationController",
  "Job",
  "CronJob",
]);

/** The tiers Calico creates on its own, per version. */
export function builtInTiers(version: CalicoVersion): Tier[] {
  const [admin, baseline] =
    version === "v3.32"
      ? ["kube-admin", "kube-baseline"]
      : ["adminnetworkpolicy", "baselineadminnetworkpolicy"];
  return [
    { name: admin, order: 1000, defaultAction: "Pass", builtIn: true },
    { name: "default", order: 1_000_000, defaultAction: "Deny", builtIn: true },
    { name: baseline, order: 10_000_000, defaultAction: "Pass", builtIn: true },
  ];
}

function add(s: Snapshot, o: LoadedObject): void {
  const { group, kind } = o.info;
  if (workloadKinds.has(kind)) s.workloads.push(k8s.workload(o));
  else if (kind === "Namespace") s.namespaces.push(k8s.namespace(o));
  else if (kind === "ServiceAccount") s.serviceAccounts.push(k8s.serviceAccount(o));
  else if (kind === "Service") s.services.push(k8s.service(o));
  else if (kind === "NetworkPolicy" && group === "networking.k8s.io")
    s.k8sPolicies.push(k8s.k8sNetworkPolicy(o));
  else if (kind === "StagedKubernetesNetworkPolicy") s.stagedK8sPolicies.push(calico.stagedK8sPolicy(o));
  else if (kind.endsWith("NetworkPolicy") && group === "projectcalico.org")
    s.calicoPolicies.push(calico.calicoPolicy(o));
  else if (kind === "Tier") s.tiers.push(calico.tier(o));
  else if (kind === "HostEndpoint") s.hostEndpoints.push(calico.hostEndpoint(o));
  else if (kind === "NetworkSet" || kind === "GlobalNetworkSet") s.networkSets.push(calico.networkSet(o));
  else if (kind === "Profile") s.profiles.push(calico.profile(o));
  else if (kind === "WorkloadEndpoint") s.workloadEndpoints.push(calico.workloadEndpoint(o));
  else if (kind.endsWith("AdminNetworkPolicy")) s.adminPolicies.push(adminPolicy(o));
}

/** Adds namespaces that objects live in but no document declares, as the cluster must have them. */
function addImpliedNamespaces(s: Snapshot): void {
  const declared = new Set(s.namespaces.map((n) => n.name));
  const used = [
    ...s.workloads,
    ...s.serviceAccounts,
    ...s.services,
    ...s.k8sPolicies,
    ...s.stagedK8sPolicies,
    ...s.networkSets,
    ...s.workloadEndpoints,
    ...s.calicoPolicies,
  ]
    .map((o) => o.namespace)
    .filter((n): n is string => n !== undefined);
  for (const name of new Set(used)) {
    if (!declared.has(name))
      s.namespaces.push({ name, labels: { "kubernetes.io/metadata.name": name }, declared: false });
  }
}

function addBuiltInTiers(s: Snapshot, version: CalicoVersion): void {
  const declared = new Set(s.tiers.map((t) => t.name));
  for (const t of builtInTiers(version)) if (!declared.has(t.name)) s.tiers.push(t);
}

/** Drops Calico policies whose tier does not exist: the API server refuses to create them. */
function checkTierReferences(s: Snapshot, issues: Issue[]): void {
  const tiers = new Set(s.tiers.map((t) => t.name));
  s.calicoPolicies = s.calicoPolicies.filter((p) => {
    if (tiers.has(p.tier)) return true;
    issues.push({
      code: "unknown-tier",
      severity: "error",
      message: `${p.kind} ${p.namespace ? `${p.namespace}/` : ""}${p.name} is in tier ${p.tier}, which no Tier document defines; Calico refuses such a policy`,
      fix: `add a Tier named ${p.tier}, or set spec.tier to an existing tier`,
      file: p.source.file,
      line: p.source.line,
      column: p.source.column,
      path: "spec.tier",
    });
    return false;
  });
}

/** Warns about host endpoints naming profiles that no document defines. */
function checkProfileReferences(s: Snapshot, issues: Issue[]): void {
  const profiles = new Set(s.profiles.map((p) => p.name));
  for (const h of s.hostEndpoints) {
    for (const name of h.profiles) {
      if (profiles.has(name) || name.startsWith("kns.") || name.startsWith("ksa.")) continue;
      issues.push({
        code: "unknown-profile",
        severity: "warning",
        message: `HostEndpoint ${h.name} names profile ${name}, which no Profile document defines; it contributes no rules or labels`,
        file: h.source.file,
        line: h.source.line,
        column: h.source.column,
        path: "spec.profiles",
      });
    }
  }
}

/** Builds the snapshot of a set of loaded objects, with the issues of cross-object checks. */
export function buildSnapshot(
  objects: readonly LoadedObject[],
  options: LoadOptions = {},
): { snapshot: Snapshot; issues: Issue[] } {
  const snapshot = emptySnapshot();
  const issues: Issue[] = [];
  for (const o of objects) add(snapshot, o);
  addImpliedNamespaces(snapshot);
  addBuiltInTiers(snapshot, options.calicoVersion ?? "v3.31");
  checkTierReferences(snapshot, issues);
  checkProfileReferences(snapshot, issues);
  return { snapshot, issues };
}
