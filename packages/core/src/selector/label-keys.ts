// Listing the label keys a selector refers to, for lint checks.
import type { Selector } from "./ast.js";

/** Add the keys a node mentions to the set, in the order they appear. */
function collectKeys(sel: Selector, keys: Set<string>): void {
  switch (sel.kind) {
    case "all":
    case "global":
      return;
    case "not":
      collectKeys(sel.operand, keys);
      return;
    case "and":
    case "or":
      for (const operand of sel.operands) collectKeys(operand, keys);
      return;
    default:
      keys.add(sel.label);
  }
}

/** Every label key the selector mentions, each once, in order of first appearance. */
export function selectorLabelKeys(sel: Selector): string[] {
  const keys = new Set<string>();
  collectKeys(sel, keys);
  return [...keys];
}
