// Selector building blocks for the reference evaluator, mirroring Calico's string-level selector rewrites.
import { parseSelector, type Selector } from "../selector/index.js";

/** The label Calico puts on every namespaced endpoint and network set. */
export const NAMESPACE_LABEL = "projectcalico.org/namespace";
/** The label Calico puts on every Kubernetes pod endpoint. */
export const ORCHESTRATOR_LABEL = "projectcalico.org/orchestrator";
/** The label Calico puts on a pod endpoint for its service account. */
export const SERVICE_ACCOUNT_LABEL = "projectcalico.org/serviceaccount";

/** Parses a selector the loader already validated; a failure here is a bug, so it throws. */
export function parse(text: string): Selector {
  const result = parseSelector(text);
  if (!result.ok) throw new Error(`invalid selector ${JSON.stringify(text)}: ${result.error.message}`);
  return result.selector;
}

/** `a && b` without any simplification (Calico keeps `all()` operands, which later rewrites may replace). */
export function and(a: Selector, b: Selector): Selector {
  return { kind: "and", operands: [a, b] };
}

/** `!s`. */
export function not(s: Selector): Selector {
  return s.kind === "not" ? s.operand : { kind: "not", operand: s };
}

/** `label == 'value'`. */
export function equals(label: string, value: string): Selector {
  return { kind: "eq", label, value };
}

/** `has(label)`. */
export function has(label: string): Selector {
  return { kind: "has", label };
}

/** Puts `prefix` in front of every label the selector names, as Calico's PrefixVisitor does. */
export function prefixLabels(s: Selector, prefix: string): Selector {
  switch (s.kind) {
    case "all":
    case "global":
      return s;
    case "not":
      return not(prefixLabels(s.operand, prefix));
    case "and":
    case "or": {
      const [first, second, ...rest] = s.operands.map((o) => prefixLabels(o, prefix));
      return { kind: s.kind, operands: [first!, second!, ...rest] };
    }
    default:
      return { ...s, label: prefix + s.label };
  }
}

/** Replaces every `all()` and `global()` node, as Calico's `strings.Replace` on the printed selector does. */
export function replaceAllAndGlobal(
  s: Selector,
  all: Selector | undefined,
  global: Selector | undefined,
): Selector {
  switch (s.kind) {
    case "all":
      return all ?? s;
    case "global":
      return global ?? s;
    case "not":
      return not(replaceAllAndGlobal(s.operand, all, global));
    case "and":
    case "or": {
      const [first, second, ...rest] = s.operands.map((o) => replaceAllAndGlobal(o, all, global));
      return { kind: s.kind, operands: [first!, second!, ...rest] };
    }
    default:
      return s;
  }
}

/** True when a Go `string` selector field is set (Calico tests `!= ""`, so only the empty string is absent). */
export function isSet(text: string | undefined): text is string {
  return text !== undefined && text !== "";
}
