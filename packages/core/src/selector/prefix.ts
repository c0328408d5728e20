// Prefixing every label key of a selector, as Calico's PrefixVisitor does (`k == "v"` -> `pcns.k == "v"`).
import type { NotSelector, Operands, Selector } from "./ast.js";

/** The selector with `prefix` put in front of every label key it tests; all() and global() are unchanged. */
export function prefixSelectorLabels(sel: Selector, prefix: string): Selector {
  switch (sel.kind) {
    case "all":
    case "global":
      return sel;
    case "not":
      return { kind: "not", operand: prefixSelectorLabels(sel.operand, prefix) as NotSelector["operand"] };
    case "and":
    case "or": {
      const [first, second, ...rest] = sel.operands;
      const operands: Operands = [
        prefixSelectorLabels(first, prefix),
        prefixSelectorLabels(second, prefix),
        ...rest.map((s) => prefixSelectorLabels(s, prefix)),
      ];
      return { kind: sel.kind, operands };
    }
    default:
      return { ...sel, label: prefix + sel.label };
  }
}
