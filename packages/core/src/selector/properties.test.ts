// Property tests: printing round-trips through parsing, and matching obeys boolean laws.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Selector, SetOperator, ValueOperator } from "./ast.js";
import { negateSelector } from "./combine.js";
import { compileSelector } from "./compile.js";
import { labelsOf } from "./labels.js";
import { matchSelector } from "./match.js";
import { parseSelector } from "./parser.js";
import { printSelector } from "./print.js";
import { sortedUnique } from "./string-order.js";

/** A few keys, so that generated selectors and label sets often meet. */
const key = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("a", "b", "app", "k8s-app", "x/y.z", "in", "has", "not") },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_./-]{1,16}$/) },
);

/** Values from a small pool, or any text that one kind of quote can hold (newlines included). */
const value = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("", "1", "2", "web", "we", "eb", "it's", 'say "hi"') },
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: "binary", maxLength: 12 })
      .filter((v) => !(v.includes('"') && v.includes("'"))),
  },
);

const valueOperator = fc.constantFrom<ValueOperator>("eq", "ne", "contains", "startsWith", "endsWith");
const setOperator = fc.constantFrom<SetOperator>("in", "notIn");

const leaf: fc.Arbitrary<Selector> = fc.oneof(
  fc.constant<Selector>({ kind: "all" }),
  fc.constant<Selector>({ kind: "global" }),
  key.map((label): Selector => ({ kind: "has", label })),
  fc.record({ kind: valueOperator, label: key, value }),
  fc.record({ kind: setOperator, label: key, values: fc.array(value, { maxLength: 4 }).map(sortedUnique) }),
);

/** Any canonical selector tree: negations never doubled, groups of two or more. */
const selector: fc.Arbitrary<Selector> = fc.letrec<{ node: Selector }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    tie("node").map(negateSelector),
    fc
      .tuple(
        fc.constantFrom("and" as const, "or" as const),
        tie("node"),
        tie("node"),
        fc.array(tie("node"), { maxLength: 2 }),
      )
      .map(([kind, first, second, rest]): Selector => ({ kind, operands: [first, second, ...rest] })),
  ),
})).node;

/** Label sets drawn from the same keys and values. */
const labelMap = fc.dictionary(key, value, { maxKeys: 5 });

/** Parse input that must be valid. */
function parse(input: string): Selector {
  const result = parseSelector(input);
  if (!result.ok) throw new Error(`${JSON.stringify(input)}: ${result.error.message}`);
  return result.selector;
}

describe("printing and parsing", () => {
  it("parse(print(ast)) equals ast", () => {
    fc.assert(
      fc.property(selector, (sel) => {
        expect(parse(printSelector(sel))).toEqual(sel);
      }),
      { numRuns: 2000 },
    );
  });

  it("printing is stable", () => {
    fc.assert(
      fc.property(selector, (sel) => {
        const printed = printSelector(sel);
        expect(printSelector(parse(printed))).toBe(printed);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("matching", () => {
  it("matchSelector and compileSelector agree, on records and on Maps", () => {
    fc.assert(
      fc.property(selector, fc.array(labelMap, { maxLength: 8 }), (sel, maps) => {
        const compiled = compileSelector(sel);
        for (const map of maps) {
          const expected = matchSelector(sel, labelsOf(map));
          expect(compiled(labelsOf(map))).toBe(expected);
          expect(matchSelector(sel, new Map(Object.entries(map)))).toBe(expected);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("a run of n ! negates when n is odd", () => {
    fc.assert(
      fc.property(selector, fc.nat({ max: 7 }), fc.boolean(), labelMap, (sel, n, spaced, map) => {
        const bangs = (spaced ? "! " : "!").repeat(n);
        const negated = parse(`${bangs}(${printSelector(sel)})`);
        const labels = labelsOf(map);
        expect(matchSelector(negated, labels)).toBe(matchSelector(sel, labels) !== (n % 2 === 1));
        if (n % 2 === 0) expect(negated).toEqual(sel);
      }),
      { numRuns: 1000 },
    );
  });

  it("De Morgan's laws hold", () => {
    fc.assert(
      fc.property(selector, selector, labelMap, (x, y, map) => {
        const [px, py] = [printSelector(x), printSelector(y)];
        const labels = labelsOf(map);
        const same = (left: string, right: string): void => {
          expect(matchSelector(parse(left), labels)).toBe(matchSelector(parse(right), labels));
        };
        same(`!(${px} && ${py})`, `!(${px}) || !(${py})`);
        same(`!(${px} || ${py})`, `!(${px}) && !(${py})`);
      }),
      { numRuns: 1000 },
    );
  });

  it("in and not in are complements, as are == and !=", () => {
    fc.assert(
      fc.property(key, fc.array(value, { maxLength: 3 }), value, labelMap, (label, values, v, map) => {
        const labels = labelsOf(map);
        const set = sortedUnique(values);
        expect(matchSelector({ kind: "notIn", label, values: set }, labels)).toBe(
          !matchSelector({ kind: "in", label, values: set }, labels),
        );
        expect(matchSelector({ kind: "ne", label, value: v }, labels)).toBe(
          !matchSelector({ kind: "eq", label, value: v }, labels),
        );
      }),
      { numRuns: 500 },
    );
  });
});
