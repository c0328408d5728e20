// End to end with the real Prometheus and Alertmanager: a ping denied by Calico policy default.test, logged by the kernel, reaches email and Slack.
import { spawnSync } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { netward, repoRoot } from "../cli/cli.testkit.js";
import {
  alertmanagerConfig,
  alertName,
  mailTo,
  prometheusConfig,
  rulesFile,
  slackPath,
} from "./alerting-configs.testkit.js";
import {
  deniedPingLine,
  deniedPolicy,
  destination,
  manifests,
  node,
  podIP,
} from "./denied-ping-scenario.testkit.js";
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
import { startHttpReceiver, type HttpReceiver } from "./http-receiver.testkit.js";
import { startSmtpSink, type SmtpSink } from "./smtp-sink.testkit.js";

const dir = mkdtempSync(join(tmpdir(), "netward-e2e-"));
const processes: TestProcess[] = [];
let smtp: SmtpSink | undefined;
let receiver: HttpReceiver | undefined;

afterAll(async () => {
  await stopProcesses(processes);
  await smtp?.close();
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The alert's description, as the rule's annotation renders it for the scenario's denial. */
const description = `Calico policy ${deniedPolicy} denied packets from ${podIP} on ${node}`;

/** Writes `text` to `name` in the scratch folder and returns its path. */
function put(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Runs a config checker; a rejected config fails with the checker's words. */
function check(command: string, args: readonly string[]): void {
  const r = spawnSync(command, args, { encoding: "utf8" });
  if (r.status !== 0)
    throw new Error(`${command} ${args.join(" ")} refused the config:\n${r.stdout}${r.stderr}`);
}

/** Fails fast unless the model denies the pod's ping (by default.test) and allows its other egress. */
function confirmPolicy(manifestsDir: string): void {
  const verdict = (port: string) => {
    const r = netward([
      "eval",
      manifestsDir,
      "--from",
      "default/multitool",
      "--to",
      destination,
      "--port",
      port,
    ]);
    if (r.stderr !== "") throw new Error(`netward eval failed:\n${r.stderr}`);
    return JSON.parse(r.stdout) as { verdict: string; flowLog: { egress: string[] } };
  };
  const ping = verdict("icmp/8/0");
  if (ping.verdict !== "deny" || !ping.flowLog.egress.includes("0|default|default/default.test|deny|1"))
    throw new Error(`the scenario's policy does not deny the ping as expected: ${JSON.stringify(ping)}`);
  const https = verdict("tcp/443");
  if (https.verdict !== "allow")
    throw new Error(`the scenario's policy denies more than ICMP: ${JSON.stringify(https)}`);
}

/** GETs a Prometheus or Alertmanager API path and returns its `data`. */
async function apiData<T>(base: string, path: string): Promise<T> {
  const response = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(2_000) });
  return ((await response.json()) as { data: T }).data;
}

/** Sends `count` kernel LOG lines of denied pings to netward's syslog port, `gapMs` apart, stamped now. */
async function sendPings(udpPort: number, count: number, gapMs: number): Promise<void> {
  const socket = createSocket("udp4");
  for (let seq = 1; seq <= count; seq++) {
    const line = deniedPingLine(seq, new Date());
    await new Promise<void>((resolve, reject) =>
      socket.send(line, udpPort, "127.0.0.1", (e) => (e ? reject(e) : resolve())),
    );
    if (seq < count) await new Promise((r) => setTimeout(r, gapMs));
  }
  socket.close();
}

/** Starts a program and waits until `readyUrl` answers 200. */
async function startReady(name: string, command: string, args: string[], readyUrl: string): Promise<void> {
  processes.push(startProcess(name, command, args));
  await waitUntil(`${name} ready (${readyUrl})`, () => httpOk(readyUrl), processes);
}

/** Starts `netward serve` on the manifests with a syslog listener; returns its address (host:port) and its UDP port. */
async function startNetward(manifestsDir: string): Promise<{ host: string; udpPort: number }> {
  const nw = startProcess("netward", process.execPath, [
    join(repoRoot, "packages/server/bin/netward.js"),
    ...["serve", manifestsDir, "--port", "0", "--data", join(dir, "netward"), "--syslog-udp", "0"],
  ]);
  processes.push(nw);
  await waitUntil("netward's syslog listener", () => /on udp\/\d+/.test(nw.output()), processes);
  return {
    host: new URL(/serving at (\S+)/.exec(nw.output())![1]!).host,
    udpPort: Number(/on udp\/(\d+)/.exec(nw.output())![1]),
  };
}

/** Writes and checks the configs, starts Alertmanager then Prometheus, and waits until Prometheus scrapes netward and knows Alertmanager; returns Prometheus's URL. */
async function startAlerting(netwardHost: string, smtpPort: number, slackUrl: string): Promise<string> {
  const [amPort, promPort] = await freePorts(2);
  const am = `127.0.0.1:${amPort}`;
  const prom = `127.0.0.1:${promPort}`;
  const amConfig = put("alertmanager.yml", alertmanagerConfig(smtpPort, slackUrl));
  const promConfig = put("prometheus.yml", prometheusConfig(netwardHost, am, put("rules.yml", rulesFile())));
  check("promtool", ["check", "config", promConfig]);
  check("amtool", ["check-config", amConfig]);
  const amArgs = [`--config.file=${amConfig}`, `--storage.path=${join(dir, "alertmanager")}`];
  amArgs.push(`--web.listen-address=${am}`, "--cluster.listen-address=");
  await startReady("alertmanager", "prometheus-alertmanager", amArgs, `http://${am}/-/ready`);
  const promArgs = [`--config.file=${promConfig}`, `--storage.tsdb.path=${join(dir, "prometheus")}`];
  promArgs.push(`--web.listen-address=${prom}`);
  await startReady("prometheus", "prometheus", promArgs, `http://${prom}/-/ready`);
  const url = `http://${prom}`;
  await waitUntil(
    "Prometheus to scrape netward",
    async () =>
      (await apiData<{ activeTargets: { health: string }[] }>(url, "/api/v1/targets")).activeTargets.some(
        (t) => t.health === "up",
      ),
    processes,
  );
  await waitUntil(
    "Prometheus to know the Alertmanager",
    async () =>
      (await apiData<{ activeAlertmanagers: unknown[] }>(url, "/api/v1/alertmanagers")).activeAlertmanagers
        .length > 0,
    processes,
  );
  return url;
}

/** A Prometheus alert as /api/v1/alerts lists it. */
interface PromAlert {
  state: string;
  activeAt: string;
  labels: Record<string, string>;
}

describe("denied traffic alerting through the real Prometheus and Alertmanager", () => {
  it("emails and posts to Slack the policy, the source IP and the node of a denied ping", async () => {
    requireTool("prometheus", ["--version"], "prometheus");
    requireTool("promtool", ["--version"], "prometheus");
    requireTool("prometheus-alertmanager", ["--version"], "prometheus-alertmanager");
    requireTool("amtool", ["--version"], "prometheus-alertmanager");
    const manifestsDir = join(dir, "manifests");
    mkdirSync(manifestsDir);
    writeFileSync(join(manifestsDir, "multitool.yaml"), manifests);
    confirmPolicy(manifestsDir);

    const sink = (smtp = await startSmtpSink());
    const slack = (receiver = await startHttpReceiver());
    const netwardAt = await startNetward(manifestsDir);
    const prom = await startAlerting(netwardAt.host, sink.port, `${slack.url}${slackPath}`);

    const firstSent = Date.now();
    await sendPings(netwardAt.udpPort, 5, 500);
    await waitUntil(
      "an email and a Slack post",
      () => sink.mails.length > 0 && slack.posts.length > 0,
      processes,
      90_000,
    );
    const { alerts } = await apiData<{ alerts: PromAlert[] }>(prom, "/api/v1/alerts");
    const alert = alerts.find((a) => a.labels.alertname === alertName);
    const [mail, post] = [sink.mails[0]!, slack.posts[0]!];
    console.log(
      `first denied ping line sent -> Prometheus alert active ${Date.parse(alert?.activeAt ?? "") - firstSent} ms, ` +
        `Slack post ${post.receivedAt - firstSent} ms, email ${mail.receivedAt - firstSent} ms ` +
        `(5 pings 500 ms apart; scrape and evaluation every 1 s; group_wait 1 s)`,
    );

    expect(alert?.state, JSON.stringify(alerts)).toBe("firing");
    expect(alert?.labels).toMatchObject({ policy: deniedPolicy, srcIP: podIP, instance: node });

    const context = `email:\n${mail.raw}\n${processLogs(processes)}`;
    const part = (type: string) => mail.mail.parts.find((p) => p.type === type)?.body ?? "";
    expect(mail.to, context).toEqual([mailTo]);
    expect(mail.mail.subject, context).toMatch(/^\[FIRING:1\] /);
    for (const value of [alertName, deniedPolicy, podIP, node])
      expect(mail.mail.subject, context).toContain(value);
    expect(part("text/plain"), context).toContain(description);
    for (const label of [`policy=${deniedPolicy}`, `srcIP=${podIP}`, `instance=${node}`])
      expect(part("text/html"), context).toContain(label);

    expect(post.path).toBe(slackPath);
    const attachment = (post.body as { attachments: { title: string; text: string }[] }).attachments[0]!;
    for (const value of [alertName, deniedPolicy, podIP, node]) expect(attachment.title).toContain(value);
    expect(attachment.text).toContain(description);
  }, 180_000);
});
