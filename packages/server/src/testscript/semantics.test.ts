// Runs every test script of the semantic suite (semantics/) and of the examples: each assertion must pass.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findTestScripts } from "./find.js";
import { renderReport } from "./report.js";
import { runTestScript, type CompileCache } from "./run.js";

const root = join(import.meta.dirname, "../../../..");
const scripts = await findTestScripts([join(root, "semantics"), join(root, "examples")]);
const cache: CompileCache = new Map();

describe("semantic suite", () => {
  it("finds the scripts", () => {
    expect(scripts.length).toBeGreaterThanOrEqual(17);
  });

  it.each(scripts.map((s) => [s.slice(root.length + 1), s]))("%s passes", async (_name, file) => {
    const result = await runTestScript(file, cache);
    const report = renderReport([result], (_style, text) => text);
    expect(report).toMatch(/^\d+ passed, 0 failed\n$/);
    expect(result.assertions.length).toBeGreaterThan(0);
  });
});
