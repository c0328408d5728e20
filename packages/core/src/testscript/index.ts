// Public surface of netward test scripts: parse .nwt text and check verdicts against its assertions.
export type * from "./types.js";
export { formatByClause, parseByClause, type Checked } from "./by-clause.js";
export { assertionHolds, causeMatches, sideCause, verdictSides, type SideCause } from "./match.js";
export { parseTestScript, type ParsedTestScript } from "./parse.js";
