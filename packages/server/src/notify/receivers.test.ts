// Tests for the receivers against real peers: a Slack-compatible HTTP receiver, an SMTP server, a real Alertmanager, and failing servers.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  freePorts,
  httpOk,
  requireTool,
  startProcess,
  stopProcesses,
  waitUntil,
  type TestProcess,
} from "../e2e/e2e-processes.testkit.js";
import { startHttpReceiver } from "../e2e/http-receiver.testkit.js";
import { startSmtpSink } from "../e2e/smtp-sink.testkit.js";
import { alertmanagerForwarder } from "./alertmanager-forwarder.js";
import { scriptedServer } from "./notification.testkit.js";
import { emailReceiver } from "./email.js";
import { defaultSubject, type Notification } from "./notification.js";
import { httpDelivery, retryAfterMs } from "./receiver.js";
import { slackReceiver } from "./slack.js";
import { webhookBody, webhookReceiver } from "./webhook.js";

/** Payloads captured from Alertmanager 0.25 (webhook v4, Slack, email), kept beside the tests. */
const fixtures = join(import.meta.dirname, "fixtures");
const fixture = JSON.parse(
  readFileSync(join(fixtures, "alertmanager-0.25-webhook-firing.json"), "utf8"),
) as Record<string, unknown>;
const processes: TestProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), "netward-notify-"));
afterAll(async () => {
  await stopProcesses(processes);
  rmSync(dir, { recursive: true, force: true });
});

/** A notification like the fixtures': one denied-traffic alert grouped by alertname. */
const denied: Notification = {
  receiver: "secops",
  status: "firing",
  alerts: [
    {
      status: "firing",
      labels: {
        alertname: "PolicyDeniedTraffic",
        destination: "shop/db",
        reason: "POLICY_DENIED",
        severity: "critical",
        source: "shop/frontend",
      },
      annotations: {
        summary: "shop/frontend -> shop/db denied",
        description: "<script>alert(1)</script> denied by default|shop/db-allow|-1|deny",
      },
      startsAt: "2026-11-22T22:27:20.000Z",
      endsAt: "0001-01-01T00:00:00Z",
      generatorURL: "http://netward.example/alerts",
      fingerprint: "0123456789abcdef",
    },
  ],
  groupLabels: { alertname: "PolicyDeniedTraffic" },
  commonLabels: {
    alertname: "PolicyDeniedTraffic",
    destination: "shop/db",
    reason: "POLICY_DENIED",
    severity: "critical",
    source: "shop/frontend",
  },
  commonAnnotations: {},
  externalURL: "http://netward.example",
  groupKey: '{}:{alertname="PolicyDeniedTraffic"}',
  truncatedAlerts: 0,
};

describe("the notification texts", () => {
  it("writes Alertmanager's default subject, as in the captured email", () => {
    const subject = /^Subject: (.*)$/m.exec(
      readFileSync(join(fixtures, "alertmanager-0.25-email.eml.txt"), "utf8"),
    )![1];
    expect(defaultSubject(denied)).toBe(subject);
    expect(
      defaultSubject({
        ...denied,
        status: "resolved",
        alerts: [{ ...denied.alerts[0]!, status: "resolved" }],
      }),
    ).toBe("[RESOLVED] PolicyDeniedTraffic (shop/db POLICY_DENIED critical shop/frontend)");
  });

  it("writes the webhook body field for field as Alertmanager 0.25 does", () => {
    const n = fixture as unknown as Notification;
    expect(JSON.stringify(webhookBody(n))).toBe(JSON.stringify(fixture));
  });
});

describe("receivers against real peers", () => {
  it("posts the Slack message and the webhook body", async () => {
    const peer = await startHttpReceiver();
    try {
      expect(
        await slackReceiver("slack", { apiURL: `${peer.url}/services/T/B/x`, channel: "#netpol" }).send(
          denied,
        ),
      ).toEqual({ outcome: "delivered" });
      expect(await webhookReceiver("hook", `${peer.url}/hook`).send(denied)).toEqual({
        outcome: "delivered",
      });
      const [slack, hook] = peer.posts;
      const attachment = (slack!.body as { attachments: Record<string, unknown>[]; channel: string })
        .attachments[0]!;
      expect(attachment["title"]).toBe(
        "[FIRING:1] PolicyDeniedTraffic (shop/db POLICY_DENIED critical shop/frontend)",
      );
      expect(attachment["fallback"]).toBe(
        `${attachment["title"] as string} | http://netward.example/#/alerts?receiver=secops`,
      );
      expect(attachment["color"]).toBe("danger");
      expect(attachment["text"]).toMatch(
        /\*Summary:\* shop\/frontend -> shop\/db denied\n\*Description:\* .* denied by default\|shop\/db-allow\|-1\|deny\n\*Details:\*\n {2}• \*alertname:\* `PolicyDeniedTraffic`/,
      );
      expect(Object.keys(hook!.body as object)).toEqual(Object.keys(fixture));
    } finally {
      await peer.close();
    }
  });

  it("emails the subject and text and an escaped HTML body over SMTP", async () => {
    const sink = await startSmtpSink();
    try {
      const receiver = emailReceiver("mail", {
        smarthost: `127.0.0.1:${sink.port}`,
        from: "netward@example.test",
        to: "oncall@example.test",
        requireTLS: false,
      });
      expect(await receiver.send(denied)).toEqual({ outcome: "delivered" });
      const mail = sink.mails[0]!;
      expect(mail.to).toEqual(["oncall@example.test"]);
      expect(mail.mail.subject).toBe(defaultSubject(denied));
      const text = mail.mail.parts.find((p) => p.type === "text/plain")!.body;
      const html = mail.mail.parts.find((p) => p.type === "text/html")!.body;
      expect(text).toContain(
        "Description: <script>alert(1)</script> denied by default|shop/db-allow|-1|deny",
      );
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(html).not.toContain("<script>");
    } finally {
      await sink.close();
    }
  });

  it("forwards the alerts to a real Alertmanager's /api/v2/alerts", async () => {
    requireTool("prometheus-alertmanager", ["--version"], "prometheus-alertmanager");
    const [port, closed] = await freePorts(2);
    const config = join(dir, "alertmanager.yml");
    writeFileSync(config, "route:\n  receiver: none\nreceivers:\n  - name: none\n");
    const am = startProcess("alertmanager", "prometheus-alertmanager", [
      `--config.file=${config}`,
      `--storage.path=${join(dir, "am")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--cluster.listen-address=",
    ]);
    processes.push(am);
    const url = `http://127.0.0.1:${port}`;
    await waitUntil("alertmanager ready", () => httpOk(`${url}/-/ready`), processes);
    expect(await alertmanagerForwarder("am", [`http://127.0.0.1:${closed}`, url]).send(denied)).toEqual({
      outcome: "delivered",
    });
    const alerts = (await (await fetch(`${url}/api/v2/alerts`)).json()) as {
      labels: Record<string, string>;
    }[];
    expect(alerts.map((a) => a.labels)).toEqual([denied.alerts[0]!.labels]);
  });
});

describe("delivery outcomes", () => {
  it("retries 5xx and 429 (honouring Retry-After), fails other 4xx, and never names the URL", async () => {
    const peer = await scriptedServer(
      [{ status: 500 }, { status: 429, headers: { "retry-after": "3" } }, { status: 404 }, { status: 200 }],
      "/hook/s3cr3t-token",
    );
    try {
      const receiver = webhookReceiver("hook", peer.url);
      const outcomes = [];
      for (let i = 0; i < 4; i++) outcomes.push(await receiver.send(denied));
      expect(outcomes).toEqual([
        { outcome: "retry", reason: "the receiver answered 500" },
        { outcome: "retry", reason: "the receiver answered 429", afterMs: 3000 },
        { outcome: "failed", reason: "the receiver answered 404" },
        { outcome: "delivered" },
      ]);
      const [closed] = await freePorts(1);
      const refused = await webhookReceiver("gone", `http://127.0.0.1:${closed}/hook/s3cr3t-token`).send(
        denied,
      );
      expect(refused).toEqual({ outcome: "retry", reason: "the request failed (ECONNREFUSED)" });
      expect(JSON.stringify([outcomes, refused])).not.toContain("s3cr3t");
    } finally {
      await peer.close();
    }
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(retryAfterMs("120", 0)).toBe(120_000);
    expect(retryAfterMs("Thu, 01 Jan 1970 00:01:00 GMT", 30_000)).toBe(30_000);
    expect(retryAfterMs("soon", 0)).toBeUndefined();
    expect(httpDelivery(204, null, 0)).toEqual({ outcome: "delivered" });
  });
});
