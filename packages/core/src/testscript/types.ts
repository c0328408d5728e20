// The parsed form of a netward test script (.nwt): load lines, options and verdict assertions.
import type { CalicoVersion } from "../load/kinds/calico-names.js";
import type { FlowSpec } from "../eval/types.js";

/** `load <path>`: manifests to add to the cluster, relative to the script file. */
export interface LoadStep {
  kind: "load";
  line: number;
  path: string;
}

/** `option calico-version <v>`: evaluation settings, fixed before the first assertion. */
export interface OptionStep {
  kind: "option";
  line: number;
  name: "calico-version";
  value: CalicoVersion;
}

/** What a `by` clause names: a policy (rule), the profiles, a failsafe rule, or no policy at all. */
export type ByClause =
  | {
      kind: "policy";
      tier: string;
      /** True for `staged:<name>`: only staged kinds match; without it only enforced kinds do. */
      staged: boolean;
      namespace?: string;
      name: string;
      /** Absent: any rule of the policy (or its end of tier); -1: the end of the tier. */
      ruleIndex?: number;
    }
  | { kind: "profile" }
  | { kind: "failsafe" }
  | { kind: "no-policy" };

/** `allow|deny [pending] <src> -> <dst> <port> [by <clause>]`: one expected verdict. */
export interface AssertStep {
  kind: "assert";
  line: number;
  /** The assertion as written, without its comment and with single spaces. */
  text: string;
  expect: "allow" | "deny";
  pending: boolean;
  flow: FlowSpec;
  by?: ByClause;
}

/** One good line of a script. */
export type TestStep = LoadStep | OptionStep | AssertStep;
