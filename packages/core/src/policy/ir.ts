// The compiled policy form every policy kind is normalised into: Calico's rule model, ready to evaluate.
import type { Action, CalicoRule, Direction } from "../model/calico.js";
import type { CIDR } from "../net/ip.js";
import type { SelectorPredicate } from "../selector/index.js";
import type { PolicyRef } from "../eval/types.js";

/** An inclusive port range. */
export interface PortRange {
  min: number;
  max: number;
}

/** A rule's port list: numeric ranges and named ports. */
export interface PortMatch {
  ranges: PortRange[];
  names: string[];
}

/** CIDRs split by family; a family list emptied by the split makes the rule void for that family. */
export interface NetsByFamily {
  4: CIDR[];
  6: CIDR[];
}

/** A compiled selector with the text it came from (for explanations). */
export interface CompiledSelector {
  text: string;
  matches: SelectorPredicate;
}

/** One side of a rule (source or destination), compiled. */
export interface CompiledEntity {
  /** Positive selector with namespace scoping folded in; absent when the rule side has none. */
  selector?: CompiledSelector;
  /** notSelector, evaluated cluster-wide. */
  notSelector?: CompiledSelector;
  nets?: NetsByFamily;
  notNets?: NetsByFamily;
  ports?: PortMatch;
  notPorts?: PortMatch;
}

/** ICMP type/code constraint. */
export interface ICMPConstraint {
  type?: number;
  code?: number;
}

/** A compiled rule. */
export interface CompiledRule {
  index: number;
  action: Action;
  ipVersion?: 4 | 6;
  protocol?: number;
  notProtocol?: number;
  icmp?: ICMPConstraint;
  notICMP?: ICMPConstraint;
  src: CompiledEntity;
  dst: CompiledEntity;
  /** Why L3/L4 analysis cannot be sure of this rule (http or services matches), if so. */
  uncertain?: string;
  /** The rule as written, for explanations. */
  rule: CalicoRule;
}

/** A compiled policy of any kind, placed in its tier. */
export interface CompiledPolicy {
  ref: PolicyRef;
  /** The name Calico sorts by when orders tie. */
  sortName: string;
  order?: number;
  staged: boolean;
  /** The namespace of a namespaced policy: it selects only endpoints there. */
  namespace?: string;
  selector: CompiledSelector;
  types: ReadonlySet<Direction>;
  ingress: CompiledRule[];
  egress: CompiledRule[];
  doNotTrack: boolean;
  preDNAT: boolean;
  applyOnForward: boolean;
}
