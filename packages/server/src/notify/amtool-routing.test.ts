// Agreement test: netward's Alertmanager routing against the real `amtool` 0.25 on route trees and label sets.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseRouteTree, routeAlert } from "@netward/core";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const dir = mkdtempSync(join(tmpdir(), "netward-amtool-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Full alertmanager.yml texts; every receiver a route names is declared under `receivers:`. */
const trees: Readonly<Record<string, string>> = {
  docs: `
route:
  receiver: default
  group_by: [alertname, cluster]
  group_wait: 10s
  routes:
    - receiver: db-pager
      matchers: ['service=~"mysql|postgres|cassandra"', 'severity="critical"']
      group_wait: 1m
      routes:
        - receiver: db-oncall-eu
          matchers: [region=eu]
    - receiver: frontend
      match_re:
        service: ^(foo1|foo2|baz)$
      routes:
        - receiver: frontend-crit
          match: {severity: critical}
    - receiver: team-x
      matchers: ['{team="x", env!~"dev|test"}']
receivers: [{name: default}, {name: db-pager}, {name: db-oncall-eu}, {name: frontend}, {name: frontend-crit}, {name: team-x}]
`,
  continues: `
route:
  receiver: catch-all
  group_by: ['...']
  routes:
    - receiver: audit
      continue: true
    - receiver: sec
      matchers: [category=security]
      continue: true
      routes:
        - receiver: sec-crit
          matchers: ['severity=~"crit.*"']
          continue: true
        - receiver: sec-other
    - receiver: ops
      matchers: ['severity!=info']
    - receiver: after-ops
      matchers: ['severity!=""']
receivers: [{name: catch-all}, {name: audit}, {name: sec}, {name: sec-crit}, {name: sec-other}, {name: ops}, {name: after-ops}]
`,
  regexes: `
route:
  receiver: r0
  routes:
    - receiver: r-case
      matchers: ['service=~"(?i)api-\\d+"']
      continue: true
    - receiver: r-posix
      matchers: ['service=~"[[:alpha:]]+[^a-z]?"']
      continue: true
    - receiver: r-unicode
      matchers: ['team=~"\\p{Greek}+|\\pL{2}"']
      continue: true
    - receiver: r-dot
      matchers: ['note=~"a.b"']
      continue: true
    - receiver: r-dotall
      matchers: ['note=~"(?s)a.c"']
      continue: true
    - receiver: r-quote
      matchers: ['note=~"\\Q1+1\\E|x{2,3}?"']
      continue: true
    - receiver: r-fold
      matchers: ['team=~"(?i)k|s|(?-i:Zz)"']
      continue: true
    - receiver: r-old
      match_re: {service: 'web.*|mysql', env: '(prod|dev)?'}
      continue: true
    - receiver: r-not
      matchers: ['service!~"(?i:API).*"', 'note!~"\\\\w+"']
      continue: true
    - receiver: r-escapes
      matchers: ['note=~"quo\\"te|back\\\\\\\\slash|comma,here"']
receivers: [{name: r0}, {name: r-case}, {name: r-posix}, {name: r-unicode}, {name: r-dot}, {name: r-dotall}, {name: r-quote}, {name: r-fold}, {name: r-old}, {name: r-not}, {name: r-escapes}]
`,
  nested: `
route:
  receiver: root
  group_by: [namespace]
  routes:
    - receiver: ns
      matchers: ['namespace=~"kube-.*|monitoring"']
      routes:
        - receiver: ns-crit
          matchers: ['{severity="critical", team=""}']
        - receiver: ns-team
          matchers: ['team!~""']
          continue: true
          routes:
            - matchers: [severity=warning]
              receiver: ns-team-warn
            - matchers: ['alertname=~"High.*"']
        - receiver: ns-any
          matchers: ['alertname!="Watchdog"']
    - receiver: no-team
      matchers: ['team=""']
      continue: true
    - receiver: fallthrough
      matchers: ['severity=~"warning|info"']
      group_by: []
receivers: [{name: root}, {name: ns}, {name: ns-crit}, {name: ns-team}, {name: ns-team-warn}, {name: ns-any}, {name: no-team}, {name: fallthrough}]
`,
};

/** Label names and values each tree routes on; random label sets draw from them and from short odd strings. */
const pools: Readonly<Record<string, { names: string[]; values: string[] }>> = {
  docs: {
    names: ["service", "severity", "region", "team", "env", "alertname"],
    values: [
      "mysql",
      "postgres",
      "cassandra",
      "foo1",
      "foo2",
      "baz",
      "foo3",
      "critical",
      "warning",
      "eu",
      "x",
      "dev",
      "prod",
    ],
  },
  continues: {
    names: ["category", "severity", "alertname"],
    values: ["security", "other", "critical", "crit", "crit-ish", "xcrit", "info", "warning", ""],
  },
  regexes: {
    names: ["service", "team", "note", "env"],
    values: [
      ...[
        "api-1",
        "API-22",
        "Api-x",
        "api-",
        "web",
        "webserver",
        "mysql",
        "ΑΒΓ",
        "ab",
        "a1",
        "Zz",
        "zz",
        "ZZ",
      ],
      ...[
        "a\nb",
        "a\nc",
        "abc",
        "axc",
        "1+1",
        "xx",
        "xxx",
        "xxxx",
        "K",
        "k",
        "\u212a",
        "ſ",
        "s",
        "S",
        "prod",
      ],
      ...['quo"te', "back\\\\slash", "back\\slash", "comma,here", " sp ", "dev", "", "__"],
    ],
  },
  nested: {
    names: ["namespace", "severity", "team", "alertname"],
    values: [
      "kube-system",
      "kube-dns",
      "monitoring",
      "default",
      "critical",
      "warning",
      "info",
      "a",
      "",
      "Watchdog",
      "HighLatency",
    ],
  },
};

const oddChars = [
  "a",
  "b",
  "c",
  "x",
  "1",
  "-",
  "\n",
  "K",
  "k",
  "\u212a",
  "ſ",
  "s",
  "Α",
  '"',
  "\\",
  ",",
  " ",
  "+",
  "_",
];

/** Random label sets for one tree, the same on every run (fixed seed). */
function randomLabelSets(tree: string): Record<string, string>[] {
  const { names, values } = pools[tree]!;
  const value = fc.oneof(
    fc.constantFrom(...values),
    fc.string({ unit: fc.constantFrom(...oddChars), maxLength: 5 }),
  );
  return fc.sample(fc.dictionary(fc.constantFrom(...names), value, { maxKeys: names.length }), {
    seed: 20250425,
    numRuns: 120,
  });
}

const fixed: Record<string, string>[] = [
  {},
  { service: "mysql", severity: "critical" },
  { service: "mysql", severity: "critical", region: "eu" },
  { service: "foo2", severity: "critical" },
  { team: "x", env: "prod" },
  { team: "x", env: "dev" },
  { category: "security", severity: "critical" },
  { category: "security", severity: "info" },
  { severity: "" },
  { namespace: "kube-system", severity: "critical" },
  { namespace: "monitoring", team: "a", severity: "warning" },
  { namespace: "monitoring", team: "a", alertname: "HighLatency" },
  { namespace: "kube-dns", alertname: "Watchdog" },
];

/** A label as an amtool argument: `name="value"` with the escapes its matcher parser undoes. */
function labelArg(name: string, value: string): string {
  return `${name}="${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("amtool", args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function inPool<T, R>(
  items: readonly T[],
  width: number,
  f: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return out;
}

function writeConfig(name: string, text: string): string {
  const file = join(dir, `${name}.yml`);
  writeFileSync(file, text);
  return file;
}

describe("routing agrees with amtool config routes test (Alertmanager 0.25)", () => {
  it("has amtool 0.25 on PATH", () => {
    const v = spawnSync("amtool", ["--version"], { encoding: "utf8" });
    expect(v.error).toBeUndefined();
    expect(`${v.stdout}${v.stderr}`).toContain("version 0.25");
  });

  for (const [name, text] of Object.entries(trees)) {
    it(`routes ${fixed.length} fixed and 120 random label sets through the ${name} tree as amtool does`, async () => {
      const file = writeConfig(name, text);
      const doc = parse(text) as { route: unknown; receivers: { name: string }[] };
      const tree = parseRouteTree(doc.route, { receivers: doc.receivers.map((r) => r.name) });
      expect(tree.issues).toEqual([]);
      const cases = [...fixed, ...randomLabelSets(name)];
      const theirs = await inPool(cases, 8, async (labels) => {
        const args = Object.entries(labels).map(([k, v]) => labelArg(k, v));
        const out = await run(["config", "routes", "test", `--config.file=${file}`, ...args]);
        expect(out.code, out.stderr).toBe(0);
        return out.stdout.split("\n")[0];
      });
      const ours = cases.map((labels) =>
        routeAlert(tree.value!, labels)
          .map((r) => r.receiver)
          .join(","),
      );
      const mismatches = cases.flatMap((labels, i) =>
        ours[i] === theirs[i] ? [] : [{ labels, amtool: theirs[i], netward: ours[i] }],
      );
      expect(mismatches).toEqual([]);
    });
  }
});

/** Route trees Alertmanager accepts (true) or rejects (false), each checked with `amtool check-config`. */
const validity: readonly (readonly [string, boolean])[] = [
  ["receiver: r\ncontinue: true", false],
  ["receiver: r\nmatchers: [a=b]", false],
  ["routes: [{receiver: r}]", false],
  ["receiver: r\nrecevier: r", false],
  ["receiver: r\ngroup_by: ['...', a]", false],
  ["receiver: r\ngroup_by: [a, a]", false],
  ["receiver: r\ngroup_by: [a-b]", false],
  ["receiver: r\ngroup_interval: 0s", false],
  ["receiver: r\nrepeat_interval: 0", false],
  ["receiver: r\ngroup_wait: 0s", true],
  ["receiver: r\ngroup_wait: 1h30m", true],
  ["receiver: r\ngroup_wait: 1.5h", false],
  ["receiver: r\nroutes: [{receiver: nope}]", false],
  ["receiver: r\nroutes: [{match: {bad-name: x}}]", false],
  ["receiver: r\nroutes: [{match_re: {a: '('}}]", false],
  ["receiver: r\nroutes: [{matchers: ['a=~\"(?=x)\"']}]", false],
  ["receiver: r\nroutes: [{matchers: ['a=~\"(?<n>x)\"']}]", false],
  ["receiver: r\nroutes: [{matchers: ['a=~\"(?P<n>x)\"']}]", true],
  ["receiver: r\nroutes: [{matchers: ['a=~\"x{1001}\"']}]", false],
  ["receiver: r\nroutes: [{matchers: ['a=~\"x{1000}\"']}]", true],
  ["receiver: r\nroutes: [{matchers: ['a=~\"a**\"']}]", false],
  ["receiver: r\nroutes: [{matchers: ['a=~\"[z-a]\"']}]", false],
  ["receiver: r\nroutes: [{matchers: ['a=~\"\\\\1\"']}]", false],
  ["receiver: r\nroutes: [{matchers: ['a=~\"\\\\Z\"']}]", false],
  ["receiver: r\nroutes: [{matchers: ['a=~\"[[:foo:]]\"']}]", false],
  ["receiver: r\nroutes: [{matchers: ['a=~\"\\\\p{Klingon}\"']}]", false],
  ['receiver: r\nroutes: [{matchers: [\'a="b"c"\']}]', false],
  ["receiver: r\nroutes: [{matchers: ['{a=b,,c=d}']}]", false],
  ["receiver: r\nroutes: [{matchers: ['a=b, ']}]", true],
  ["receiver: r\nroutes: [{matchers: ['a b']}]", false],
  ["receiver: r\nroutes: [{matchers: ['1a=b']}]", false],
  ["receiver: r\nroutes: [{matchers: [':a:=b']}]", true],
  ["receiver: r\nroutes: [{matchers: ['a=~\"(?-)a\"']}]", false],
  ["receiver: r\nroutes: [{matchers: ['a=~\"(?#c)\"']}]", false],
  ["receiver: r\nroutes: [{matchers: ['a=~\"\\\\x{110000}\"']}]", false],
  ["receiver: r\nroutes: [{matchers: ['a=~\"(?i-s:a)(?U)b+?(?m)^*\"']}]", true],
  ["receiver: r\nroutes: [{matchers: ['a=~\"(?P<n>a)(?P<n>b)a{,2}\"']}]", true],
];

describe("validation agrees with amtool check-config", () => {
  it("accepts and rejects the same route trees", async () => {
    const results = await inPool(validity, 8, async ([route], i) => {
      const text = `route:\n${route.replace(/^/gm, "  ")}\nreceivers: [{name: r}]\n`;
      const file = writeConfig(`validity-${i}`, text);
      const out = await run(["check-config", file]);
      const ours = parseRouteTree((parse(text) as { route: unknown }).route, { receivers: ["r"] });
      return { route, amtool: out.code === 0, netward: ours.value !== undefined, issues: ours.issues };
    });
    for (const r of results)
      expect({ route: r.route, amtool: r.amtool }).toEqual({ route: r.route, amtool: r.netward });
    expect(results.map((r) => r.amtool)).toEqual(validity.map(([, ok]) => ok));
  });
});
