// Public surface of @netward/core: pure policy model, selectors and validation, with no I/O.
export * from "./model/issue.js";
