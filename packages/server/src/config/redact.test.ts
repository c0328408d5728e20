// Tests for keeping secrets out: the redacted config keeps its shape, and log lines lose every secret and its parts.
import { describe, expect, it } from "vitest";
import { defaultConfig, effectiveConfig } from "./effective-config.js";
import { redactConfig, secretScrubber, secretValues } from "./redact.js";
import { REDACTED, type ServeConfig } from "./serve-config.js";

const slack = "https://hooks.slack.com/services/T0001/B0001/xoxbSECRET";
const password = "smtp-p@ss";
const hook = "https://alert:h%40ok-pass@hooks.example.com/notify?key=k3y";

const config: ServeConfig = effectiveConfig(defaultConfig("h"), {
  tokenFile: "/etc/netward/token",
  alerting: {
    receivers: [
      { name: "team", slack: { apiURL: slack } },
      {
        name: "mail",
        email: { smarthost: "smtp:587", from: "a@b", to: "c@d", authUsername: "u", authPassword: password },
      },
      { name: "hook", webhook: { url: hook } },
    ],
  },
});

describe("redactConfig", () => {
  it("replaces every secret and keeps everything else and the shape", () => {
    const shown = redactConfig(config);
    expect(shown).toEqual({
      ...config,
      alerting: {
        ...config.alerting,
        receivers: [
          { name: "team", slack: { apiURL: REDACTED } },
          {
            name: "mail",
            email: {
              smarthost: "smtp:587",
              from: "a@b",
              to: "c@d",
              authUsername: "u",
              authPassword: REDACTED,
            },
          },
          { name: "hook", webhook: { url: REDACTED } },
        ],
      },
    });
    expect(config.alerting.receivers[0]?.slack?.apiURL).toBe(slack);
  });

  it("redacts anything the schema does not know (it cannot tell whether it is a secret)", () => {
    const odd = { ...config, extra: "what is this" } as ServeConfig;
    expect(redactConfig(odd)).toMatchObject({ extra: REDACTED });
  });
});

describe("secretValues and secretScrubber", () => {
  const token = "0123456789abcdef0123456789abcdef";
  const scrub = secretScrubber(secretValues(config, token));

  it.each([
    ["the API token", `token ${token} read`],
    ["a whole Slack URL", `posting to ${slack} failed`],
    ["the token path of a Slack URL", "POST /services/T0001/B0001/xoxbSECRET: 404"],
    ["an SMTP password", `AUTH PLAIN u ${password}`],
    ["a webhook URL", `webhook ${hook} timed out`],
    ["a webhook password, decoded", "user alert with h@ok-pass refused"],
  ])("scrub %s from a log line", (_what, line) => {
    const out = scrub(line);
    for (const s of [token, slack, password, hook, "h@ok-pass", "h%40ok-pass", "xoxbSECRET", "k3y"])
      expect(out).not.toContain(s);
    expect(out).toContain(REDACTED);
  });

  it("scrubs a secret URL's query values wherever they appear", () => {
    const hooked = {
      ...config,
      alerting: {
        ...config.alerting,
        receivers: [{ name: "h", webhook: { url: "https://x.example/in?token=t0k3n-v4lue" } }],
      },
    };
    expect(secretScrubber(secretValues(hooked, token))("retrying with t0k3n-v4lue")).toBe(
      `retrying with ${REDACTED}`,
    );
  });

  it("leaves a short webhook path alone elsewhere in a line: it names the endpoint, it is no token", () => {
    const short = {
      ...config,
      alerting: {
        ...config.alerting,
        receivers: [{ name: "h", webhook: { url: "http://127.0.0.1:9/netward" } }],
      },
    };
    const line = "config read from /tmp/netward-bench/netward.yaml";
    expect(secretScrubber(secretValues(short, token))(line)).toBe(line);
  });

  it("leaves lines without secrets alone", () => {
    expect(scrub("snapshot loaded: 12 objects from 3 files")).toBe(
      "snapshot loaded: 12 objects from 3 files",
    );
  });
});
