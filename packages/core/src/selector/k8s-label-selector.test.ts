// Tests for labelSelectorToSelector against the strings Calico's k8sSelectorToCalico produces.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isLabelSelectorOperator,
  labelSelectorToSelector,
  type LabelSelector,
  type LabelSelectorOperator,
} from "./k8s-label-selector.js";
import { parseSelector } from "./parser.js";
import { printSelector } from "./print.js";

/** Calico's conversion as a string, built the way k8sSelectorToCalico formats it (without the pod term). */
function calicoString(ls: LabelSelector): string {
  const terms = Object.keys(ls.matchLabels ?? {})
    .sort()
    .map((k) => `${k} == '${ls.matchLabels?.[k] ?? ""}'`);
  for (const e of ls.matchExpressions ?? []) {
    const values = (e.values ?? []).join("', '");
    if (e.operator === "In") terms.push(`${e.key} in { '${values}' }`);
    if (e.operator === "NotIn") terms.push(`${e.key} not in { '${values}' }`);
    if (e.operator === "Exists") terms.push(`has(${e.key})`);
    if (e.operator === "DoesNotExist") terms.push(`! has(${e.key})`);
  }
  return terms.join(" && ");
}

/** Calico's string, parsed and printed canonically. */
function calicoCanonical(ls: LabelSelector): string {
  const result = parseSelector(calicoString(ls));
  return result.ok ? printSelector(result.selector) : result.error.message;
}

describe("labelSelectorToSelector", () => {
  it.each<[string, LabelSelector, string]>([
    ["an empty selector", {}, "all()"],
    ["empty fields", { matchLabels: {}, matchExpressions: [] }, "all()"],
    ["one label", { matchLabels: { app: "web" } }, 'app == "web"'],
    [
      "labels sorted by key",
      { matchLabels: { label2: "value2", label: "value" } },
      '(label == "value" && label2 == "value2")',
    ],
    [
      "In",
      { matchExpressions: [{ key: "toast", operator: "In", values: ["jam", "butter"] }] },
      'toast in {"butter", "jam"}',
    ],
    [
      "NotIn",
      { matchExpressions: [{ key: "toast", operator: "NotIn", values: ["milk", "marmite", "milk"] }] },
      'toast not in {"marmite", "milk"}',
    ],
    ["Exists", { matchExpressions: [{ key: "toast", operator: "Exists" }] }, "has(toast)"],
    ["DoesNotExist", { matchExpressions: [{ key: "toast", operator: "DoesNotExist" }] }, "!has(toast)"],
    [
      "In without values, as Calico writes it",
      { matchExpressions: [{ key: "k", operator: "In" }] },
      'k in {""}',
    ],
    [
      "labels before expressions, expressions in order",
      {
        matchExpressions: [
          { key: "z", operator: "Exists" },
          { key: "b", operator: "DoesNotExist" },
        ],
        matchLabels: { y: "1", x: "2" },
      },
      '(x == "2" && y == "1" && has(z) && !has(b))',
    ],
  ])("converts %s", (_name, ls, expected) => {
    expect(printSelector(labelSelectorToSelector(ls))).toBe(expected);
    expect(calicoCanonical(ls)).toBe(expected);
  });

  it("prefixes every key, as Calico's PrefixVisitor does for namespace selectors", () => {
    const ls: LabelSelector = {
      matchLabels: { team: "a" },
      matchExpressions: [
        { key: "env", operator: "In", values: ["prod"] },
        { key: "tier", operator: "NotIn", values: ["db"] },
        { key: "x", operator: "Exists" },
        { key: "y", operator: "DoesNotExist" },
      ],
    };
    expect(printSelector(labelSelectorToSelector(ls, "pcns."))).toBe(
      '(pcns.team == "a" && pcns.env in {"prod"} && pcns.tier not in {"db"} && has(pcns.x) && !has(pcns.y))',
    );
  });

  it("agrees with Calico's string conversion on random selectors", () => {
    const key = fc.stringMatching(
      /^([a-z0-9]([a-z0-9.-]{0,8}[a-z0-9])?\/)?[A-Za-z0-9]([A-Za-z0-9_.-]{0,8}[A-Za-z0-9])?$/,
    );
    const value = fc.stringMatching(/^([A-Za-z0-9]([A-Za-z0-9_.-]{0,6}[A-Za-z0-9])?)?$/);
    const operator = fc.constantFrom<LabelSelectorOperator>("In", "NotIn", "Exists", "DoesNotExist");
    const requirement = fc.record({ key, operator, values: fc.array(value, { minLength: 1, maxLength: 4 }) });
    const labelSelector = fc.record(
      {
        matchLabels: fc.dictionary(key, value, { maxKeys: 4 }),
        matchExpressions: fc.array(requirement, { maxLength: 4 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(labelSelector, (ls) => {
        expect(printSelector(labelSelectorToSelector(ls))).toBe(calicoCanonical(ls));
      }),
      { numRuns: 500 },
    );
  });
});

describe("isLabelSelectorOperator", () => {
  it.each(["In", "NotIn", "Exists", "DoesNotExist"])("accepts %s", (op) => {
    expect(isLabelSelectorOperator(op)).toBe(true);
  });

  it.each(["in", "notin", "Gt", "Lt", "", "Equals"])("rejects %j", (op) => {
    expect(isLabelSelectorOperator(op)).toBe(false);
  });
});
