// Compiling a selector once into a closure, for evaluating it against many label sets quickly.
import type { Selector } from "./ast.js";
import type { Labels } from "./labels.js";

/** A compiled selector: true when the labels match. */
export type SelectorPredicate = (labels: Labels) => boolean;

/** Compile a selector into a predicate that gives the same answers as matchSelector. */
export function compileSelector(sel: Selector): SelectorPredicate {
  switch (sel.kind) {
    case "all":
    case "global":
      return () => true;
    case "not": {
      const operand = compileSelector(sel.operand);
      return (labels) => !operand(labels);
    }
    case "and": {
      const operands = sel.operands.map(compileSelector);
      return (labels) => operands.every((operand) => operand(labels));
    }
    case "or": {
      const operands = sel.operands.map(compileSelector);
      return (labels) => operands.some((operand) => operand(labels));
    }
    case "has": {
      const { label } = sel;
      return (labels) => labels.get(label) !== undefined;
    }
    case "eq": {
      const { label, value } = sel;
      return (labels) => labels.get(label) === value;
    }
    case "ne": {
      const { label, value } = sel;
      return (labels) => labels.get(label) !== value;
    }
    case "contains": {
      const { label, value } = sel;
      return (labels) => labels.get(label)?.includes(value) === true;
    }
    case "startsWith": {
      const { label, value } = sel;
      return (labels) => labels.get(label)?.startsWith(value) === true;
    }
    case "endsWith": {
      const { label, value } = sel;
      return (labels) => labels.get(label)?.endsWith(value) === true;
    }
    case "in": {
      const { label } = sel;
      const values = new Set(sel.values);
      return (labels) => {
        const value = labels.get(label);
        return value !== undefined && values.has(value);
      };
    }
    case "notIn": {
      const { label } = sel;
      const values = new Set(sel.values);
      return (labels) => {
        const value = labels.get(label);
        return value === undefined || !values.has(value);
      };
    }
  }
}
