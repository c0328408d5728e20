// Evaluating a selector against labels, with Calico's rules for missing labels.
import type { Selector } from "./ast.js";
import type { Labels } from "./labels.js";

/** True when the labels satisfy the selector; a missing label fails every test except `!=` and `not in`. */
export function matchSelector(sel: Selector, labels: Labels): boolean {
  switch (sel.kind) {
    case "all":
    case "global":
      return true;
    case "not":
      return !matchSelector(sel.operand, labels);
    case "and":
      return sel.operands.every((operand) => matchSelector(operand, labels));
    case "or":
      return sel.operands.some((operand) => matchSelector(operand, labels));
  }
  const value = labels.get(sel.label);
  switch (sel.kind) {
    case "has":
      return value !== undefined;
    case "eq":
      return value === sel.value;
    case "ne":
      return value !== sel.value;
    case "contains":
      return value !== undefined && value.includes(sel.value);
    case "startsWith":
      return value !== undefined && value.startsWith(sel.value);
    case "endsWith":
      return value !== undefined && value.endsWith(sel.value);
    case "in":
      return value !== undefined && sel.values.includes(value);
    case "notIn":
      return value === undefined || !sel.values.includes(value);
  }
}
