// Tests for GET /api/config: the effective config with its secrets redacted, and 404 from a server given none.
import { describe, expect, it } from "vitest";
import { createApp } from "../http/app.js";
import { SnapshotState } from "../http/snapshot-state.js";
import { defaultConfig, effectiveConfig } from "./effective-config.js";

const secret = "https://hooks.slack.com/services/T1/B1/s3cr3t";
const options = {
  state: new SnapshotState("v3.31"),
  token: "t".repeat(32),
  version: "test",
  log: () => undefined,
};

describe("GET /api/config", () => {
  it("answers the config with each secret redacted", async () => {
    const config = effectiveConfig(defaultConfig("h"), {
      manifests: ["m"],
      alerting: { receivers: [{ name: "s", slack: { apiURL: secret } }] },
    });
    const response = await createApp({ ...options, config }).request("/api/config");
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain("s3cr3t");
    expect(JSON.parse(text)).toEqual({
      ok: true,
      data: {
        ...config,
        alerting: { ...config.alerting, receivers: [{ name: "s", slack: { apiURL: "<redacted>" } }] },
      },
    });
  });

  it("is not found on a server without a config", async () => {
    const response = await createApp(options).request("/api/config");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      ok: false,
      error: { type: "not_found", message: "this server has no config to show" },
    });
  });
});
