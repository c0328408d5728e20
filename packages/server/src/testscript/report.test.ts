// Golden tests for the test-script report: failure blocks, causes of each side, and the summary line.
import { describe, expect, it } from "vitest";
import type { AssertStep, FlowVerdict, Issue } from "@netward/core";
import type { Paint } from "../cli/color.js";
import { countResults, describeSide, renderReport } from "./report.js";
import type { ScriptResult } from "./run.js";

const plain: Paint = (_style, text) => text;

const step = (line: number, text: string, expect: "allow" | "deny", by?: AssertStep["by"]): AssertStep => ({
  kind: "assert",
  line,
  text,
  expect,
  pending: false,
  flow: {
    src: { kind: "ip", ip: "10.0.0.1" },
    dst: { kind: "ip", ip: "10.0.0.2" },
    protocol: 6,
    dstPort: 80,
  },
  ...(by !== undefined && { by }),
});

const allowed: FlowVerdict = {
  verdict: "allow",
  egress: {
    verdict: "allow",
    hits: [
      {
        tier: "security",
        kind: "GlobalNetworkPolicy",
        name: "security.allow-web",
        ruleIndex: 0,
        action: "allow",
      },
    ],
  },
  ingress: {
    verdict: "allow",
    hits: [
      { tier: "platform", kind: "GlobalNetworkPolicy", name: "platform.log", ruleIndex: 0, action: "log" },
      { tier: "platform", kind: "GlobalNetworkPolicy", name: "platform.pass", ruleIndex: 1, action: "pass" },
      {
        tier: "default",
        kind: "NetworkPolicy",
        namespace: "shop",
        name: "allow-all",
        ruleIndex: 0,
        action: "allow",
      },
    ],
  },
};

const result = (over: Partial<ScriptResult>): ScriptResult => ({
  file: "semantics/tiers.nwt",
  scriptIssues: [],
  loadErrors: [],
  assertions: [],
  ...over,
});

describe("renderReport", () => {
  it("prints a diff-style block for a failed assertion and the summary", () => {
    const by = { kind: "policy", tier: "security", staged: false, name: "block" } as const;
    const failed = step(12, "deny shop/a -> shop/b tcp/80 by security|block", "deny", by);
    const text = renderReport(
      [
        result({
          assertions: [
            { step: failed, pass: false, verdict: allowed },
            { step: step(13, "allow x", "allow"), pass: true, verdict: allowed },
          ],
        }),
      ],
      plain,
    );
    expect(text).toBe(
      [
        "FAIL semantics/tiers.nwt:12  deny shop/a -> shop/b tcp/80 by security|block",
        "  expected  deny by security|block",
        "  actual    allow",
        "            egress  allow  security|security.allow-web rule 0",
        "            ingress allow  default|shop/allow-all rule 0",
        "                           via log platform|platform.log rule 0, pass platform|platform.pass rule 1",
        "1 passed, 1 failed",
        "",
      ].join("\n"),
    );
  });

  it("prints the error of an assertion that could not be evaluated", () => {
    const a = {
      step: step(3, "allow shop/x -> shop/y tcp/80", "allow"),
      pass: false,
      error: "no pod or workload shop/x",
    };
    expect(renderReport([result({ assertions: [a] })], plain)).toBe(
      "FAIL semantics/tiers.nwt:3  allow shop/x -> shop/y tcp/80\n  expected  allow\n  error     no pod or workload shop/x\n0 passed, 1 failed\n",
    );
  });

  it("lists load errors and script errors with their places and fixes", () => {
    const load: Issue = {
      code: "invalid-selector",
      severity: "error",
      message: "bad selector",
      file: "m.yaml",
      line: 4,
      column: 9,
    };
    const syntax: Issue = {
      code: "script-syntax",
      severity: "error",
      message: 'unknown statement "alow"',
      fix: "write allow",
      file: "b.nwt",
      line: 2,
      column: 1,
    };
    const text = renderReport(
      [result({ loadErrors: [load] }), result({ file: "b.nwt", scriptIssues: [syntax] })],
      plain,
    );
    expect(text).toBe(
      [
        "FAIL semantics/tiers.nwt  1 error in the loaded manifests",
        "  m.yaml:4:9  invalid-selector  bad selector",
        "ERROR b.nwt  the script cannot run",
        '  b.nwt:2:1  script-syntax  unknown statement "alow"',
        "    fix: write allow",
        "0 passed, 2 failed",
        "",
      ].join("\n"),
    );
  });

  it("prints the forwarding host endpoint's side between egress and ingress", () => {
    const forwarded: FlowVerdict = {
      ...allowed,
      verdict: "deny",
      forward: {
        direction: "ingress",
        hostEndpoint: "hep:edge/eth0",
        verdict: "deny",
        hits: [{ tier: "default", kind: "GlobalNetworkPolicy", name: "aof", ruleIndex: -1, action: "deny" }],
      },
    };
    const a = {
      step: step(7, "allow a -> b tcp/80 via hep:edge/eth0", "allow"),
      pass: false,
      verdict: forwarded,
    };
    expect(renderReport([result({ assertions: [a] })], plain)).toContain(
      [
        "            egress  allow  security|security.allow-web rule 0",
        "            forward deny   default|aof end of tier",
        "            ingress allow  default|shop/allow-all rule 0",
      ].join("\n"),
    );
  });

  it("colours only through the painter", () => {
    const marks: Paint = (style, text) => `<${String(style)}>${text}`;
    expect(renderReport([result({})], marks)).toBe("<green>0 passed, 0 failed\n");
  });
});

describe("describeSide", () => {
  it("names ends of tiers with every selecting policy, profiles, failsafes and sides without policy", () => {
    expect(
      describeSide({
        verdict: "deny",
        hits: [
          {
            tier: "default",
            kind: "KubernetesNetworkPolicy",
            namespace: "shop",
            name: "db",
            ruleIndex: -1,
            action: "deny",
            selectedBy: [
              { tier: "default", kind: "KubernetesNetworkPolicy", namespace: "shop", name: "db" },
              { tier: "default", kind: "StagedNetworkPolicy", namespace: "shop", name: "x" },
            ],
          },
        ],
      }),
    ).toEqual(["default|shop/db end of tier (selected by shop/db, staged:shop/x)"]);
    expect(
      describeSide({
        verdict: "deny",
        hits: [{ tier: "__PROFILE__", kind: "Profile", name: "kns.a", ruleIndex: -1, action: "deny" }],
      }),
    ).toEqual(["profile kns.a end of profiles"]);
    expect(describeSide({ verdict: "allow", hits: [], reason: "failsafe port tcp/22" })).toEqual([
      "failsafe (failsafe port tcp/22)",
    ]);
    expect(describeSide({ verdict: "allow", hits: [] })).toEqual(["no policy"]);
  });
});

describe("countResults", () => {
  it("counts failed assertions and scripts that did not run cleanly", () => {
    const ok = { step: step(1, "allow", "allow"), pass: true };
    const bad = { step: step(2, "deny", "deny"), pass: false };
    const issue: Issue = { code: "read-error", severity: "error", message: "x" };
    expect(countResults([result({ assertions: [ok, bad, ok] }), result({ scriptIssues: [issue] })])).toEqual({
      passed: 2,
      failed: 2,
    });
  });
});
