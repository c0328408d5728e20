// Table tests for reading netward.yaml: positions, did-you-mean, types, ranges, secrets never echoed, every problem at once.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfigFile, parseConfig } from "./load-config.js";

/** The issues of a config text as `line:column code message`, plus the fix when there is one. */
function problems(text: string): string[] {
  return parseConfig(text, "netward.yaml").issues.map(
    (i) => `${i.line}:${i.column} ${i.code} ${i.message}${i.fix === undefined ? "" : ` | ${i.fix}`}`,
  );
}

describe("parseConfig", () => {
  it.each([
    ["an empty file", "", []],
    ["only comments", "# nothing yet\n", []],
    [
      "a sound config",
      "listen: {host: 0.0.0.0, port: 8080}\nreplay:\n  every: 5m\ncalicoVersion: v3.32\n",
      [],
    ],
    [
      "a misspelt top-level field",
      "lisen:\n  port: 80\n",
      ["1:1 unknown-field unknown field lisen, did you mean listen? | rename lisen to listen"],
    ],
    [
      "a field in the wrong case",
      "listen:\n  Port: 80\n",
      ["2:3 unknown-field unknown field Port in listen, did you mean port? | rename Port to port"],
    ],
    [
      "a field nothing is close to",
      "frobnicate: 1\n",
      [
        expect.stringMatching(
          /^1:1 unknown-field unknown field frobnicate \| remove it; known fields: listen, data, /,
        ),
      ],
    ],
    [
      "a quoted port",
      'listen:\n  port: "80"\n',
      ["2:9 wrong-type listen.port must be an integer, not a string | remove the quotes"],
    ],
    [
      "a port out of range",
      "listen: {port: 70000}\n",
      ["1:16 invalid-value listen.port must be 0-65535, not 70000"],
    ],
    [
      "a negative syslog port",
      "syslog:\n  udpPort: -1\n",
      ["2:12 invalid-value syslog.udpPort must be 0-65535, not -1"],
    ],
    [
      "a small body limit",
      "maxBodyBytes: 10\n",
      ["1:15 invalid-value maxBodyBytes must be at least 1024, not 10"],
    ],
    [
      "a bad duration",
      "replay:\n  every: 10 seconds\n",
      ["2:10 invalid-value replay.every must be a duration such as 10s, 5m, 1h or 7d"],
    ],
    [
      "manifests as one string",
      "manifests: ./shop\n",
      [
        "1:12 wrong-type manifests must be a list, not a string | write it as a list (prefix each item with `- `)",
      ],
    ],
    ["an empty list item", "manifests:\n  - a\n  -\n", ["3:4 wrong-type manifests[1] is an empty list item"]],
    [
      "a misspelt Calico version",
      "calicoVersion: v3.3\n",
      ["1:16 invalid-value calicoVersion must be one of v3.31, v3.32 | did you mean v3.31?"],
    ],
    [
      "a bad namespace",
      "namespace: Shop_1\n",
      [
        "1:12 invalid-value namespace is not a namespace name | use lowercase letters, digits and -, at most 63 characters",
      ],
    ],
    [
      "a number for a string",
      "metrics: {instance: 7}\n",
      ["1:21 wrong-type metrics.instance must be a string, not an integer | quote the value"],
    ],
    ["a list for a section", "listen: [1]\n", ["1:9 wrong-type listen must be a mapping, not a list"]],
    ["a list for the whole file", "- a\n", ["1:1 wrong-type the config must be a mapping, not a list"]],
    ["a YAML syntax error", "listen: {port: 1\n", [expect.stringMatching(/^\d+:\d+ yaml-syntax /)]],
    [
      "a duplicate key",
      "data: a\ndata: b\n",
      [expect.stringMatching(/^2:1 duplicate-key key "data" appears twice/)],
    ],
    [
      "two documents",
      "data: a\n---\ndata: b\n",
      [
        "3:1 invalid-value a config file holds one YAML document; this file has 2 | remove the --- separators and merge the documents",
      ],
    ],
  ])("%s", (_name, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });

  it("reports every problem at once, in file order", () => {
    const text = [
      "lisen: {}",
      "listen:",
      '  port: "x"',
      "replay:",
      "  every: soon",
      "syslog: {tcpPort: 99999}",
    ].join("\n");
    expect(problems(text).map((p) => p.split(" ").slice(0, 2).join(" "))).toEqual([
      "1:1 unknown-field",
      "3:9 wrong-type",
      "5:10 invalid-value",
      "6:19 invalid-value",
    ]);
    expect(parseConfig(text, "netward.yaml").issues.every((i) => i.file === "netward.yaml")).toBe(true);
  });

  it("keeps the value only when there are no errors, and reads `field:` with nothing as absent", () => {
    expect(parseConfig("listen:\n  port: 1\n  host:\nmanifests: [a, b]\n", "f").value).toEqual({
      listen: { port: 1 },
      manifests: ["a", "b"],
    });
    expect(parseConfig("listen: {port: 70000}\ndata: d\n", "f").value).toEqual({});
  });
});

describe("alerting receivers", () => {
  const receivers = (lines: string[]) =>
    problems(["alerting:", "  receivers:", ...lines.map((l) => `    ${l}`)].join("\n"));

  it("accept Slack, email and webhook receivers", () => {
    expect(
      receivers([
        "- name: team",
        "  slack: {apiURL: 'https://hooks.slack.com/services/T0/B0/abc'}",
        "- name: mail",
        "  email: {smarthost: 'smtp.example.com:587', from: a@example.com, to: 'b@example.com, c@example.com', authUsername: u, authPassword: p}",
        "- name: hook",
        "  webhook: {url: 'https://user:pw@hooks.example.com/x'}",
      ]),
    ).toEqual([]);
  });

  it.each([
    [
      "a receiver without a name",
      ["- slack: {apiURL: 'https://x.example/'}"],
      ["3:7 missing-field alerting.receivers[0] has no name"],
    ],
    [
      "a duplicate name",
      ["- name: a", "- name: a"],
      ["4:13 invalid-value alerting.receivers[1].name is used by an earlier receiver"],
    ],
    [
      "a misspelt integration",
      ["- name: a", "  Slack: {apiURL: 'https://x.example/'}"],
      [
        "4:7 unknown-field unknown field Slack in alerting.receivers[0], did you mean slack? | rename Slack to slack",
      ],
    ],
    [
      "a misspelt secret field",
      ["- name: a", "  email: {smarthost: 'h:25', from: a@b, to: c@d, authPasword: hunter2}"],
      [
        expect.stringMatching(
          /^4:54 unknown-field unknown field authPasword in alerting\.receivers\[0\]\.email, did you mean authPassword\?/,
        ),
      ],
    ],
    [
      "a password without a user",
      ["- name: a", "  email: {smarthost: 'h:25', from: a@b, to: c@d, authPassword: hunter2}"],
      [
        "4:54 conflicting-fields alerting.receivers[0].email has authPassword but no authUsername | add authUsername",
      ],
    ],
    [
      "a smarthost without a port",
      ["- name: a", "  email: {smarthost: smtp.example.com, from: a@b, to: c@d}"],
      ["4:26 invalid-value alerting.receivers[0].email.smarthost must be host:port with a port 0-65535"],
    ],
    [
      "a bad address",
      ["- name: a", "  email: {smarthost: 'h:25', from: nobody, to: c@d}"],
      [
        "4:40 invalid-value alerting.receivers[0].email.from must be a mail address (several: separate them with commas)",
      ],
    ],
    [
      "email without its required fields",
      ["- name: a", "  email: {}"],
      [
        "4:7 missing-field alerting.receivers[0].email has no smarthost",
        "4:7 missing-field alerting.receivers[0].email has no from",
        "4:7 missing-field alerting.receivers[0].email has no to",
      ],
    ],
  ])("%s", (_name, lines, expected) => {
    expect(receivers(lines)).toEqual(expected);
  });

  it.each([
    [
      "a webhook URL that is not http(s)",
      "webhook: {url: 'ftp://admin:s3cret-pw@files.example.com/drop'}",
      "s3cret-pw",
      "alerting.receivers[0].webhook.url is not an http(s) URL",
    ],
    [
      "a Slack URL that does not parse",
      "slack: {apiURL: 'hooks.slack.com/services/T0/B0/xoxb-secret-token'}",
      "xoxb-secret-token",
      "alerting.receivers[0].slack.apiURL is not an http(s) URL",
    ],
    [
      "a password of the wrong type",
      "email: {smarthost: 'h:25', from: a@b, to: c@d, authUsername: u, authPassword: 987654321}",
      "987654321",
      "alerting.receivers[0].email.authPassword must be a string, not an integer",
    ],
    [
      "a secret under a key no schema knows",
      "webhook: {url: 'https://x.example/', 'https://leak.example/tok3n': 1}",
      "tok3n",
      "unknown field in alerting.receivers[0].webhook",
    ],
  ])("report %s at its line without the value", (_name, line, secretPart, message) => {
    const issues = parseConfig(
      `alerting:\n  receivers:\n    - name: r\n      ${line}\n`,
      "netward.yaml",
    ).issues;
    expect(issues.map((i) => [i.line, i.message])).toEqual([[4, message]]);
    expect(JSON.stringify(issues)).not.toContain(secretPart);
  });

  it("does not repeat a secret written where a name belongs", () => {
    const issues = parseConfig("alerting:\n  receivers:\n    - name: [p4ssw0rd-in-a-list]\n", "f").issues;
    expect(issues.map((i) => [i.line, i.message])).toEqual([
      [3, "alerting.receivers[0].name must be a string, not a list"],
    ]);
    expect(JSON.stringify(issues)).not.toContain("p4ssw0rd");
  });
});

describe("loadConfigFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "netward-config-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("resolves the file's relative paths against its folder, and leaves absolute ones", async () => {
    const file = join(dir, "netward.yaml");
    writeFileSync(
      file,
      "data: state\ntokenFile: /etc/netward/token\nmanifests: [shop, /srv/m]\nreplay: {files: [f.jsonl], every: 1m}\n",
    );
    expect((await loadConfigFile(file)).value).toEqual({
      data: join(dir, "state"),
      tokenFile: "/etc/netward/token",
      manifests: [join(dir, "shop"), "/srv/m"],
      replay: { files: [join(dir, "f.jsonl")], every: "1m" },
    });
  });

  it("reports a file it cannot read", async () => {
    const { issues } = await loadConfigFile(join(dir, "missing.yaml"));
    expect(issues).toEqual([
      {
        code: "read-error",
        severity: "error",
        message: `cannot read ${join(dir, "missing.yaml")}: no such file or directory`,
        file: join(dir, "missing.yaml"),
      },
    ]);
  });
});
