// Tests for the interval algebra behind port sets.
import { describe, expect, it } from "vitest";
import {
  formatIntervals,
  intersectIntervals,
  intervalsContain,
  normalizeIntervals,
  subtractIntervals,
  unionIntervals,
  type Interval,
} from "./intervals.js";

describe("intervals", () => {
  it.each<[Interval[], Interval[]]>([
    [[], []],
    [[[5, 3]], []],
    [
      [
        [80, 80],
        [81, 90],
        [1, 2],
      ],
      [
        [1, 2],
        [80, 90],
      ],
    ],
    [
      [
        [1, 10],
        [3, 4],
        [12, 12],
      ],
      [
        [1, 10],
        [12, 12],
      ],
    ],
    [
      [
        [1, 10],
        [11, 12],
      ],
      [[1, 12]],
    ],
  ])("normalises %j", (input, expected) => expect(normalizeIntervals(input)).toEqual(expected));

  it("intersects, unites and subtracts", () => {
    const a: Interval[] = [
      [1, 10],
      [20, 30],
    ];
    const b: Interval[] = [[5, 25]];
    expect(intersectIntervals(a, b)).toEqual([
      [5, 10],
      [20, 25],
    ]);
    expect(unionIntervals(a, b)).toEqual([[1, 30]]);
    expect(subtractIntervals(a, b)).toEqual([
      [1, 4],
      [26, 30],
    ]);
    expect(
      subtractIntervals(
        [[1, 65535]],
        [
          [22, 22],
          [80, 80],
        ],
      ),
    ).toEqual([
      [1, 21],
      [23, 79],
      [81, 65535],
    ]);
    expect(subtractIntervals(b, a)).toEqual([[11, 19]]);
  });

  it("answers membership and prints ranges", () => {
    const a: Interval[] = [
      [1, 10],
      [20, 20],
    ];
    expect([0, 1, 10, 11, 20, 21].map((n) => intervalsContain(a, n))).toEqual([
      false,
      true,
      true,
      false,
      true,
      false,
    ]);
    expect(formatIntervals(a)).toBe("1-10, 20");
  });
});
