// End-to-end tests of `netward diff` and `netward preview`: folders, git revisions, every format and the exit codes.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { netward } from "./cli.testkit.js";

const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: a}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: c, image: x}]}
`;

/** A policy letting the named apps into `db` on TCP 5432. */
const dbIngress = (...apps: string[]) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-ingress, namespace: a}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchExpressions: [{key: app, operator: In, values: [${apps.join(", ")}]}]}}]
      ports: [{protocol: TCP, port: 5432}]
`;

const workloads = ["web", "api", "db"].map(deployment).join("---\n");
const root = mkdtempSync(join(tmpdir(), "netward-diff-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes a folder with the workloads and a policy, and returns its path. */
function cluster(name: string, policy: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "workloads.yaml"), workloads);
  writeFileSync(join(dir, "policy.yaml"), policy);
  return dir;
}

const wide = cluster("wide", dbIngress("web", "api"));
const narrow = cluster("narrow", dbIngress("api"));

const endOfTier =
  "tier default: no rule matched -> Deny (end of tier; policies that selected it: Kubernetes policy a/db-ingress)";
const allowRule =
  "tier default, Kubernetes policy a/db-ingress rule 0 Allow matched (protocol TCP, source selector " +
  '(projectcalico.org/orchestrator == "k8s" && app in {"api", "web"}), destination ports 5432)';

describe("netward diff", () => {
  it("reports a tightened policy as a removed connection, naming the policy on the new side (exit 1)", () => {
    const r = netward(["diff", wide, narrow, "--no-external"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        `--- before: ${wide}`,
        `+++ after:  ${narrow}`,
        "- a/web [Deployment] -> a/db [Deployment]",
        "    before: TCP 5432",
        "    after:  none",
        "    removed: TCP 5432",
        "      e.g. tcp/5432:",
        "        ingress to a/db [Deployment]: ALLOW -> DENY",
        `          before: ${allowRule}`,
        `          after:  ${endOfTier}`,
        "1 pair changed: 0 added, 1 removed, 0 changed",
        "",
      ].join("\n"),
    );
  });

  it("reports a loosened policy as an added connection", () => {
    const r = netward(["diff", narrow, wide, "--no-external"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "+ a/web [Deployment] -> a/db [Deployment]\n    before: none\n    after:  TCP 5432\n",
    );
    expect(r.stdout).toContain(`          after:  ${allowRule}\n`);
    expect(r.stdout).toContain("1 pair changed: 1 added, 0 removed, 0 changed\n");
  });

  it("exits 0 when nothing changed", () => {
    const r = netward(["diff", wide, cluster("wide-again", dbIngress("web", "api"))]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(/no connection changed\n$/);
  });

  it("writes JSON with the sets and both verdicts of each example", () => {
    const r = netward(["diff", wide, narrow, "--no-external", "-o", "json"]);
    expect(r.code).toBe(1);
    const profile = { tier: "__PROFILE__", kind: "Profile", name: "kns.a", ruleIndex: 0, action: "allow" };
    const policy = { tier: "default", kind: "KubernetesNetworkPolicy", namespace: "a", name: "db-ingress" };
    const workload = (name: string) => ({
      kind: "workload",
      namespace: "a",
      name,
      workloadKind: "Deployment",
    });
    expect(JSON.parse(r.stdout)).toEqual({
      before: wide,
      after: narrow,
      endsAdded: [],
      endsRemoved: [],
      changes: [
        {
          change: "removed",
          src: workload("web"),
          dst: workload("db"),
          before: [{ protocol: "TCP", ports: [[5432, 5432]] }],
          after: [],
          removed: {
            conns: [{ protocol: "TCP", ports: [[5432, 5432]] }],
            examples: [
              {
                port: "tcp/5432",
                before: {
                  verdict: "allow",
                  egress: { verdict: "allow", hits: [profile] },
                  ingress: { verdict: "allow", hits: [{ ...policy, ruleIndex: 0, action: "allow" }] },
                },
                after: {
                  verdict: "deny",
                  egress: { verdict: "allow", hits: [profile] },
                  ingress: {
                    verdict: "deny",
                    hits: [{ ...policy, ruleIndex: -1, action: "deny", selectedBy: [policy] }],
                  },
                },
              },
            ],
          },
        },
      ],
      summary: { added: 0, removed: 1, changed: 0 },
    });
  });

  it("writes Markdown for a pull request comment", () => {
    const r = netward(["diff", wide, narrow, "--no-external", "-o", "md"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        `### netward: \`${wide}\` -> \`${narrow}\``,
        "",
        "1 pair changed: 0 added, 1 removed, 0 changed.",
        "",
        "| change | source | destination | before | after |",
        "| --- | --- | --- | --- | --- |",
        "| removed | a/web [Deployment] | a/db [Deployment] | TCP 5432 | none |",
        "",
        "#### Policies responsible",
        "",
        "- **removed** a/web [Deployment] -> a/db [Deployment]: TCP 5432",
        "  - e.g. `tcp/5432`:",
        "    - ingress to a/db [Deployment]: ALLOW -> DENY",
        `      - before: ${allowRule}`,
        `      - after: ${endOfTier}`,
        "",
      ].join("\n"),
    );
    const same = netward(["diff", wide, wide, "-o", "md"]);
    expect(same).toMatchObject({
      code: 0,
      stdout: `### netward: \`${wide}\` -> \`${wide}\`\n\nNo connection changed.\n`,
    });
  });

  it("keeps Markdown to the first 50 pairs, with the exact counts", () => {
    const many = ["d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8"].map(deployment).join("---\n");
    const open = join(root, "many-open");
    const closed = join(root, "many-closed");
    for (const dir of [open, closed]) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "workloads.yaml"), many);
    }
    writeFileSync(
      join(closed, "deny.yaml"),
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: a}\nspec: {podSelector: {}}\n",
    );
    const r = netward(["diff", open, closed, "--no-external", "-o", "md"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("\n56 pairs changed: 0 added, 56 removed, 0 changed.\n");
    expect(r.stdout.split("\n").filter((l) => l.startsWith("| removed |"))).toHaveLength(50);
    expect(r.stdout).toContain("\n... and 6 more; `-o text` or `-o json` lists them all.\n");
  });

  it("lists ends only one side has, and their connections as added or removed", () => {
    const more = cluster("more", dbIngress("web", "api"));
    writeFileSync(join(more, "extra.yaml"), deployment("cache"));
    const r = netward(["diff", wide, more, "--no-external", "--focus", "a/cache"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("only after: a/cache [Deployment]\n");
    expect(r.stdout).toContain(
      "+ a/cache [Deployment] -> a/web [Deployment]\n    before: none\n    after:  all\n",
    );
    expect(r.stdout).toContain("        egress from a/cache [Deployment]: (end absent) -> ALLOW\n");
  });

  it("narrows to a port, and exits 0 when that port did not change", () => {
    expect(netward(["diff", wide, narrow, "--port", "tcp/5432"]).code).toBe(1);
    expect(netward(["diff", wide, narrow, "--port", "tcp/80"]).code).toBe(0);
    expect(
      netward(["diff", wide, narrow, "--focus", "a", "--direction", "egress", "--port", "tcp/5432"]).code,
    ).toBe(1);
  });

  it("exits 2 on usage and input errors", () => {
    expect(netward(["diff", wide, narrow, "-o", "yaml"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("unknown output format yaml") as string,
    });
    expect(netward(["diff", "-", "-"])).toMatchObject({ code: 2 });
    expect(netward(["diff", wide, join(root, "missing")])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("no such file or folder") as string,
    });
    expect(netward(["diff", wide, narrow, "--focus", "a/nope"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--focus: no workload or pod a/nope") as string,
    });
  });
});

describe("netward diff with git revisions", () => {
  const repo = join(root, "repo");
  const git = (...args: string[]) => {
    const r = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
      cwd: repo,
      encoding: "utf8",
      env: { PATH: process.env["PATH"] ?? "", HOME: root, GIT_CONFIG_NOSYSTEM: "1" },
    });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
  };
  beforeAll(() => {
    mkdirSync(join(repo, "deploy", ".hidden"), { recursive: true });
    git("init", "-q");
    writeFileSync(join(repo, "deploy", "workloads.yaml"), workloads);
    writeFileSync(join(repo, "deploy", "policy.yaml"), dbIngress("web", "api"));
    writeFileSync(join(repo, "deploy", ".hidden", "ignored.yaml"), "not: [valid");
    git("add", "-A");
    git("commit", "-q", "-m", "wide");
    writeFileSync(join(repo, "deploy", "policy.yaml"), dbIngress("api"));
    git("commit", "-q", "-am", "narrow");
    writeFileSync(join(repo, "deploy", "policy.yaml"), "kind: [broken");
  });

  it("reads <ref>:<path> with git, leaving the working tree as it is", () => {
    const r = netward(["diff", "HEAD~1:deploy", "HEAD:deploy", "--no-external"], undefined, repo);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^--- before: HEAD~1:deploy\n\+\+\+ after: {2}HEAD:deploy\n- a\/web \[Deployment\] -> a\/db/,
    );
    expect(git("status", "--porcelain")).toBe(" M deploy/policy.yaml\n");
    const files = netward(["diff", "HEAD~1:deploy/policy.yaml", "HEAD:deploy/policy.yaml"], undefined, repo);
    expect(files).toMatchObject({
      code: 0,
      stdout: expect.stringContaining("no connection changed") as string,
    });
  });

  it("names files read from git by revision in errors, and exits 2 for unknown revisions", () => {
    const r = netward(["diff", "HEAD:deploy", "deploy"], undefined, repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("deploy/policy.yaml:1:");
    const bad = netward(["preview", "HEAD~7:deploy"], undefined, repo);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("HEAD~7:deploy: cannot read HEAD~7:deploy from git:");
    writeFileSync(join(repo, "deploy", "policy.yaml"), "kind: [broken");
    git("add", "-A");
    git("commit", "-q", "-m", "broken");
    const named = netward(["diff", "HEAD~1:deploy", "HEAD:deploy"], undefined, repo);
    expect(named.code).toBe(2);
    expect(named.stderr).toContain("HEAD:deploy/policy.yaml:1:");
  });
});

describe("netward preview", () => {
  it("shows what enforcing the staged policies of examples/calico-tiers would change, naming them", () => {
    const r = netward(["preview", "examples/calico-tiers"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^--- before: enforced\n\+\+\+ after: {2}pending \(staged policies enforced\)\n/,
    );
    expect(r.stdout).toContain(
      "~ dev/load-generator [Deployment] -> dev/sandbox [Deployment]\n" +
        "    before: TCP 1-24, 26-464, 466-586, 588-65535; UDP 53\n" +
        "    after:  all\n" +
        "    added: TCP 25, 465, 587; UDP 1-52, 54-65535; every other protocol\n",
    );
    expect(r.stdout).toContain(
      "          after:  tier security, staged global policy security.quarantine-load-generator rule 1 Deny matched (anything)\n",
    );
    expect(r.stdout).toContain(
      "policies that selected it: staged Kubernetes policy ledger/ledger-egress-lockdown)",
    );
    expect(r.stdout).not.toContain("ledger-api-ingress");
    expect(r.stdout).toMatch(/\n\d+ pairs changed: 0 added, \d+ removed, \d+ changed\n$/);
  });

  it("exits 0 when no staged policy changes anything", () => {
    expect(netward(["preview", "examples/shop"])).toMatchObject({ code: 0, stderr: "" });
  });
});
