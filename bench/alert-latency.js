// Benchmark: from a denial arriving to the notification, netward's streaming alert against the real Prometheus + Alertmanager path.
import { spawn, spawnSync } from "node:child_process";
import { createSocket } from "node:dgram";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { stringify } from "yaml";
import { median } from "./measure.js";
import { dbIP, deniedSourceRule, manifests } from "./alert-bench-setup.js";

const root = join(import.meta.dirname, "..");
const netwardBin = join(root, "packages/server/bin/netward.js");
const denials = 40;
const warmup = 2;
const gapMs = 1_200;

/** The source address of denial `i`: each denial comes from a new external address, so it is a new alert and group. */
const sourceIP = (i) => `198.18.${i >> 8}.${i & 255}`;

/** The kernel LOG line (RFC 5424 syslog) of a TCP SYN from denial `i`'s source to the db, denied by its policy. */
function denialLine(i) {
  const packet = `IN=eth0 OUT=cali5d1e0a7f2b3 MAC=ee:ee:ee:ee:ee:ee:5a:2c:91:0e:4b:d7:08:00 SRC=${sourceIP(i)} DST=${dbIP} LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=${i} DF PROTO=TCP SPT=${40_000 + i} DPT=5432 WINDOW=64240 RES=0x00 SYN URGP=0 `;
  return `<4>1 ${new Date().toISOString()} node-bench-1 kernel - - - [86512.${String(i).padStart(6, "0")}] calico-packet: ${packet}`;
}

/** Fails at once, naming the Debian packages, unless Prometheus and Alertmanager can run. */
function requireTools() {
  for (const [command, pkg] of [
    ["prometheus", "prometheus"],
    ["prometheus-alertmanager", "prometheus-alertmanager"],
  ])
    if (spawnSync(command, ["--version"]).status !== 0)
      throw new Error(`${command} is required for this benchmark (Debian package ${pkg})`);
}

/** Starts a program, keeping its output for errors; `stop` ends it. */
function start(command, args) {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (b) => (out += b));
  child.stderr.on("data", (b) => (out += b));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(kill);
  };
  return { child, output: () => out, stop };
}

/** Polls `ok` every 20 ms until it holds; fails after `ms` naming `what` (text, or a function giving it) with what the programs printed. */
async function until(what, ok, programs, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (
    !(await Promise.resolve()
      .then(ok)
      .catch(() => false))
  ) {
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${typeof what === "function" ? what() : what}\n${programs.map((p) => p.output().slice(-3000)).join("\n---\n")}`,
      );
    await new Promise((r) => setTimeout(r, 20));
  }
}

const getJSON = async (url) => (await fetch(url, { signal: AbortSignal.timeout(2_000) })).json();

/** An HTTP receiver on loopback: for each firing alert's source, when each path first notified it (performance.now()). */
async function startReceiver() {
  const seen = { "/netward": new Map(), "/prometheus": new Map() };
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (b) => (body += b));
    request.on("end", () => {
      const at = performance.now();
      const firsts = seen[request.url];
      for (const a of firsts === undefined ? [] : JSON.parse(body).alerts) {
        const source = a.labels.source_name ?? a.labels.source;
        if (a.status === "firing" && source !== undefined && !firsts.has(source)) firsts.set(source, at);
      }
      response.writeHead(200).end("ok");
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, seen, close: () => server.close() };
}

/** Free TCP ports on loopback. */
async function freePorts(count) {
  const servers = Array.from({ length: count }, () => createServer());
  const ports = await Promise.all(
    servers.map((s) => new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve(s.address().port)))),
  );
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** Writes the three configs and starts netward, Alertmanager and Prometheus; resolves once Prometheus scrapes netward. */
async function startPaths(dir, receiverUrl, programs) {
  const [amPort, promPort] = await freePorts(2);
  writeFileSync(join(dir, "db.yaml"), manifests);
  const netwardConfig = {
    listen: { host: "127.0.0.1", port: 0 },
    data: join(dir, "netward-data"),
    manifests: [join(dir, "db.yaml")],
    syslog: { udpPort: 0 },
    alerting: {
      rules: [deniedSourceRule],
      route: {
        receiver: "bench",
        group_by: ["alertname", "source_name"],
        group_wait: "0s",
        group_interval: "1s",
        repeat_interval: "4h",
      },
      receivers: [{ name: "bench", webhook: { url: `${receiverUrl}/netward` } }],
    },
  };
  writeFileSync(join(dir, "netward.yaml"), stringify(netwardConfig));
  const netward = start(process.execPath, [netwardBin, "serve", "--config", join(dir, "netward.yaml")]);
  programs.push(netward);
  await until("netward", () => /on udp\/\d+/.test(netward.output()), programs);
  const netwardUrl = /serving at (\S+)/.exec(netward.output())[1];
  const udpPort = Number(/on udp\/(\d+)/.exec(netward.output())[1]);

  const rules = spawnSync(process.execPath, [netwardBin, "rules", "generate"], { encoding: "utf8" });
  if (rules.status !== 0) throw new Error(`netward rules generate failed: ${rules.stderr}`);
  writeFileSync(join(dir, "rules.yml"), rules.stdout);
  writeFileSync(
    join(dir, "alertmanager.yml"),
    stringify({
      route: {
        receiver: "bench",
        group_by: ["alertname", "source"],
        group_wait: "0s",
        group_interval: "1s",
        repeat_interval: "4h",
      },
      receivers: [{ name: "bench", webhook_configs: [{ url: `${receiverUrl}/prometheus` }] }],
    }),
  );
  writeFileSync(
    join(dir, "prometheus.yml"),
    stringify({
      global: { scrape_interval: "1s", evaluation_interval: "1s", scrape_timeout: "1s" },
      rule_files: [join(dir, "rules.yml")],
      alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${amPort}`] }] }] },
      scrape_configs: [
        {
          job_name: "netward",
          honor_labels: true,
          static_configs: [{ targets: [new URL(netwardUrl).host] }],
        },
      ],
    }),
  );
  programs.push(
    start("prometheus-alertmanager", [
      `--config.file=${join(dir, "alertmanager.yml")}`,
      `--storage.path=${join(dir, "am")}`,
      `--web.listen-address=127.0.0.1:${amPort}`,
      "--cluster.listen-address=",
    ]),
    start("prometheus", [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(dir, "prom")}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
    ]),
  );
  const prom = `http://127.0.0.1:${promPort}`;
  await until(
    "Prometheus to scrape netward and know Alertmanager",
    async () =>
      (await getJSON(`${prom}/api/v1/targets`)).data.activeTargets.some((t) => t.health === "up") &&
      (await getJSON(`${prom}/api/v1/alertmanagers`)).data.activeAlertmanagers.length > 0,
    programs,
  );
  const token = readFileSync(join(dir, "netward-data", "api-token"), "utf8").trim();
  return { netwardUrl, udpPort, token };
}

/** Sends denial `i` over syslog UDP (even `i`) or POST /api/flows (odd `i`); returns when it was sent. */
async function sendDenial(i, nw, socket) {
  const line = denialLine(i);
  const at = performance.now();
  if (i % 2 === 0)
    await new Promise((resolve, reject) =>
      socket.send(line, nw.udpPort, "127.0.0.1", (e) => (e ? reject(e) : resolve())),
    );
  else {
    const response = await fetch(`${nw.netwardUrl}api/flows?format=kernel-log`, {
      method: "POST",
      headers: { authorization: `Bearer ${nw.token}`, "content-type": "text/plain" },
      body: line + "\n",
    });
    if (!response.ok)
      throw new Error(`POST /api/flows answered ${response.status}: ${await response.text()}`);
  }
  return at;
}

/** Nearest-rank percentile. */
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.ceil((p / 100) * values.length) - 1];

/** Sends the denials `gapMs` apart and times both paths' first notification of each; returns the table. */
export async function benchAlertLatency() {
  requireTools();
  const dir = mkdtempSync(join(tmpdir(), "netward-alert-bench-"));
  const programs = [];
  const receiver = await startReceiver();
  const socket = createSocket("udp4");
  try {
    const nw = await startPaths(dir, receiver.url, programs);
    const sent = [];
    for (let i = 0; i < warmup + denials; i++) {
      sent.push(await sendDenial(i, nw, socket));
      await new Promise((r) => setTimeout(r, gapMs));
    }
    const arrived = (path, i) => receiver.seen[path].get(sourceIP(i));
    const counts = () => Object.entries(receiver.seen).map(([path, m]) => `${path} ${m.size}`);
    await until(
      () => `both paths to notify all ${sent.length} denials (got ${counts().join(", ")})`,
      () =>
        sent.every((_, i) => arrived("/netward", i) !== undefined && arrived("/prometheus", i) !== undefined),
      programs,
      30_000,
    );
    const latency = (path, parity) =>
      sent.flatMap((at, i) =>
        i >= warmup && (parity === undefined || i % 2 === parity) ? [arrived(path, i) - at] : [],
      );
    const ms = (v) => `${v.toFixed(0)} ms`;
    const rows = [
      ["syslog UDP", 0],
      ["POST /api/flows", 1],
      ["both", undefined],
    ].map(([transport, parity]) => {
      const [ours, prom] = [latency("/netward", parity), latency("/prometheus", parity)];
      return [
        transport,
        String(ours.length),
        ms(median(ours)),
        ms(percentile(ours, 99)),
        ms(median(prom)),
        ms(percentile(prom, 99)),
        `${(median(prom) / median(ours)).toFixed(1)}x`,
        `${(percentile(prom, 99) / percentile(ours, 99)).toFixed(1)}x`,
      ];
    });
    return {
      title: "Alert latency: a denial arriving to the receiver's notification",
      header: [
        "denials sent over",
        "denials",
        "netward p50",
        "netward p99",
        "Prometheus path p50",
        "Prometheus path p99",
        "ratio p50",
        "ratio p99",
      ],
      rows,
      notes: [
        `- One run: \`netward serve\` with a streaming GlobalAlert (aggregateBy source_name; route group_by alertname and source_name, group_wait 0s, group_interval 1s) and, on the same netward, Prometheus 2.42 (scrape and evaluation every 1s, rules from \`netward rules generate\`, NetwardTrafficDenied) with Alertmanager 0.25 (group_by alertname and source, group_wait 0s, group_interval 1s); both post webhooks to one HTTP receiver in this process.`,
        `- ${denials} denials (plus ${warmup} warm-up ones not counted), ${gapMs} ms apart, each a kernel LOG line of a TCP SYN from a new external address to a pod whose policy denies all ingress (a new alert and group on both paths); even ones over syslog UDP, odd ones as POST /api/flows?format=kernel-log. Time from sending the line to the first webhook naming its source. p99 is nearest-rank (the largest of ${denials / 2} per transport); ratio: the Prometheus path's time over netward's.`,
        "- Target: netward p99 under 250 ms and at least 10x faster than the Prometheus path.",
        `- Load average at the end of the run: ${loadavg()
          .map((l) => l.toFixed(2))
          .join(", ")} (1, 5, 15 min).`,
      ],
    };
  } finally {
    socket.close();
    receiver.close();
    await Promise.all(programs.map((p) => p.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}
