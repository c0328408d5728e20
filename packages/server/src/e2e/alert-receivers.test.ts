// End to end on loopback: a kernel LOG denial reaches netward's Slack, email, webhook and Alertmanager receivers once each, Alertmanager-style.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { deniedPingLine, manifests, podIP, podManifest } from "./denied-ping-scenario.testkit.js";
import {
  freePorts,
  httpOk,
  processLogs,
  requireTool,
  startProcess,
  stopProcesses,
  waitUntil,
  type TestProcess,
} from "./e2e-processes.testkit.js";
import { startHttpReceiver, type HttpReceiver, type ReceivedPost } from "./http-receiver.testkit.js";
import { metricSum, sendUdp, startNetward, streamingRule } from "./netward-alerting.testkit.js";
import type { Notification } from "../notify/notification.js";
import { startSmtpSink, type ReceivedMail, type SmtpSink } from "./smtp-sink.testkit.js";

const dir = mkdtempSync(join(tmpdir(), "netward-receivers-"));
const processes: TestProcess[] = [];
let smtp: SmtpSink | undefined;
let receiver: HttpReceiver | undefined;

afterAll(async () => {
  await stopProcesses(processes);
  await smtp?.close();
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A second pod the same policy covers, whose denial is a second alert of the rule (the marker). */
const probeIP = "10.244.7.10";
const probePod = `---\n${podManifest("probe", probeIP)}`;

const ruleName = "denied-traffic";
const externalURL = "http://netward.example.test:7711";
const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, "../notify/fixtures/alertmanager-0.25-webhook-firing.json"), "utf8"),
) as unknown;
const mail = { netward: "sec@example.test", alertmanager: "am@example.test" };
const paths = { slack: "/slack", hook: "/hook", amHook: "/am-hook", amSlack: "/am-slack" };

/** netward's `alerting:` section: one streaming rule, one route at once, one receiver with every integration. */
function alerting(receiverUrl: string, smtpPort: number, alertmanagerUrl: string): Record<string, unknown> {
  return {
    externalURL,
    rules: [
      streamingRule(ruleName, 'action="deny"', ["source_namespace", "source_name_aggr", "dest_namespace"]),
    ],
    route: {
      receiver: "all",
      group_by: ["alertname"],
      group_wait: "0s",
      group_interval: "1s",
      repeat_interval: "4h",
    },
    inhibit_rules: [],
    receivers: [
      {
        name: "all",
        slack: { apiURL: `${receiverUrl}${paths.slack}` },
        email: {
          smarthost: `127.0.0.1:${smtpPort}`,
          from: "netward@example.org",
          to: mail.netward,
          requireTLS: false,
        },
        webhook: { url: `${receiverUrl}${paths.hook}` },
        alertmanager: { urls: [alertmanagerUrl] },
      },
    ],
  };
}

/** The real Alertmanager's config: the same route, and a webhook, Slack and email of its own with default templates. */
function alertmanagerConfig(receiverUrl: string, smtpPort: number): string {
  return stringify({
    route: {
      receiver: "am",
      group_by: ["alertname"],
      group_wait: "0s",
      group_interval: "1s",
      repeat_interval: "4h",
    },
    receivers: [
      {
        name: "am",
        webhook_configs: [{ url: `${receiverUrl}${paths.amHook}` }],
        slack_configs: [{ api_url: `${receiverUrl}${paths.amSlack}` }],
        email_configs: [
          {
            to: mail.alertmanager,
            from: "alertmanager@example.org",
            smarthost: `127.0.0.1:${smtpPort}`,
            hello: "localhost",
            require_tls: false,
          },
        ],
      },
    ],
  });
}

/** Starts the real Alertmanager on a free port and returns its URL. */
async function startAlertmanager(receiverUrl: string, smtpPort: number): Promise<string> {
  const [port] = await freePorts(1);
  const config = join(dir, "alertmanager.yml");
  writeFileSync(config, alertmanagerConfig(receiverUrl, smtpPort));
  const checked = spawnSync("amtool", ["check-config", config], { encoding: "utf8" });
  if (checked.status !== 0) throw new Error(`amtool refused the config:\n${checked.stdout}${checked.stderr}`);
  const url = `http://127.0.0.1:${port}`;
  const args = [`--config.file=${config}`, `--storage.path=${join(dir, "alertmanager")}`];
  args.push(`--web.listen-address=127.0.0.1:${port}`, "--cluster.listen-address=");
  processes.push(startProcess("alertmanager", "prometheus-alertmanager", args));
  await waitUntil("Alertmanager ready", () => httpOk(`${url}/-/ready`), processes);
  return url;
}

/** A JSON value's shape: types in place of values, label maps as "string map", every array element's shape. */
function shapeOf(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) return value.map((v) => shapeOf(v));
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  const labelMaps = ["labels", "annotations", "groupLabels", "commonLabels", "commonAnnotations"];
  if (labelMaps.includes(key))
    return Object.values(value).every((v) => typeof v === "string") ? "string map" : "not a string map";
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v, k)]));
}

/** A webhook v4 body: the notification's fields and the version. */
type WebhookBody = Notification & { version: string };

/** The webhook bodies posted to `path`. */
const bodies = (posts: readonly ReceivedPost[], path: string) =>
  posts.filter((p) => p.path === path).map((p) => p.body as WebhookBody);
/** The Slack attachments' titles posted to `path`. */
const slackTitles = (posts: readonly ReceivedPost[], path: string) =>
  posts
    .filter((p) => p.path === path)
    .map((p) => (p.body as { attachments: { title: string }[] }).attachments[0]!.title);
/** The mails sent to `to`. */
const mailsTo = (mails: readonly ReceivedMail[], to: string) => mails.filter((m) => m.to.includes(to));

describe("netward's receivers with the real Alertmanager", () => {
  it("notifies Slack, email, a webhook and Alertmanager of a denial once, then once more with the group grown", async () => {
    requireTool("prometheus-alertmanager", ["--version"], "prometheus-alertmanager");
    requireTool("amtool", ["--version"], "prometheus-alertmanager");
    const manifestsDir = join(dir, "manifests");
    mkdirSync(manifestsDir);
    writeFileSync(join(manifestsDir, "pods.yaml"), manifests + probePod);
    const sink = (smtp = await startSmtpSink());
    const http = (receiver = await startHttpReceiver());
    const am = await startAlertmanager(http.url, sink.port);
    const nw = await startNetward(
      { dir, manifests: manifestsDir, syslogUdp: true, alerting: alerting(http.url, sink.port, am) },
      processes,
    );
    const udp = nw.udpPort!;
    const firing = (text: string) => Number(/^\[FIRING:(\d+)\]/.exec(text)?.[1] ?? 0);
    const webhookFiring = (path: string) =>
      bodies(http.posts, path).map((b) => b.alerts.filter((a) => a.status === "firing").length);
    /** For each receiver, how many alerts were firing in each notification it got, in order. */
    const notified = () => ({
      slack: slackTitles(http.posts, paths.slack).map(firing),
      email: mailsTo(sink.mails, mail.netward).map((m) => firing(m.mail.subject)),
      webhook: webhookFiring(paths.hook),
      alertmanagerWebhook: webhookFiring(paths.amHook),
      alertmanagerSlack: slackTitles(http.posts, paths.amSlack).map(firing),
      alertmanagerEmail: mailsTo(sink.mails, mail.alertmanager).map((m) => firing(m.mail.subject)),
    });
    const context = () => `${JSON.stringify(notified())}\n${processLogs(processes)}`;
    const everyReceiver = (ok: (counts: number[]) => boolean) => Object.values(notified()).every(ok);

    await sendUdp(udp, deniedPingLine(1, new Date()));
    await waitUntil("every receiver to get the denial", () => everyReceiver((c) => c.length > 0), processes);
    const firstDone = Math.max(
      ...http.posts.map((p) => p.receivedAt),
      ...sink.mails.map((m) => m.receivedAt),
    );
    // The same pod denied again must not notify anew; a group_interval then passes with nothing new to say.
    await sendUdp(udp, deniedPingLine(2, new Date()));
    await waitUntil(
      "netward to read the second line",
      async () => (await metricSum(nw, "netward_ingested_records_total", 'format="kernel-log"')) >= 2,
      processes,
    );
    await new Promise((r) => setTimeout(r, Math.max(0, firstDone + 1_500 - Date.now())));
    // The marker: the probe pod's denial joins the group, which is notified again at its next group_interval.
    await sendUdp(udp, deniedPingLine(3, new Date()).replace(`SRC=${podIP} `, `SRC=${probeIP} `));
    await waitUntil(
      "every receiver to get the grown group",
      () => everyReceiver((c) => c.includes(2)),
      processes,
    );

    // Each receiver: the denial once ([FIRING:1]), then the group with both pods ([FIRING:2]), and nothing else.
    for (const [name, counts] of Object.entries(notified()))
      expect(counts, `${name}\n${context()}`).toEqual([1, 2]);
    const hooks = bodies(http.posts, paths.hook);
    const amHooks = bodies(http.posts, paths.amHook);
    const sources = (b: WebhookBody) => b.alerts.map((a) => a.labels["source_name_aggr"]).sort();
    for (const sent of [hooks, amHooks])
      expect(sent.map(sources), context()).toEqual([["multitool"], ["multitool", "probe"]]);

    // The webhook body has the fixture's fields and types, alert objects too.
    const [first, second] = [hooks[0]!, hooks[1]!];
    expect(shapeOf(first)).toEqual(shapeOf(fixture));
    expect(shapeOf({ ...second, alerts: second.alerts.slice(0, 1) })).toEqual(shapeOf(fixture));
    expect(first).toMatchObject({
      receiver: "all",
      status: "firing",
      externalURL,
      groupKey: `{}:{alertname="${ruleName}"}`,
    });
    expect(first.groupLabels).toEqual({ alertname: ruleName });
    const alert = first.alerts[0]!;
    expect(alert).toMatchObject({ status: "firing", endsAt: "0001-01-01T00:00:00Z" });
    expect(alert.labels).toEqual({
      alertname: ruleName,
      severity: "80",
      source_namespace: "default",
      source_name_aggr: "multitool",
      dest_namespace: "-",
    });
    expect(alert.annotations["summary"]).toBe("denied traffic default multitool -");
    expect(Date.parse(alert.startsAt)).not.toBeNaN();
    expect(alert.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(
      second.alerts.find((a) => a.fingerprint === alert.fingerprint),
      "pod A's alert is the same alert",
    ).toMatchObject({ startsAt: alert.startsAt, labels: alert.labels });

    // The real Alertmanager got the same alert: same labels, fingerprint, group key, start and source link.
    const amFirst = amHooks[0]!;
    expect(amFirst.groupKey).toBe(first.groupKey);
    expect(amFirst.groupLabels).toEqual(first.groupLabels);
    expect(amFirst.commonLabels).toEqual(first.commonLabels);
    const amAlert = amFirst.alerts[0]!;
    expect(amAlert).toMatchObject({
      labels: alert.labels,
      annotations: alert.annotations,
      fingerprint: alert.fingerprint,
      generatorURL: alert.generatorURL,
    });
    expect(Date.parse(amAlert.startsAt)).toBe(Date.parse(alert.startsAt));

    // Slack and email read as Alertmanager's defaults for the same group do.
    const [slackPost] = http.posts.filter((p) => p.path === paths.slack);
    const attachment = (
      slackPost!.body as { attachments: { title: string; title_link: string; text: string; color: string }[] }
    ).attachments[0]!;
    expect(attachment.title).toBe(slackTitles(http.posts, paths.amSlack)[0]);
    expect(attachment.title_link).toBe(`${externalURL}/#/alerts?receiver=all`);
    expect(attachment.color).toBe("danger");
    expect(attachment.text).toContain(alert.annotations["summary"]);
    const [netwardMail, amMail] = [
      mailsTo(sink.mails, mail.netward)[0]!,
      mailsTo(sink.mails, mail.alertmanager)[0]!,
    ];
    expect(netwardMail.mail.subject).toBe(amMail.mail.subject);
    expect(netwardMail.from).toBe("netward@example.org");
    expect(netwardMail.mail.parts.map((p) => p.type).sort()).toEqual(["text/html", "text/plain"]);

    // netward counts what it sent: two notifications per integration, none failed.
    for (const kind of ["slack", "email", "webhook", "alertmanager"])
      expect(
        await metricSum(nw, "netward_notifications_total", `integration="${kind}"`),
        `${kind}\n${context()}`,
      ).toBe(2);
    expect(await metricSum(nw, "netward_notifications_failed_total"), context()).toBe(0);
  }, 120_000);
});
