// Building selectors from other selectors: conjunction and negation that keep the tree canonical.
import type { Selector } from "./ast.js";

/** Negate a selector, removing a negation instead of doubling it (`!!x` is `x`). */
export function negateSelector(sel: Selector): Selector {
  return sel.kind === "not" ? sel.operand : { kind: "not", operand: sel };
}

/** AND selectors together, flattening `and` arguments and dropping `all()`; no operands gives `all()`. */
export function andSelectors(...sels: readonly Selector[]): Selector {
  const operands = sels
    .flatMap((sel) => (sel.kind === "and" ? sel.operands : [sel]))
    .filter((sel) => sel.kind !== "all");
  const [first, second, ...rest] = operands;
  if (first === undefined) return { kind: "all" };
  if (second === undefined) return first;
  return { kind: "and", operands: [first, second, ...rest] };
}
