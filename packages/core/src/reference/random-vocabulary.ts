// The tiny vocabulary random clusters are made of, and selector arbitraries over it.
import fc from "fast-check";
import type { K8sLabelSelector, LabelExpression } from "../model/k8s.js";
import type { SourceRef } from "../model/source.js";
import { printSelector, type Selector } from "../selector/index.js";

/** Where random objects claim to come from. */
export const RANDOM_SOURCE: SourceRef = { file: "random", line: 1, column: 1 };

/** Namespace names. */
export const NAMESPACES = ["ns-a", "ns-b", "ns-c"] as const;
/** Service account names. */
export const ACCOUNTS = ["default", "sa-1", "sa-2"] as const;

/** Namespace label keys and their values. */
export const NAMESPACE_LABELS: Readonly<Record<string, readonly string[]>> = {
  team: ["red", "blue"],
  env: ["prod", "dev"],
};

/** Pod and network set label keys and their values. */
export const POD_LABELS: Readonly<Record<string, readonly string[]>> = {
  app: ["web", "api", "db"],
  tier: ["front", "back"],
  env: ["prod", "dev"],
};

/** Keys a Calico rule or policy selector may test, including the ones Calico adds. */
const SELECTOR_LABELS: Readonly<Record<string, readonly string[]>> = {
  ...POD_LABELS,
  set: ["s1", "s2"],
  "pcns.team": ["red", "blue"],
  "pcsa.role": ["x", "y"],
  "projectcalico.org/namespace": NAMESPACES,
  "projectcalico.org/serviceaccount": ACCOUNTS,
  "projectcalico.org/orchestrator": ["k8s"],
};

/** Keys a namespaceSelector may test (unprefixed: Calico adds `pcns.`). */
const NAMESPACE_SELECTOR_LABELS: Readonly<Record<string, readonly string[]>> = {
  ...NAMESPACE_LABELS,
  "kubernetes.io/metadata.name": NAMESPACES,
  "projectcalico.org/name": NAMESPACES,
};

/** A label map drawn from a vocabulary: some keys, one value each. */
export function labelsArbitrary(
  vocabulary: Readonly<Record<string, readonly string[]>>,
): fc.Arbitrary<Record<string, string>> {
  const entries = Object.entries(vocabulary).map(([k, values]) =>
    fc.option(fc.constantFrom(...values), { nil: undefined }).map((v) => [k, v] as const),
  );
  return fc
    .tuple(...entries)
    .map((kv) => Object.fromEntries(kv.filter(([, v]) => v !== undefined)) as Record<string, string>);
}

function atom(vocabulary: Readonly<Record<string, readonly string[]>>): fc.Arbitrary<Selector> {
  const key = fc.constantFrom(...Object.keys(vocabulary));
  const keyValue = key.chain((k) => fc.tuple(fc.constant(k), fc.constantFrom(...(vocabulary[k] ?? []))));
  const keyValues = key.chain((k) =>
    fc.tuple(
      fc.constant(k),
      fc.uniqueArray(fc.constantFrom(...(vocabulary[k] ?? [])), { minLength: 1, maxLength: 2 }),
    ),
  );
  return fc.oneof(
    key.map((label): Selector => ({ kind: "has", label })),
    keyValue.map(([label, value]): Selector => ({ kind: "eq", label, value })),
    keyValue.map(([label, value]): Selector => ({ kind: "ne", label, value })),
    keyValues.map(([label, values]): Selector => ({ kind: "in", label, values: [...values].sort() })),
    keyValues.map(([label, values]): Selector => ({ kind: "notIn", label, values: [...values].sort() })),
    fc.constant<Selector>({ kind: "all" }),
  );
}

/** A selector of up to two atoms joined by `&&`/`||`, maybe negated, printed canonically. */
function selectorText(vocabulary: Readonly<Record<string, readonly string[]>>): fc.Arbitrary<string> {
  const a = atom(vocabulary);
  const negated = fc
    .tuple(a, fc.boolean())
    .map(([s, n]): Selector =>
      n && s.kind !== "all" ? { kind: "not", operand: s as Exclude<Selector, { kind: "not" }> } : s,
    );
  return fc
    .oneof(
      { weight: 3, arbitrary: negated },
      fc
        .tuple(negated, negated, fc.constantFrom("and" as const, "or" as const))
        .map(([x, y, kind]): Selector => ({ kind, operands: [x, y] })),
    )
    .map(printSelector);
}

/** A rule or policy selector over endpoint labels. */
export const endpointSelectorArbitrary: fc.Arbitrary<string> = selectorText(SELECTOR_LABELS);

/** A namespaceSelector, including `all()` and `global()`. */
export const namespaceSelectorArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("all()", "global()"),
  selectorText(NAMESPACE_SELECTOR_LABELS),
);

/** A service account selector (unprefixed: Calico adds `pcsa.`). */
export const accountSelectorArbitrary: fc.Arbitrary<string> = selectorText({
  role: ["x", "y"],
  "projectcalico.org/name": ACCOUNTS,
});

/** A Kubernetes LabelSelector over a vocabulary: up to two matchLabels and maybe one expression. */
export function k8sSelectorArbitrary(
  vocabulary: Readonly<Record<string, readonly string[]>>,
): fc.Arbitrary<K8sLabelSelector> {
  const key = fc.constantFrom(...Object.keys(vocabulary));
  const expression = key.chain((k) =>
    fc
      .record({
        key: fc.constant(k),
        operator: fc.constantFrom<LabelExpression["operator"]>("In", "NotIn", "Exists", "DoesNotExist"),
        values: fc.uniqueArray(fc.constantFrom(...(vocabulary[k] ?? [])), { minLength: 1, maxLength: 2 }),
      })
      .map((e): LabelExpression =>
        e.operator === "Exists" || e.operator === "DoesNotExist" ? { ...e, values: [] } : e,
      ),
  );
  const limited = Object.fromEntries(Object.entries(vocabulary).slice(0, 3));
  return fc.record({
    matchLabels: labelsArbitrary(limited).map((l) => Object.fromEntries(Object.entries(l).slice(0, 2))),
    matchExpressions: fc.array(expression, { maxLength: 1 }),
  });
}

/** Kubernetes namespace selector vocabulary. */
export const K8S_NAMESPACE_KEYS: Readonly<Record<string, readonly string[]>> = {
  ...NAMESPACE_LABELS,
  "kubernetes.io/metadata.name": NAMESPACES,
};
