// End-to-end tests of `netward validate`: exit codes, text, JSON and SARIF output.
import { describe, expect, it } from "vitest";
import { netward } from "./cli.testkit.js";

describe("netward validate", () => {
  it("exits 0 on the clean examples and says what it loaded", () => {
    const r = netward(["validate", "examples/shop", "examples/calico-tiers", "examples/hosts"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^0 errors, 0 warnings, 0 infos in \d+ files; \d+ objects loaded\n$/);
  });

  it("exits 1 on the broken examples, with file:line:column, the field, and the fix", () => {
    const r = netward(["validate", "examples/broken"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /examples\/broken\/k8s-networkpolicies\.yaml:59:11 +error +unknown-field +NetworkPolicy lab\/capital-namespace-selector: unknown field NamespaceSelector, did you mean namespaceSelector\?\n +fix: rename NamespaceSelector to namespaceSelector/,
    );
    expect(r.stdout).toMatch(/\d+ errors, 0 warnings, 2 infos in 6 files; \d+ objects loaded\n$/);
  });

  it("writes every issue as JSON", () => {
    const r = netward(["validate", "examples/broken", "-o", "json"]);
    const out = JSON.parse(r.stdout) as {
      files: number;
      objects: number;
      issues: { code: string; file: string; line: number; path?: string }[];
    };
    expect(r.code).toBe(1);
    expect(out.files).toBe(6);
    expect(out.issues.find((i) => i.code === "unknown-field" && i.line === 59)).toMatchObject({
      file: "examples/broken/k8s-networkpolicies.yaml",
      path: "spec.ingress[0].from[0].NamespaceSelector",
    });
  });

  it("writes SARIF 2.1.0 with rules and locations", () => {
    const r = netward(["validate", "examples/broken", "-o", "sarif"]);
    const log = JSON.parse(r.stdout) as {
      version: string;
      runs: {
        tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string } }[] } };
        results: {
          ruleId: string;
          level: string;
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          }[];
        }[];
      }[];
    };
    expect(log.version).toBe("2.1.0");
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe("netward");
    expect(run.tool.driver.rules.map((r) => r.id)).toContain("unknown-field");
    expect(run.tool.driver.rules.every((r) => r.shortDescription.text.length > 10)).toBe(true);
    const levels = new Set(run.results.map((r) => r.level));
    expect([...levels].sort()).toEqual(["error", "note"]);
    expect(run.results[0]!.locations[0]!.physicalLocation.region.startLine).toBeGreaterThan(0);
  });

  it("reads standard input", () => {
    const ok = netward(["validate", "-"], "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n");
    expect(ok.code).toBe(0);
    const bad = netward(["validate", "-"], "apiVersion: v1\nkind: Namespace\nmetadata:\n  nme: shop\n");
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("-:4:3");
    expect(bad.stdout).toContain("did you mean name?");
  });

  it("reports a missing path as an error, not a crash", () => {
    const r = netward(["validate", "no/such/folder"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("no such file or folder: no/such/folder");
    expect(r.stderr).toBe("");
  });

  it("applies v3.32 naming rules when asked", () => {
    const policy =
      "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: block\nspec:\n  tier: security\n---\napiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: security\nspec:\n  order: 10\n";
    expect(netward(["validate", "-"], policy).code).toBe(1);
    expect(netward(["validate", "--calico-version", "v3.32", "-"], policy).code).toBe(0);
  });

  it("exits 2 on usage errors", () => {
    expect(netward(["validate"]).code).toBe(2);
    expect(netward(["valdate", "x"]).code).toBe(2);
  });
});
