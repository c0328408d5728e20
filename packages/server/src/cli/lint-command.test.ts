// End-to-end tests of `netward lint`: every planted defect and nothing else, clean examples, formats, exit codes.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { netward, repoRoot } from "./cli.testkit.js";

interface Finding {
  code: string;
  severity: string;
  file: string;
  line: number;
  message: string;
  fix?: string;
}

/** Every `# lint: <code>` marker of the files in a folder, as `file:line code`. */
function markers(folder: string): string[] {
  return readdirSync(join(repoRoot, folder))
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .flatMap((f) =>
      readFileSync(join(repoRoot, folder, f), "utf8")
        .split("\n")
        .flatMap((line, i) => {
          const m = /#\s*lint:\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)\s*$/.exec(line);
          return m ? m[1]!.split(",").map((code) => `${folder}/${f}:${i + 1} ${code.trim()}`) : [];
        }),
    );
}

function lintJson(args: string[]): { code: number; findings: Finding[]; stderr: string } {
  const r = netward(["lint", ...args, "-o", "json"]);
  const out = JSON.parse(r.stdout) as { findings: Finding[] };
  return { code: r.code, findings: out.findings, stderr: r.stderr };
}

describe("netward lint", () => {
  it("reports exactly the planted defects of examples/broken, and notes the load errors", () => {
    const { code, findings, stderr } = lintJson(["examples/broken"]);
    const expected = markers("examples/broken");
    expect(expected.length).toBeGreaterThanOrEqual(14);
    expect(findings.map((f) => `${f.file}:${f.line} ${f.code}`).sort()).toEqual(expected.sort());
    expect(code).toBe(1);
    expect(stderr).toBe(
      "note: the manifests have 44 load errors; documents with errors were skipped and the rest linted (run netward validate)\n",
    );
  });

  it("plants one defect of every lint code in examples/broken/lint-defects.yaml", () => {
    const codes = markers("examples/broken")
      .filter((m) => m.startsWith("examples/broken/lint-defects.yaml:"))
      .map((m) => m.split(" ")[1]);
    const sarif = JSON.parse(netward(["lint", "examples/broken", "-o", "sarif"]).stdout) as {
      runs: { tool: { driver: { rules: { id: string }[] } } }[];
    };
    expect(codes.sort()).toEqual(sarif.runs[0]!.tool.driver.rules.map((r) => r.id).sort());
    expect(new Set(codes).size).toBe(10);
  });

  it.each(["examples/shop", "examples/calico-tiers", "examples/hosts"])(
    "finds nothing at warning or above in %s",
    (folder) => {
      const { code, findings, stderr } = lintJson([folder]);
      expect(findings.filter((f) => f.severity !== "info")).toEqual([]);
      expect(code).toBe(0);
      expect(stderr).toBe("");
    },
  );

  it("prints findings as text with their fix, and a summary", () => {
    const r = netward(["lint", "examples/broken"]);
    expect(r.stdout).toMatch(
      /examples\/broken\/lint-defects\.yaml:234:7 +warning +label-key-case +KubernetesNetworkPolicy lint-lab\/tier-typo: no endpoint or network set has label key Tier .*\n +fix: did you mean tier\?\n/,
    );
    expect(r.stdout).toMatch(/\n0 errors, 11 warnings, 3 infos in 6 files; \d+ objects loaded\n$/);
  });

  it("writes SARIF with the lint codes' descriptions", () => {
    const log = JSON.parse(netward(["lint", "examples/broken", "-o", "sarif"]).stdout) as {
      runs: {
        tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } };
        results: { ruleId: string; level: string }[];
      }[];
    };
    const run = log.runs[0]!;
    expect(run.tool.driver.rules.find((r) => r.id === "shadowed-rule")?.shortDescription.text).toMatch(
      /earlier rule/,
    );
    expect(new Set(run.results.map((r) => r.level))).toEqual(new Set(["warning", "note"]));
  });

  it("gates on --fail-on", () => {
    expect(netward(["lint", "examples/shop"]).code).toBe(0);
    expect(netward(["lint", "examples/shop", "--fail-on", "info"]).code).toBe(1);
    expect(netward(["lint", "examples/broken", "--fail-on", "error"]).code).toBe(0);
  });

  it("reads standard input", () => {
    const tier =
      "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: spare\nspec:\n  order: 5\n";
    const r = netward(["lint", "--fail-on", "info", "-"], tier);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("-:4:3  info    empty-tier  Tier spare: no policy is in this tier");
  });

  it("exits 2 on usage and input errors", () => {
    expect(netward(["lint"]).code).toBe(2);
    expect(netward(["lint", "examples/shop", "--fail-on", "never"])).toMatchObject({
      code: 2,
      stderr: "error: --fail-on must be error, warning or info, not never\n",
    });
    expect(netward(["lint", "examples/shop", "-o", "xml"]).code).toBe(2);
    expect(netward(["lint", "no/such/folder"])).toMatchObject({
      code: 2,
      stderr: "error: no such file or folder: no/such/folder\n",
    });
  });
});
