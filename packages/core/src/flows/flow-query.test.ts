// Tests for the flow query language: GlobalAlert syntax, precedence, wildcards, substitutions and errors.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchFlowQuery, parseFlowQuery } from "./flow-query.js";

const record: Record<string, string | number> = {
  action: "deny",
  source_namespace: "shop",
  source_name_aggr: "storefront-7d9f8b-*",
  dest_namespace: "shop-data",
  dest_port: 5432,
  proto: "tcp",
  num_flows: 3,
};

const matches = (text: string, substitutions: Record<string, string> = {}) => {
  const parsed = parseFlowQuery(text, { substitutions });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return matchFlowQuery(parsed.query, (k) => record[k]);
};

describe("flow queries", () => {
  it.each<[string, boolean]>([
    ["", true],
    ["action=deny", true],
    ['action = "allow"', false],
    ["dest_port >= 5000 AND dest_port < 6000", true],
    ["dest_port > 10000", false],
    ["num_flows = 3", true],
    ["action=allow OR dest_namespace=shop-data AND proto=tcp", true],
    ["(action=allow OR dest_namespace=shop-data) AND proto=udp", false],
    ["NOT action=allow", true],
    ['source_name_aggr IN {"storefront-*", "api-*"}', true],
    ["source_namespace NOTIN {sho?}", false],
    ["dest_namespace IN {'shop-dat?'}", true],
    ["missing != x", true],
    ["missing = x", false],
    ["missing NOTIN {x}", true],
    ["source_namespace = ${ns}", true],
    ['dest_namespace = "${ns}-data"', true],
    ["action=DENY", false],
  ])("%s -> %s", (text, expected) => expect(matches(text, { ns: "shop" })).toBe(expected));

  it("reports errors with their column, and unknown fields with a suggestion", () => {
    const err = (text: string, fields?: string[]) => {
      const r = parseFlowQuery(text, fields ? { fields } : {});
      return r.ok ? undefined : r.error;
    };
    expect(err("action")).toEqual({
      message: "expected an operator after action (=, !=, <, <=, >, >=, IN or NOTIN)",
      column: 7,
    });
    expect(err("action = deny AND")).toEqual({ message: "expected a field name", column: 18 });
    expect(err('action = "deny')).toEqual({ message: "unterminated string", column: 10 });
    expect(err("a IN {x")).toEqual({ message: "expected , or }", column: 8 });
    expect(err("a = ${nope}")).toEqual({ message: "unknown substitution ${nope}", column: 5 });
    expect(err("dest_ns = x", ["dest_namespace", "source_namespace"])).toEqual({
      message: "unknown field dest_ns, did you mean dest_namespace?",
      column: 1,
    });
    expect(err("a = b c")).toEqual({ message: "expected AND, OR or the end of the query", column: 7 });
  });

  it("never throws on arbitrary text, and every parsed query evaluates", () => {
    const pieces = fc.constantFrom(
      "a",
      "=",
      "!=",
      "<",
      ">=",
      "AND",
      "OR",
      "NOT",
      "IN",
      "NOTIN",
      "{",
      "}",
      ",",
      "(",
      ")",
      '"x*"',
      "${ns}",
      "5",
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.array(pieces, { maxLength: 12 }).map((p) => p.join(" ")),
        ),
        (text) => {
          const r = parseFlowQuery(text, { substitutions: { ns: "shop" } });
          if (r.ok) matchFlowQuery(r.query, (k) => record[k]);
          else expect(r.error.column).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
