// Tests for netward.yaml's `alerting:` section: a full section loads and resolves, each problem is reported at its field.
import { describe, expect, it } from "vitest";
import { createApp } from "../http/app.js";
import { SnapshotState } from "../http/snapshot-state.js";
import { alertingSetup } from "./alerting-setup.js";
import { parsePath } from "./check-config.js";
import { defaultConfig, effectiveConfig } from "./effective-config.js";
import { parseConfig } from "./load-config.js";
import { secretValues } from "./redact.js";

const amURL = "https://user:am-pw0rd@am-2.example.com/";

const full = `alerting:
  externalURL: https://netward.example.com
  receivers:
    - name: team-slack
      slack: {apiURL: 'https://hooks.slack.com/services/T0/B0/abc', channel: '#alerts', username: netward, sendResolved: true}
    - name: oncall-mail
      email: {smarthost: 'smtp.example.com:587', from: a@example.com, to: b@example.com, requireTLS: false, sendResolved: true}
    - name: hook
      webhook: {url: 'https://hooks.example.com/x', sendResolved: false}
    - name: upstream
      alertmanager: {urls: ['http://am-1:9093', '${amURL}']}
    - name: drop
  route:
    receiver: team-slack
    group_by: [alertname]
    group_wait: 10s
    routes:
      - matchers: ['severity="critical"']
        receiver: oncall-mail
        continue: true
        group_by: ['...']
      - match: {team: db}
        match_re: {namespace: 'shop|db-.*'}
        receiver: hook
        repeat_interval: 1h
        routes:
          - receiver: upstream
            matchers: ['env!="test"']
  inhibit_rules:
    - source_matchers: ['severity="critical"']
      target_matchers: ['severity=~"warning|info"']
      source_match: {alertname: deny-spike}
      target_match_re: {namespace: 'shop.*'}
      equal: [namespace]
  rules:
    - apiVersion: projectcalico.org/v3
      kind: GlobalAlert
      metadata: {name: deny-spike}
      spec:
        description: 'denied flows from \${source_namespace}'
        severity: 80
        dataSet: flows
        query: action=deny
        aggregateBy: [source_namespace]
        metric: count
        condition: gt
        threshold: 10
        labels: {severity: critical}
    - apiVersion: projectcalico.org/v3
      kind: GlobalAlert
      metadata: {name: any-deny}
      spec: {description: any denial, severity: 50, dataSet: flows, query: action=deny, mode: streaming}
`;

describe("a full alerting section", () => {
  const { value, issues } = parseConfig(full, "netward.yaml");
  const config = effectiveConfig(defaultConfig("h"), value);

  it("loads without issues and resolves into rules, a route tree and inhibit rules", () => {
    expect(issues).toEqual([]);
    const setup = alertingSetup(config.alerting);
    expect(setup.rules.map((r) => [r.name, r.mode, r.metric, r.labels])).toEqual([
      ["deny-spike", "periodic", "count", { severity: "critical" }],
      ["any-deny", "streaming", undefined, {}],
    ]);
    expect(setup.route).toMatchObject({
      receiver: "team-slack",
      groupBy: ["alertname"],
      groupWaitMs: 10_000,
      routes: [
        {
          receiver: "oncall-mail",
          continue: true,
          groupByAll: true,
          matchers: [{ name: "severity", type: "=", value: "critical" }],
        },
        {
          receiver: "hook",
          groupBy: ["alertname"],
          groupWaitMs: 10_000,
          repeatIntervalMs: 3_600_000,
          matchers: [
            { name: "namespace", type: "=~", value: "^(?:shop|db-.*)$" },
            { name: "team", type: "=", value: "db" },
          ],
          routes: [{ receiver: "upstream", matchers: [{ name: "env", type: "!=", value: "test" }] }],
        },
      ],
    });
    expect(setup.inhibitRules).toEqual([
      {
        source_matchers: [{ name: "severity", type: "=", value: "critical" }],
        target_matchers: [{ name: "severity", type: "=~", value: "warning|info" }],
        source_match: { alertname: "deny-spike" },
        target_match_re: { namespace: "shop.*" },
        equal: ["namespace"],
      },
    ]);
    expect(setup.receivers.map((r) => r.name)).toEqual([
      "team-slack",
      "oncall-mail",
      "hook",
      "upstream",
      "drop",
    ]);
    expect(setup.externalURL).toBe("https://netward.example.com");
  });

  it("is shown by GET /api/config with the route tree as written and Alertmanager URLs redacted", async () => {
    const app = createApp({
      state: new SnapshotState("v3.31"),
      token: "t".repeat(32),
      version: "test",
      log: () => undefined,
      config,
    });
    const text = await (await app.request("/api/config")).text();
    expect(text).not.toContain("am-pw0rd");
    const shown = (JSON.parse(text) as { data: typeof config }).data.alerting;
    expect(shown.route).toEqual(config.alerting.route);
    expect(shown.inhibit_rules).toEqual(config.alerting.inhibit_rules);
    expect(shown.rules).toEqual(config.alerting.rules);
    expect(shown.receivers[3]).toEqual({
      name: "upstream",
      alertmanager: { urls: ["<redacted>", "<redacted>"] },
    });
    expect(secretValues(config, "t".repeat(32))).toContain(amURL);
  });
});

/** The issues of an alerting section as `line:column severity code message`, plus the fix when there is one. */
function problems(lines: string[]): string[] {
  return parseConfig(["alerting:", ...lines.map((l) => `  ${l}`)].join("\n"), "netward.yaml").issues.map(
    (i) =>
      `${i.line}:${i.column} ${i.severity} ${i.code} ${i.message}${i.fix === undefined ? "" : ` | ${i.fix}`}`,
  );
}

const receivers = "receivers: [{name: r}]";
const rule = (name: string, spec = ""): string =>
  `- {apiVersion: projectcalico.org/v3, kind: GlobalAlert, metadata: {name: ${name}}, spec: {description: d, severity: 1, dataSet: flows${spec}}}`;

describe("alerting problems", () => {
  it.each([
    [
      "a misspelt route key",
      [receivers, "route:", "  receiver: r", "  group_wiat: 30s"],
      [
        "5:5 error unknown-field field group_wiat not found in Alertmanager's route | rename group_wiat to group_wait",
      ],
    ],
    [
      "a bad duration",
      [receivers, "route: {receiver: r, group_interval: soon}"],
      ['3:40 error invalid-value not a valid duration string: "soon"'],
    ],
    [
      "an undefined receiver in a nested route",
      [receivers, "route:", "  receiver: r", "  routes:", "    - receiver: nobody"],
      ['6:19 error unknown-receiver undefined receiver "nobody" used in route'],
    ],
    [
      "a root route without a receiver",
      [receivers, "route:", "  group_wait: 1m"],
      ["3:3 error missing-field root route must specify a default receiver"],
    ],
    [
      "a bad matcher in an inhibit rule",
      ["inhibit_rules:", "  - source_matchers: ['a=\"b\"', 'severity: critical']"],
      [
        '3:34 error invalid-matcher alerting.inhibit_rules[0].source_matchers[1] is not a matcher: bad matcher format: severity: critical | write it as label, operator, value, e.g. severity="critical" or team=~"db|web"',
      ],
    ],
    [
      "a bad regular expression in an inhibit rule",
      ["inhibit_rules:", "  - target_match_re: {namespace: 'shop(', team: ok}"],
      [
        "3:36 error invalid-matcher target_match_re.namespace is not a regular expression: error parsing regexp: missing closing ): `^(?:shop()$`",
      ],
    ],
    [
      "a misspelt inhibit rule key",
      ["inhibit_rules:", "  - {source_match: {a: b}, equals: [a]}"],
      [
        "3:30 error unknown-field unknown field equals in alerting.inhibit_rules[0], did you mean equal? | rename equals to equal",
      ],
    ],
    [
      "a bad GlobalAlert field",
      [receivers, "route: {receiver: r}", "rules:", `  ${rule("a", ", metric: median")}`],
      ["5:142 error invalid-value spec.metric must be one of avg, max, min, sum, count, not median"],
    ],
    [
      "a duplicate rule name",
      [receivers, "route: {receiver: r}", "rules:", `  ${rule("a")}`, `  ${rule("a")}`],
      [
        "6:78 error invalid-value alerting.rules[1].metadata.name is used by an earlier rule | give each rule its own name: it is the alertname label",
      ],
    ],
    [
      "rules without a route",
      [receivers, "rules:", `  ${rule("a")}`],
      [
        "3:3 error missing-field rules need alerting.route to say where notifications go | add a route such as `route: {receiver: <a receiver's name>}` to alerting",
      ],
    ],
    [
      "a quoted boolean",
      ["receivers:", "  - name: r", "    webhook: {url: 'https://x.example/', sendResolved: \"true\"}"],
      [
        "4:58 error wrong-type alerting.receivers[0].webhook.sendResolved must be a boolean, not a string | write true or false",
      ],
    ],
    [
      "an empty list of Alertmanagers",
      ["receivers:", "  - name: r", "    alertmanager: {urls: []}"],
      [
        "4:28 error invalid-value alerting.receivers[0].alertmanager.urls is empty | list at least an Alertmanager URL",
      ],
    ],
    [
      "an external URL that is not http(s)",
      ["externalURL: netward.example.com"],
      ["2:16 error invalid-value alerting.externalURL is not an http(s) URL"],
    ],
  ])("%s", (_name, lines, expected) => {
    expect(problems(lines)).toEqual(expected);
  });

  it("keeps a GlobalAlert warning a warning, and the config still loads", () => {
    const text = [
      "alerting:",
      `  ${receivers}`,
      "  route: {receiver: r}",
      "  rules:",
      `    ${rule("a", ", severty: 3")}`,
    ];
    const { value, issues } = parseConfig(text.join("\n"), "netward.yaml");
    expect(issues.map((i) => [i.line, i.column, i.severity, i.code, i.path, i.fix])).toEqual([
      [5, 134, "warning", "unknown-field", "alerting.rules[0].spec.severty", "rename severty to severity"],
    ]);
    expect(value.alerting?.rules).toHaveLength(1);
  });

  it("does not repeat an Alertmanager URL that holds a password", () => {
    const { issues } = parseConfig(
      "alerting:\n  receivers:\n    - name: r\n      alertmanager: {urls: ['ftp://u:s3cret@am.example.com']}\n",
      "f",
    );
    expect(issues.map((i) => i.message)).toEqual([
      "alerting.receivers[0].alertmanager.urls[0] is not an http(s) URL",
    ]);
    expect(JSON.stringify(issues)).not.toContain("s3cret");
  });
});

describe("effectiveConfig of alerting", () => {
  it("replaces each field a layer has as a whole and keeps the others", () => {
    const first = {
      receivers: [{ name: "a" }],
      rules: [{ r: 1 }],
      route: { receiver: "a" },
      externalURL: "http://x/",
    };
    const c = effectiveConfig(
      defaultConfig("h"),
      { alerting: first },
      { alerting: { rules: [], inhibit_rules: [{}] } },
    );
    expect(c.alerting).toEqual({ ...first, rules: [], inhibit_rules: [{}] });
    expect(effectiveConfig(defaultConfig("h")).alerting).toEqual({ receivers: [], rules: [] });
  });
});

describe("parsePath", () => {
  it.each([
    ["", []],
    [".receiver", ["receiver"]],
    ["routes[1].group_wait", ["routes", 1, "group_wait"]],
    ['spec.labels["odd key"].x', ["spec", "labels", "odd key", "x"]],
    ["spec.labels.bad key", ["spec", "labels", "bad"]],
  ])("reads %j", (text, path) => {
    expect(parsePath(text)).toEqual(path);
  });
});
