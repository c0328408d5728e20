// The Snapshot: every object of a cluster, typed and defaulted, ready for the policy compiler.
import type { AdminPolicy } from "./admin.js";
import type {
  CalicoPolicy,
  HostEndpoint,
  NetworkSet,
  Profile,
  StagedK8sPolicy,
  Tier,
  WorkloadEndpoint,
} from "./calico.js";
import type { K8sNetworkPolicy, Namespace, Service, ServiceAccount, Workload } from "./k8s.js";

/** One cluster's policy-relevant state. */
export interface Snapshot {
  namespaces: Namespace[];
  workloads: Workload[];
  serviceAccounts: ServiceAccount[];
  services: Service[];
  k8sPolicies: K8sNetworkPolicy[];
  stagedK8sPolicies: StagedK8sPolicy[];
  calicoPolicies: CalicoPolicy[];
  tiers: Tier[];
  hostEndpoints: HostEndpoint[];
  networkSets: NetworkSet[];
  profiles: Profile[];
  workloadEndpoints: WorkloadEndpoint[];
  adminPolicies: AdminPolicy[];
}

/** An empty snapshot. */
export function emptySnapshot(): Snapshot {
  return {
    namespaces: [],
    workloads: [],
    serviceAccounts: [],
    services: [],
    k8sPolicies: [],
    stagedK8sPolicies: [],
    calicoPolicies: [],
    tiers: [],
    hostEndpoints: [],
    networkSets: [],
    profiles: [],
    workloadEndpoints: [],
    adminPolicies: [],
  };
}
