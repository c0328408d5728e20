// The common shape every policy kind is converted into before compilation.
import type { CalicoPolicy } from "../model/calico.js";
import type { PolicyRef } from "../eval/types.js";

/** A policy in Calico's model with its identity, sort name and staging, before selectors are compiled. */
export interface PolicyInput {
  ref: PolicyRef;
  sortName: string;
  staged: boolean;
  spec: Pick<
    CalicoPolicy,
    | "selector"
    | "namespace"
    | "namespaceSelector"
    | "serviceAccountSelector"
    | "order"
    | "types"
    | "ingress"
    | "egress"
    | "doNotTrack"
    | "preDNAT"
    | "applyOnForward"
  >;
}
