// The short codes Calico v3.32 uses for policy kinds, in its flow logs and its policy tie-break.

/** Policy kind -> short code (`np`, `gnp`, `knp`, ...). */
export const policyKindCodes: Readonly<Record<string, string>> = {
  NetworkPolicy: "np",
  GlobalNetworkPolicy: "gnp",
  StagedNetworkPolicy: "snp",
  StagedGlobalNetworkPolicy: "sgnp",
  StagedKubernetesNetworkPolicy: "sknp",
  KubernetesNetworkPolicy: "knp",
  AdminNetworkPolicy: "kanp",
  BaselineAdminNetworkPolicy: "kbanp",
  Profile: "pro",
};
