// Benchmark: a sustained flood of distinct denials into `netward serve`, with a streaming alert rule and without one (the baseline).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { dbIP, deniedSourceRule, manifests } from "./alert-bench-setup.js";

const root = join(import.meta.dirname, "..");
const netwardBin = join(root, "packages/server/bin/netward.js");
const total = 1_000_000;
const perPost = 4_000;
const sources = 5_000;

/** The alerting section: one streaming rule alerting per source (5,000 alerts), one webhook. */
const alerting = (hookURL) => ({
  rules: [deniedSourceRule],
  route: { receiver: "hook", group_by: ["alertname"], group_wait: "0s", group_interval: "1s" },
  receivers: [{ name: "hook", webhook: { url: hookURL } }],
});

/** POST `i`'s JSONL body: denials from 5,000 external sources, each record distinct (source and destination port). */
function body(post) {
  const now = Date.now();
  let out = "";
  for (let j = 0; j < perPost; j++) {
    const i = post * perPost + j;
    const s = i % sources;
    const port = 1 + (Math.floor(i / sources) % 60_000);
    out += `${JSON.stringify({ start: now, end: now, src: { ip: `198.18.${s >> 8}.${s & 255}`, port: 1024 }, dst: { ip: dbIP, port }, protocol: 6, action: "deny", count: 1 })}\n`;
  }
  return out;
}

/** A process's peak and current resident set sizes in MiB. */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, "m").exec(status)[1]);
  return { peak: kib("VmHWM") / 1024, now: kib("VmRSS") / 1024 };
}

/** One metric's value from netward's exposition (0 when absent). */
async function metric(url, name) {
  const text = await (await fetch(`${url}metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? 0 : Number(line.split(" ").at(-1));
}

/** Floods one `netward serve` (with alerting or without) and measures it. */
async function flood(withAlerting, hookURL) {
  const dir = mkdtempSync(join(tmpdir(), "netward-flood-bench-"));
  writeFileSync(join(dir, "db.yaml"), manifests);
  writeFileSync(join(dir, "token"), "flood-bench-token-0123456789abcdef\n", { mode: 0o600 });
  const config = {
    listen: { host: "127.0.0.1", port: 0 },
    data: join(dir, "data"),
    tokenFile: join(dir, "token"),
    manifests: [join(dir, "db.yaml")],
    ...(withAlerting ? { alerting: alerting(hookURL) } : {}),
  };
  writeFileSync(join(dir, "netward.yaml"), stringify(config));
  const child = spawn(process.execPath, [netwardBin, "serve", "--config", join(dir, "netward.yaml")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (b) => (out += b));
  child.stderr.on("data", (b) => (out += b));
  try {
    while (!/serving at (\S+)/.test(out)) {
      if (child.exitCode !== null) throw new Error(`netward exited:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = /serving at (\S+)/.exec(out)[1];
    const idle = memory(child.pid);
    const started = performance.now();
    for (let p = 0; p < total / perPost; p++) {
      const response = await fetch(`${url}api/flows?format=netward-jsonl`, {
        method: "POST",
        headers: { authorization: "Bearer flood-bench-token-0123456789abcdef" },
        body: body(p),
      });
      if (!response.ok)
        throw new Error(`POST /api/flows answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      seconds,
      idle: idle.peak,
      ...memory(child.pid),
      alerts: await metric(url, 'netward_alerts{alertstate="firing"}'),
      dropped: await metric(url, "netward_alert_window_dropped_records_total"),
    };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `npm run bench -- flood`: the flood without alerting (baseline) and with a streaming rule, in one run. */
export async function benchAlertFlood() {
  let notifications = 0;
  const hook = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      notifications++;
      res.writeHead(200).end();
    });
  });
  await new Promise((r) => hook.listen(0, "127.0.0.1", r));
  try {
    const hookURL = `http://127.0.0.1:${hook.address().port}/hook`;
    const base = await flood(false, hookURL);
    const alerted = await flood(true, hookURL);
    const row = (name, r) => [
      name,
      `${r.seconds.toFixed(1)} s`,
      `${Math.round(total / r.seconds).toLocaleString("en")}`,
      `${r.idle.toFixed(0)} MiB`,
      `${r.peak.toFixed(0)} MiB`,
      `${r.now.toFixed(0)} MiB`,
    ];
    return {
      title: "Sustained flood: 1,000,000 distinct denials into netward serve",
      header: ["netward serve", "time", "records/s", "RSS idle", "peak RSS", "RSS at the end"],
      rows: [row("without alerting (baseline)", base), row("with a streaming rule, 5,000 alerts", alerted)],
      notes: [
        `- ${total.toLocaleString("en")} netward JSONL denials in POSTs of ${perPost.toLocaleString("en")}, from ${sources.toLocaleString("en")} external sources to one pod over many ports, so every record is distinct (no two merge).`,
        `- With alerting: ${alerted.alerts} firing alerts, ${notifications} notifications (group_by alertname, group_interval 1s), ${alerted.dropped.toLocaleString("en")} records dropped early from the rules' 200,000-record window.`,
        `- Ratios with alerting over without: time ${(alerted.seconds / base.seconds).toFixed(2)}x, peak RSS ${(alerted.peak / base.peak).toFixed(2)}x.`,
      ],
    };
  } finally {
    hook.close();
  }
}
