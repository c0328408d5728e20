// Tests for RFC 3339 times: offsets, fractions, case, and out-of-range parts.
import { describe, expect, it } from "vitest";
import { parseRfc3339 } from "./time.js";

describe("parseRfc3339", () => {
  it.each([
    ["2025-03-06T14:05:30Z", Date.UTC(2025, 2, 6, 14, 5, 30)],
    ["2025-03-06T15:05:30+01:00", Date.UTC(2025, 2, 6, 14, 5, 30)],
    ["2025-03-06T09:35:30.250-04:30", Date.UTC(2025, 2, 6, 14, 5, 30, 250)],
    ["2025-03-06t14:05:30.123456789z", Date.UTC(2025, 2, 6, 14, 5, 30, 123)],
    ["2024-02-29T00:00:00Z", Date.UTC(2024, 1, 29)],
    ["2025-02-29T00:00:00Z", undefined],
    ["2025-03-06T24:00:00Z", undefined],
    ["2025-03-06 14:05:30Z", Date.UTC(2025, 2, 6, 14, 5, 30)],
    ["2025-03-06T14:05:30", undefined],
  ])("%s", (text, want) => {
    expect(parseRfc3339(text)).toBe(want);
  });
});
