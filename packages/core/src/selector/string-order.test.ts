// Tests for code point ordering, which must match Go's byte-wise string comparison.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareCodePoints, sortedUnique } from "./string-order.js";

/** The UTF-8 bytes of a well-formed string, which Go compares. */
function utf8(s: string): number[] {
  const bytes: number[] = [];
  for (const char of s) {
    const cp = char.codePointAt(0) ?? 0;
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else
      bytes.push(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 0x3f),
        0x80 | ((cp >> 6) & 0x3f),
        0x80 | (cp & 0x3f),
      );
  }
  return bytes;
}

/** Compare byte arrays lexicographically. */
function compareBytes(x: readonly number[], y: readonly number[]): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

describe("compareCodePoints", () => {
  it("orders astral characters after U+FFxx, unlike UTF-16 order", () => {
    expect(compareCodePoints("\u{1F600}", "\uFF21")).toBeGreaterThan(0);
    expect("\u{1F600}" < "\uFF21").toBe(true);
  });

  it("agrees in sign with UTF-8 byte order on random strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (x, y) => {
        expect(Math.sign(compareCodePoints(x, y))).toBe(Math.sign(compareBytes(utf8(x), utf8(y))));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("sortedUnique", () => {
  it("sorts and removes duplicates", () => {
    expect(sortedUnique(["b", "a", "b", "", "a"])).toEqual(["", "a", "b"]);
    expect(sortedUnique([])).toEqual([]);
  });
});
