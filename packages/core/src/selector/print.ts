// Canonical printing in the exact format of Calico's Selector.String().
import type { Selector, ValueOperator } from "./ast.js";

/** How each value operator is written between label and value. */
const VALUE_OPERATORS: Readonly<Record<ValueOperator, string>> = {
  eq: " == ",
  ne: " != ",
  contains: " contains ",
  startsWith: " starts with ",
  endsWith: " ends with ",
};

/** Quote a value with `"`, or with `'` when it contains `"` (a value holding both cannot be written). */
export function quoteValue(value: string): string {
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

/** Append the fragments that spell one node, as Calico's collectFragments does. */
function collect(sel: Selector, out: string[]): void {
  switch (sel.kind) {
    case "all":
    case "global":
      out.push(`${sel.kind}()`);
      return;
    case "has":
      out.push("has(", sel.label, ")");
      return;
    case "in":
    case "notIn":
      out.push(
        sel.label,
        sel.kind === "in" ? " in {" : " not in {",
        sel.values.map(quoteValue).join(", "),
        "}",
      );
      return;
    case "not":
      out.push("!");
      collect(sel.operand, out);
      return;
    case "and":
    case "or":
      out.push("(");
      for (const [i, operand] of sel.operands.entries()) {
        if (i > 0) out.push(sel.kind === "and" ? " && " : " || ");
        collect(operand, out);
      }
      out.push(")");
      return;
    default:
      out.push(sel.label, VALUE_OPERATORS[sel.kind], quoteValue(sel.value));
  }
}

/** Print a selector in canonical form: every `&&`/`||` group in parentheses, sets sorted, `"` quotes preferred. */
export function printSelector(sel: Selector): string {
  const out: string[] = [];
  collect(sel, out);
  return out.join("");
}
