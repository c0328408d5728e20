// Tests that every by clause the parser accepts is written back exactly as it was read.
import { describe, expect, it } from "vitest";
import { formatByClause, parseByClause } from "./by-clause.js";

describe("formatByClause", () => {
  it.each([
    "profile",
    "failsafe",
    "no-policy",
    "default|shop/x",
    "default|staged:shop/x|-1",
    "security|security.block|12",
    "adminnetworkpolicy|deny-all",
  ])("round-trips %s", (text) => {
    const r = parseByClause(text);
    expect(r.ok && formatByClause(r.value)).toBe(text);
  });
});
