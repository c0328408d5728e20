// Tests for `netward serve --config`: the file is validated before anything starts, flags override it, and no answer or log line shows a secret.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "./cli.testkit.js";
import { server, stopServers } from "./serve.testkit.js";

const dir = mkdtempSync(join(tmpdir(), "netward-serve-config-"));
afterAll(() => {
  stopServers();
  rmSync(dir, { recursive: true, force: true });
});

const token = "tok-0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const slackURL = "https://hooks.slack.com/services/T0AAA1111/B0BBB2222/slackTokenZ9y8X7w6";
const smtpPassword = "smtp-Pa55word-q7";
const webhookURL = "https://alerts:hookPa55-k2@hooks.example.com/netward?key=webhookKey-m3";
/** Every secret, and the parts of the URLs that are secrets by themselves. */
const secrets = [
  token,
  slackURL,
  "slackTokenZ9y8X7w6",
  smtpPassword,
  webhookURL,
  "hookPa55-k2",
  "webhookKey-m3",
];

const config = `# netward serve config with secrets
listen:
  host: 127.0.0.1
  port: 7711
data: state
tokenFile: api-token
manifests:
  - ${join(repoRoot, "examples/shop")}
namespace: shop
metrics: {instance: test-instance, seriesCap: 100}
alerting:
  receivers:
    - name: team-slack
      slack:
        apiURL: ${slackURL}
    - name: oncall-mail
      email:
        smarthost: smtp.example.com:587
        from: netward@example.com
        to: oncall@example.com
        authUsername: netward
        authPassword: ${smtpPassword}
    - name: hook
      webhook:
        url: ${webhookURL}
`;

describe("netward serve --config", () => {
  it("serves the file's manifests, lets --port override listen.port, and shows secrets only as <redacted>", async () => {
    const file = join(dir, "netward.yaml");
    writeFileSync(file, config);
    writeFileSync(join(dir, "api-token"), `${token}\n`, { mode: 0o600 });
    const s = server("--config", file, "--port", "0");
    await s.until("listening", () => s.url() !== "");
    expect(s.url()).not.toMatch(/:7711\/$/);
    expect(existsSync(join(dir, "state"))).toBe(true);

    const answers: string[] = [];
    const get = async (path: string, init?: RequestInit) => {
      const response = await fetch(`${s.url()}${path}`, init);
      const text = await response.text();
      answers.push(text);
      return { status: response.status, body: JSON.parse(text) as { ok: boolean; data?: unknown } };
    };
    const shown = await get("api/config");
    expect(shown.status).toBe(200);
    expect(shown.body.data).toMatchObject({
      listen: { host: "127.0.0.1", port: 0 },
      data: join(dir, "state"),
      tokenFile: join(dir, "api-token"),
      namespace: "shop",
      metrics: { instance: "test-instance", seriesCap: 100 },
      alerting: {
        receivers: [
          { name: "team-slack", slack: { apiURL: "<redacted>" } },
          {
            name: "oncall-mail",
            email: {
              smarthost: "smtp.example.com:587",
              from: "netward@example.com",
              to: "oncall@example.com",
              authUsername: "netward",
              authPassword: "<redacted>",
            },
          },
          { name: "hook", webhook: { url: "<redacted>" } },
        ],
      },
    });
    expect((await get("api/health")).status).toBe(200);
    expect((await get("api/ready")).status).toBe(200);
    expect((await get("api/snapshot")).status).toBe(200);
    expect((await get("api/no-such-route")).status).toBe(404);
    expect((await get("api/flows", { method: "POST", body: slackURL })).status).toBe(401);
    const badEval = await get("api/eval", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"from": "${smtpPassword}`,
    });
    expect(badEval.status).toBe(400);
    const evaluated = await get("api/eval", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: "shop/storefront", to: "shop/checkout-api", port: "tcp/9090" }),
    });
    expect(evaluated.status).toBe(200);

    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);
    expect(s.out.stderr).toContain(`config read from ${file}`);
    for (const secret of secrets) {
      for (const answer of answers) expect(answer).not.toContain(secret);
      expect(s.out.stdout).not.toContain(secret);
      expect(s.out.stderr).not.toContain(secret);
    }
  });

  it("reports every problem of a bad file with its line, without the secret values, and starts nothing", async () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(
      file,
      [
        "lisen: {port: 8080}",
        "data: bad-state",
        "alerting:",
        "  receivers:",
        "    - name: hook",
        "      webhook: {url: 'ftp://alerts:hookPa55-k2@hooks.example.com/netward'}",
        "    - name: mail",
        "      email: {smarthost: 'smtp:25', from: a@b, to: c@d, authPassword: 'smtp-Pa55word-q7'}",
        "    - name: slack",
        "      slack: {apiURL: 'hooks.slack.com/services/T0AAA1111/B0BBB2222/slackTokenZ9y8X7w6'}",
        "syslog: {udpPort: 70000}",
      ].join("\n"),
    );
    const s = server("--config", file, join(repoRoot, "examples/shop"));
    expect(await s.exited).toBe(2);
    expect(s.out.stdout).toBe("");
    expect(s.out.stderr.split("\n")).toEqual([
      `${file}:1:1: error: unknown field lisen, did you mean listen? (fix: rename lisen to listen)`,
      `${file}:6:22: error: alerting.receivers[0].webhook.url is not an http(s) URL`,
      `${file}:8:57: error: alerting.receivers[1].email has authPassword but no authUsername (fix: add authUsername)`,
      `${file}:10:23: error: alerting.receivers[2].slack.apiURL is not an http(s) URL`,
      `${file}:11:19: error: syslog.udpPort must be 0-65535, not 70000`,
      `5 errors in ${file}; nothing started`,
      "",
    ]);
    expect(existsSync(join(dir, "bad-state"))).toBe(false);
    for (const secret of secrets) expect(s.out.stderr).not.toContain(secret);
  });

  it("needs manifests from the paths or the file", async () => {
    const file = join(dir, "empty.yaml");
    writeFileSync(file, "# nothing\n");
    const s = server("--config", file, "--port", "0");
    expect(await s.exited).toBe(2);
    expect(s.out.stderr).toMatch(
      /^error: name the manifests to serve: give their paths, or list them under manifests: in --config\n$/,
    );
  });
});
