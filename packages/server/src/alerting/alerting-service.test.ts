// Tests for alerting in a server: a streamed denial notified at once, resolved notices per send_resolved, silences, and a restart that resends nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseGlobalAlert, parseRouteTree, type AggregatedFlow, type AlertRule } from "@netward/core";
import { startHttpReceiver, type HttpReceiver } from "../e2e/http-receiver.testkit.js";
import { ManualScheduler } from "../notify/scheduler.js";
import { AlertingService, type AlertingOptions } from "./alerting-service.js";

/** A streaming rule alerting on every denial, by source namespace (its description as given). */
function deniedRule(description = "denied traffic"): AlertRule {
  const { value, issues } = parseGlobalAlert({
    apiVersion: "projectcalico.org/v3",
    kind: "GlobalAlert",
    metadata: { name: "denied-traffic" },
    spec: {
      summary: "denied from ${source_namespace}",
      description,
      severity: 80,
      dataSet: "flows",
      query: "action = deny",
      aggregateBy: ["source_namespace"],
      mode: "streaming",
      period: "1m",
      lookback: "2m",
    },
  });
  if (value === undefined) throw new Error(JSON.stringify(issues));
  return value;
}

/** A deny record from `src` to the database at `bucket`. */
const denial = (src: string, bucket: number): AggregatedFlow => ({
  bucket,
  verdict: "deny",
  level: 1,
  src,
  dst: "db/pg-0",
  dstPort: 5432,
  protocol: 6,
  count: 1,
  packets: 1,
  bytes: 60,
  drift: 0,
});

const start = Date.parse("2026-11-23T10:00:00Z");
let receiver: HttpReceiver;
const dirs: string[] = [];
const services: AlertingService[] = [];

beforeAll(async () => {
  receiver = await startHttpReceiver();
});
afterAll(async () => {
  await receiver.close();
});
afterEach(async () => {
  for (const s of services.splice(0)) await s.close(0);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A service over a fresh (or the given) data directory with a webhook and a Slack lane behind one receiver. */
function service(
  scheduler: ManualScheduler,
  dataDir?: string,
  recent: AggregatedFlow[] = [],
  more: Partial<AlertingOptions> = {},
): AlertingService {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), "netward-alerting-"));
  if (dataDir === undefined) dirs.push(dir);
  const route = parseRouteTree(
    {
      receiver: "team",
      group_by: ["alertname"],
      group_wait: "0s",
      group_interval: "1s",
      repeat_interval: "4h",
    },
    { receivers: ["team"] },
  ).value!;
  const options: AlertingOptions = {
    rules: [deniedRule()],
    route,
    inhibitRules: [],
    receivers: [
      {
        name: "team",
        webhook: { url: `${receiver.url}/hook` },
        slack: { apiURL: `${receiver.url}/slack` },
      },
    ],
    dataDir: dir,
    externalURL: () => "http://netward.test:7711/",
    log: () => undefined,
    scheduler,
    recent,
    ...more,
  };
  const s = new AlertingService(options);
  services.push(s);
  return s;
}

/** Waits (up to 10 s) until `n` notifications of the service are settled as sent. */
async function sent(s: AlertingService, n: number): Promise<void> {
  for (let i = 0; i < 1000 && s.history().filter((h) => h.outcome === "sent").length < n; i++)
    await new Promise((r) => setTimeout(r, 10));
}

/** Waits (up to 10 s) until the receiver holds `n` posts to `path`: deliveries are real HTTP, so they take real time. */
async function posts(path: string, n: number) {
  for (let i = 0; i < 1000 && receiver.posts.filter((p) => p.path === path).length < n; i++)
    await new Promise((r) => setTimeout(r, 10));
  return receiver.posts.filter((p) => p.path === path);
}

describe("alerting service", () => {
  it("notifies a streamed denial at once to every integration, and resolved only where asked", async () => {
    receiver.posts.length = 0;
    const clock = new ManualScheduler(start);
    const s = service(clock);
    s.observe([denial("shop/web-*", start)]);
    clock.advance(0);
    const hooks = await posts("/hook", 1);
    const slack = await posts("/slack", 1);
    expect(hooks).toHaveLength(1);
    expect(slack).toHaveLength(1);
    const body = hooks[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      receiver: "team",
      status: "firing",
      groupKey: '{}:{alertname="denied-traffic"}',
      externalURL: "http://netward.test:7711",
      version: "4",
    });
    expect((body["alerts"] as { labels: unknown }[])[0]!.labels).toEqual({
      alertname: "denied-traffic",
      severity: "80",
      source_namespace: "shop",
    });
    expect(s.alerts().map((a) => a.state)).toEqual(["firing"]);
    // The record leaves the lookback window: the alert resolves at the next evaluation by the clock. The clock
    // moves only once both deliveries are settled: moving it past their send timeout would abort them.
    await sent(s, 2);
    clock.advance(3 * 60_000);
    expect(s.alerts().map((a) => a.state)).toEqual(["resolved"]);
    expect((await posts("/hook", 2))[1]!.body).toMatchObject({ status: "resolved" });
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.posts.filter((p) => p.path === "/slack")).toHaveLength(1);
    expect(s.history().map((h) => [h.integration, h.status, h.outcome])).toEqual([
      ["webhook", "resolved", "sent"],
      ["webhook", "firing", "sent"],
      ["slack", "firing", "sent"],
    ]);
  });

  it("keeps a silenced alert quiet, and notifies it once the silence is expired", async () => {
    receiver.posts.length = 0;
    const clock = new ManualScheduler(start);
    const s = service(clock);
    const made = s.createSilence({
      matchers: [{ name: "source_namespace", value: "shop", type: "=" }],
      startsAt: start,
      endsAt: start + 3_600_000,
      createdBy: "ops",
      comment: "maintenance",
    });
    if ("error" in made) throw new Error(made.error);
    s.observe([denial("shop/web-*", start)]);
    clock.advance(5000);
    expect(s.alerts()[0]!.silencedBy).toEqual([made.silence.id]);
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.posts).toHaveLength(0);
    expect(s.expireSilence(made.silence.id)).toBe(true);
    expect(s.expireSilence(made.silence.id)).toBe(false);
    clock.advance(1000);
    expect(await posts("/hook", 1)).toHaveLength(1);
    expect(s.silences().map((x) => x.state)).toEqual(["expired"]);
  });

  it("restores alert states, silences and history after a restart and does not notify the same alert again", async () => {
    receiver.posts.length = 0;
    const clock = new ManualScheduler(start);
    const dir = mkdtempSync(join(tmpdir(), "netward-alerting-"));
    dirs.push(dir);
    const first = service(clock, dir);
    first.createSilence({
      matchers: [{ name: "source_namespace", value: "pay", type: "=" }],
      startsAt: start,
      endsAt: start + 3_600_000,
    });
    first.observe([denial("shop/web-*", start)]);
    clock.advance(0);
    expect(await posts("/hook", 1)).toHaveLength(1);
    await first.close(1000);
    services.splice(services.indexOf(first), 1);
    clock.advance(10_000);
    const second = service(clock, dir, [denial("shop/web-*", start)]);
    expect(second.alerts().map((a) => [a.rule, a.state])).toEqual([["denied-traffic", "firing"]]);
    expect(second.silences()).toHaveLength(1);
    clock.advance(2000);
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.posts.filter((p) => p.path === "/hook")).toHaveLength(1);
    // The history survived the restart: the notifications sent before it, then the duplicates found after it.
    const history = second.history();
    expect(
      history
        .filter((h) => h.outcome === "duplicate")
        .map((h) => h.integration)
        .sort(),
    ).toEqual(["slack", "webhook"]);
    expect(
      history
        .filter((h) => h.outcome === "sent")
        .map((h) => h.integration)
        .sort(),
    ).toEqual(["slack", "webhook"]);
  });

  it("logs a rule's template warning once, not at every evaluation", () => {
    const clock = new ManualScheduler(start);
    const logged: string[] = [];
    const s = service(clock, undefined, [], {
      rules: [deniedRule("denied ${bogus}")],
      log: (m) => logged.push(m),
    });
    for (let i = 0; i < 3; i++) {
      s.observe([denial("shop/web-*", start + i * 1000)]);
      clock.advance(1000);
    }
    expect(logged.filter((m) => m.includes("${bogus}"))).toEqual([
      "alert rule denied-traffic: ${bogus} in alert denied-traffic is neither an aggregateBy field nor value; left as is",
    ]);
  });
});
