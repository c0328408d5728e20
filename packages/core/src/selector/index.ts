// Public surface of the Calico selector language: syntax tree, parser, printer, matching and conversions.
export type {
  AllSelector,
  AndSelector,
  GlobalSelector,
  HasSelector,
  NotSelector,
  Operands,
  OrSelector,
  Selector,
  SetOperator,
  SetSelector,
  ValueOperator,
  ValueSelector,
} from "./ast.js";
export { andSelectors, negateSelector } from "./combine.js";
export { compileSelector, type SelectorPredicate } from "./compile.js";
export {
  isLabelSelectorOperator,
  labelSelectorToSelector,
  type LabelSelector,
  type LabelSelectorOperator,
  type LabelSelectorRequirement,
} from "./k8s-label-selector.js";
export { selectorLabelKeys } from "./label-keys.js";
export { labelsOf, type Labels } from "./labels.js";
export { MAX_LABEL_LENGTH } from "./lexer.js";
export { matchSelector } from "./match.js";
export {
  MAX_SELECTOR_NESTING,
  parseSelector,
  type ParseSelectorResult,
  type SelectorError,
} from "./parser.js";
export { printSelector, quoteValue } from "./print.js";
export { selectorErrorText } from "./error-text.js";
export { prefixSelectorLabels } from "./prefix.js";
