// Converting a Kubernetes LabelSelector to a Calico selector, as Calico's k8sSelectorToCalico does.
import type { Selector } from "./ast.js";
import { andSelectors } from "./combine.js";
import { compareCodePoints, sortedUnique } from "./string-order.js";

/** The four operators a Kubernetes LabelSelectorRequirement may use. */
export type LabelSelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

/** One `matchExpressions` entry of a Kubernetes LabelSelector. */
export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: LabelSelectorOperator;
  readonly values?: readonly string[] | undefined;
}

/** A Kubernetes LabelSelector (`podSelector`, `namespaceSelector`, ...). */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>> | undefined;
  readonly matchExpressions?: readonly LabelSelectorRequirement[] | undefined;
}

/** The operators, for the type guard. */
const OPERATORS: ReadonlySet<string> = new Set<LabelSelectorOperator>([
  "In",
  "NotIn",
  "Exists",
  "DoesNotExist",
]);

/** True when the string is one of the four Kubernetes LabelSelector operators (case-sensitive). */
export function isLabelSelectorOperator(operator: string): operator is LabelSelectorOperator {
  return OPERATORS.has(operator);
}

/** The set for In/NotIn; no values gives {""}, because Calico writes `key in { '' }` for them. */
function setValues(req: LabelSelectorRequirement): string[] {
  return req.values === undefined || req.values.length === 0 ? [""] : sortedUnique(req.values);
}

/** The selector for one requirement. */
function requirementToSelector(req: LabelSelectorRequirement, label: string): Selector {
  switch (req.operator) {
    case "In":
      return { kind: "in", label, values: setValues(req) };
    case "NotIn":
      return { kind: "notIn", label, values: setValues(req) };
    case "Exists":
      return { kind: "has", label };
    case "DoesNotExist":
      return { kind: "not", operand: { kind: "has", label } };
  }
}

/**
 * Convert a LabelSelector: sorted matchLabels as `==`, then matchExpressions in order, keys prefixed, all ANDed.
 */
export function labelSelectorToSelector(ls: LabelSelector, prefix = ""): Selector {
  const matchLabels = ls.matchLabels ?? {};
  const equalities = Object.keys(matchLabels)
    .sort(compareCodePoints)
    .map((key): Selector => ({ kind: "eq", label: prefix + key, value: matchLabels[key] ?? "" }));
  const expressions = (ls.matchExpressions ?? []).map((req) => requirementToSelector(req, prefix + req.key));
  return andSelectors(...equalities, ...expressions);
}
