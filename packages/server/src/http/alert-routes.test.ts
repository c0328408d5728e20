// Tests for the alerting API: alerts and history read freely, silences created and expired with the token, bad bodies named.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseGlobalAlert, parseRouteTree, type AlertRule } from "@netward/core";
import { afterAll, describe, expect, it } from "vitest";
import { AlertingService } from "../alerting/alerting-service.js";
import { ManualScheduler } from "../notify/scheduler.js";
import type { ApiError, ApiOk, SilenceView } from "./api-types.js";
import { createApp } from "./app.js";
import { SnapshotState } from "./snapshot-state.js";

const token = "t0ken-for-tests-0123456789";
const dir = mkdtempSync(join(tmpdir(), "netward-alert-api-"));
const rule: AlertRule = parseGlobalAlert({
  apiVersion: "projectcalico.org/v3",
  kind: "GlobalAlert",
  metadata: { name: "denied" },
  spec: { description: "d", severity: 50, dataSet: "flows", query: "action = deny", mode: "streaming" },
}).value!;
const clock = new ManualScheduler(Date.parse("2026-11-23T10:00:00Z"));
const alerting = new AlertingService({
  rules: [rule],
  route: parseRouteTree({ receiver: "none" }).value!,
  inhibitRules: [],
  receivers: [{ name: "none" }],
  dataDir: dir,
  externalURL: () => "http://netward.test",
  log: () => undefined,
  scheduler: clock,
});
const base = { state: new SnapshotState("v3.31"), token, version: "t", log: () => undefined };
const app = createApp({ ...base, alerting });
const off = createApp(base);
afterAll(async () => {
  await alerting.close(0);
  rmSync(dir, { recursive: true, force: true });
});

const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
const post = (body: unknown, headers: Record<string, string> = auth) =>
  app.request("/api/silences", { method: "POST", headers, body: JSON.stringify(body) });
const until = "2026-11-23T11:00:00Z";

describe("alerting API", () => {
  it("answers 404 with how to turn alerting on when it is off", async () => {
    const res = await off.request("/api/alerts");
    expect(res.status).toBe(404);
    expect(((await res.json()) as ApiError).error.message).toMatch(/alerting section with a route/);
  });

  it("lists alerts and history (empty at first) without a token", async () => {
    for (const path of ["/api/alerts", "/api/alerts/history", "/api/silences"]) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, data: [] });
    }
  });

  it("refuses an unknown alert state filter", async () => {
    const res = await app.request("/api/alerts?state=burning");
    expect(res.status).toBe(400);
    expect(((await res.json()) as ApiError).error.message).toMatch(/pending, firing or resolved/);
  });

  it("creates a silence only with the token, in either matcher form, and expires it", async () => {
    const matchers = [{ name: "alertname", value: "denied", isRegex: false }];
    expect((await post({ matchers, endsAt: until }, { "content-type": "application/json" })).status).toBe(
      401,
    );
    const res = await post({ matchers, endsAt: until, createdBy: "ops", comment: "deploy" });
    expect(res.status).toBe(201);
    const made = ((await res.json()) as ApiOk<SilenceView>).data;
    expect(made).toMatchObject({
      state: "active",
      createdBy: "ops",
      matchers: [{ name: "alertname", value: "denied", type: "=" }],
    });
    const typed = await post({ matchers: [{ name: "severity", value: "5.*", type: "=~" }], endsAt: until });
    expect(typed.status).toBe(201);
    const expire = (id: string, headers: Record<string, string> = auth) =>
      app.request(`/api/silences/${id}`, { method: "DELETE", headers });
    expect((await expire(made.id, {})).status).toBe(401);
    expect((await expire(made.id)).status).toBe(200);
    expect((await expire(made.id)).status).toBe(404);
    const list = ((await (await app.request("/api/silences")).json()) as ApiOk<SilenceView[]>).data;
    expect(list.map((s) => s.state)).toEqual(["expired", "active"]);
  });

  it.each([
    [{ endsAt: until }, /matchers must be a non-empty list/],
    [{ matchers: [{ name: "a" }], endsAt: until }, /matchers\[0\] needs a name and a value/],
    [{ matchers: [{ name: "a", value: "b", type: "==" }], endsAt: until }, /matchers\[0\]\.type/],
    [
      { matchers: [{ name: "a", value: "b", isRegex: false }], endsAt: "tomorrow" },
      /endsAt must be an RFC 3339/,
    ],
    [
      { matchers: [{ name: "a", value: "b", isRegex: false }], endsAt: until, author: "x" },
      /unknown field author/,
    ],
    [
      { matchers: [{ name: "a", value: "", isRegex: false }], endsAt: until },
      /must not match the empty string/,
    ],
    [{ matchers: [{ name: "a", value: "(", isRegex: true }], endsAt: until }, /./],
  ])("refuses a bad silence %j with a message naming what is wrong", async (body, message) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ApiError).error.message).toMatch(message);
  });
});
