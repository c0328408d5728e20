// Table tests of Prometheus duration parsing.
import { describe, expect, it } from "vitest";
import { parsePromDuration } from "./prom-duration.js";

describe("parsePromDuration", () => {
  it.each([
    ["90s", 90_000],
    ["15m", 900_000],
    ["1h30m", 5_400_000],
    ["2d", 172_800_000],
    ["1w", 604_800_000],
    ["1y", 31_536_000_000],
    ["500ms", 500],
    ["1m30s250ms", 90_250],
  ])("reads %s", (text, ms) => {
    expect(parsePromDuration(text)).toBe(ms);
  });

  it.each(["", "0s", "0", "15", "1.5h", "30m1h", " 5m", "5M", "-1m", "m"])("refuses %j", (text) => {
    expect(parsePromDuration(text)).toBeUndefined();
  });
});
