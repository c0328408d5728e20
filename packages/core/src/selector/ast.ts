// The selector syntax tree: one node kind per Calico selector operator, canonical by construction.

/** Matches every set of labels; written `all()` (and what an empty selector means). */
export interface AllSelector {
  readonly kind: "all";
}

/** Written `global()`: true by itself; its namespace meaning is applied by the caller. */
export interface GlobalSelector {
  readonly kind: "global";
}

/** Written `has(label)`: true when the label is present, whatever its value. */
export interface HasSelector {
  readonly kind: "has";
  readonly label: string;
}

/** The operators that compare one label with one quoted value. */
export type ValueOperator = "eq" | "ne" | "contains" | "startsWith" | "endsWith";

/** A label compared with a value: `==`, `!=`, `contains`, `starts with` or `ends with`. */
export interface ValueSelector {
  readonly kind: ValueOperator;
  readonly label: string;
  readonly value: string;
}

/** The operators that test one label against a set of values. */
export type SetOperator = "in" | "notIn";

/** A label tested against a set, `in {...}` or `not in {...}`; values are sorted by code point and unique. */
export interface SetSelector {
  readonly kind: SetOperator;
  readonly label: string;
  readonly values: readonly string[];
}

/** Negation, written `!`; never wraps another negation, since `!!x` is `x`. */
export interface NotSelector {
  readonly kind: "not";
  readonly operand: Exclude<Selector, NotSelector>;
}

/** The operands of `&&` and `||`: always two or more, as the parser produces them. */
export type Operands = readonly [Selector, Selector, ...Selector[]];

/** Conjunction, written `(a && b && ...)`. */
export interface AndSelector {
  readonly kind: "and";
  readonly operands: Operands;
}

/** Disjunction, written `(a || b || ...)`. */
export interface OrSelector {
  readonly kind: "or";
  readonly operands: Operands;
}

/** A parsed Calico selector, discriminated on `kind`. */
export type Selector =
  | AllSelector
  | GlobalSelector
  | HasSelector
  | ValueSelector
  | SetSelector
  | NotSelector
  | AndSelector
  | OrSelector;
