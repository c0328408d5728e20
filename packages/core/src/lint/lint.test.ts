// Tests for lintSnapshot as a whole: where findings point, and the catalogue of codes.
import { describe, expect, it } from "vitest";
import type { FieldPath } from "../schema/path.js";
import { formatPath } from "../schema/path.js";
import { lintCodes } from "./lint-codes.js";
import { lintSnapshot } from "./lint.js";
import { calico, namespace, pod, snapshotOf } from "./testkit.js";

const cluster = [
  namespace("shop"),
  pod("shop", "web", { app: "web" }),
  calico(
    "NetworkPolicy",
    "p",
    { selector: 'app == "db"', types: ["Ingress"], egress: [{ action: "Allow" }] },
    "shop",
  ),
];

describe("lintSnapshot", () => {
  it("points each finding at the first candidate field the locator finds, else at an ancestor, else the object", () => {
    const known: Record<string, number> = { "spec.selector": 7, spec: 5 };
    const locate = (_object: unknown, path: FieldPath) => {
      const line = known[formatPath(path)];
      return line === undefined ? undefined : { line, column: 3 };
    };
    const found = lintSnapshot(snapshotOf(cluster), { locate }).map((f) => [f.code, f.line, f.path]);
    expect(found).toEqual([
      ["selects-nothing", 7, "spec.selector"],
      ["rules-never-apply", 5, "spec.egress"],
      ["unprotected-namespace", 1, "metadata.name"],
    ]);
  });

  it("describes every code in the catalogue", () => {
    for (const [code, text] of Object.entries(lintCodes)) {
      expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(text.length).toBeGreaterThan(30);
    }
  });
});
