// The kinds netward understands: API group, accepted versions, scope and schema of each.
import type { Schema } from "../schema/schema.js";
import * as admin from "./kinds/admin-policy.js";
import * as policy from "./kinds/calico-policy.js";
import * as calico from "./kinds/calico-resources.js";
import { k8sNetworkPolicy } from "./kinds/k8s-netpol.js";
import * as pods from "./kinds/k8s-pod.js";
import * as services from "./kinds/k8s-service.js";
import * as w from "./kinds/k8s-workloads.js";

/** A supported kind. `group` is canonical: crd.projectcalico.org objects belong to projectcalico.org. */
export interface KindInfo {
  group: string;
  kind: string;
  versions: readonly string[];
  namespaced: boolean;
  schema: Schema;
}

const core = (kind: string, namespaced: boolean, schema: Schema): KindInfo => ({
  group: "",
  kind,
  versions: ["v1"],
  namespaced,
  schema,
});
const apps = (kind: string, schema: Schema): KindInfo => ({
  group: "apps",
  kind,
  versions: ["v1"],
  namespaced: true,
  schema,
});
const batch = (kind: string, schema: Schema): KindInfo => ({
  group: "batch",
  kind,
  versions: ["v1"],
  namespaced: true,
  schema,
});
const calicoKind = (kind: string, namespaced: boolean, schema: Schema): KindInfo => ({
  group: "projectcalico.org",
  kind,
  versions: ["v3"],
  namespaced,
  schema,
});

/** Every supported kind. */
export const kinds: readonly KindInfo[] = [
  core("Namespace", false, services.namespace),
  core("Pod", true, pods.pod),
  core("ReplicationController", true, w.replicationController),
  core("Service", true, services.service),
  core("ServiceAccount", true, services.serviceAccount),
  apps("Deployment", w.deployment),
  apps("StatefulSet", w.statefulSet),
  apps("DaemonSet", w.daemonSet),
  apps("ReplicaSet", w.replicaSet),
  batch("Job", w.job),
  batch("CronJob", w.cronJob),
  {
    group: "networking.k8s.io",
    kind: "NetworkPolicy",
    versions: ["v1"],
    namespaced: true,
    schema: k8sNetworkPolicy,
  },
  calicoKind("NetworkPolicy", true, policy.calicoNetworkPolicy),
  calicoKind("GlobalNetworkPolicy", false, policy.globalNetworkPolicy),
  calicoKind("StagedNetworkPolicy", true, policy.stagedNetworkPolicy),
  calicoKind("StagedGlobalNetworkPolicy", false, policy.stagedGlobalNetworkPolicy),
  calicoKind("StagedKubernetesNetworkPolicy", true, policy.stagedKubernetesNetworkPolicy),
  calicoKind("Tier", false, calico.tier),
  calicoKind("HostEndpoint", false, calico.hostEndpoint),
  calicoKind("NetworkSet", true, calico.networkSet),
  calicoKind("GlobalNetworkSet", false, calico.globalNetworkSet),
  calicoKind("Profile", false, calico.profile),
  calicoKind("WorkloadEndpoint", true, calico.workloadEndpoint),
  {
    group: "policy.networking.k8s.io",
    kind: "AdminNetworkPolicy",
    versions: ["v1alpha1"],
    namespaced: false,
    schema: admin.adminNetworkPolicy,
  },
  {
    group: "policy.networking.k8s.io",
    kind: "BaselineAdminNetworkPolicy",
    versions: ["v1alpha1"],
    namespaced: false,
    schema: admin.baselineAdminNetworkPolicy,
  },
];

/** Splits `apiVersion` into a canonical group and a version (`crd.projectcalico.org/v1` counts as projectcalico.org). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  if (group === "crd.projectcalico.org" && version === "v1")
    return { group: "projectcalico.org", version: "v3" };
  return { group, version };
}

/** The kinds with a given name, in every group (NetworkPolicy exists in two). */
export function kindsNamed(kind: string): KindInfo[] {
  return kinds.filter((k) => k.kind === kind);
}

/** The preferred apiVersion string of a kind. */
export function apiVersionOf(info: KindInfo): string {
  return info.group === "" ? info.versions[0]! : `${info.group}/${info.versions[0]!}`;
}
