// Tests for did-you-mean suggestions.
import { describe, expect, it } from "vitest";
import { editDistance, suggest } from "./suggest.js";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["abc", "", 3],
    ["kitten", "sitting", 3],
    ["ingres", "ingress", 1],
    ["podSelecter", "podSelector", 1],
    ["destinaton", "destination", 1],
    ["ab", "ba", 1],
  ])("%j to %j is %d", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe("suggest", () => {
  const fields = ["podSelector", "namespaceSelector", "ipBlock"];
  it("prefers a case-only difference", () => {
    expect(suggest("NamespaceSelector", fields)).toBe("namespaceSelector");
    expect(suggest("IPBLOCK", fields)).toBe("ipBlock");
  });
  it("finds close spellings", () => {
    expect(suggest("podSelecter", fields)).toBe("podSelector");
    expect(suggest("namespaceSelectr", fields)).toBe("namespaceSelector");
  });
  it("says nothing when nothing is close", () => {
    expect(suggest("frobnicate", fields)).toBeUndefined();
    expect(suggest("to", ["from", "ports"])).toBeUndefined();
  });
});
