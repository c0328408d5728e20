// Test helper for netward's own alerting: its config file, a running `netward serve --config`, flow ingest over syslog and the API, and process figures.
import { createSocket } from "node:dgram";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { repoRoot } from "../cli/cli.testkit.js";
import { startProcess, waitUntil, type TestProcess } from "./e2e-processes.testkit.js";

/** A Calico Enterprise GlobalAlert with netward's streaming mode: every matching record counts, grouped by `aggregateBy`. */
export function streamingRule(name: string, query: string, aggregateBy: readonly string[]): unknown {
  const placeholders = aggregateBy.map((f) => `\${${f}}`).join(" ");
  return {
    apiVersion: "projectcalico.org/v3",
    kind: "GlobalAlert",
    metadata: { name },
    spec: {
      summary: `denied traffic ${placeholders}`,
      description: `netward saw denied flows for ${placeholders}`,
      severity: 80,
      dataSet: "flows",
      query,
      aggregateBy,
      mode: "streaming",
      period: "1m",
      lookback: "10m",
    },
  };
}

/** The settings of one `netward serve`: manifests, scratch folder, syslog, and the `alerting:` section as written. */
export interface NetwardSetup {
  dir: string;
  manifests: string;
  syslogUdp?: boolean;
  alerting: Record<string, unknown>;
}

/** A running `netward serve`: its base URL (with a trailing slash), API token, syslog UDP port and process. */
export interface RunningNetward {
  url: string;
  token: string;
  udpPort: number | undefined;
  process: TestProcess;
}

/** Writes netward.yaml (and the API token file it names) into `setup.dir`; returns the config's path and the token. */
function writeNetwardConfig(setup: NetwardSetup): { config: string; token: string } {
  const token = "e2e-alerting-token-0123456789abcdef";
  const tokenFile = join(setup.dir, "api-token");
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  const config = join(setup.dir, "netward.yaml");
  const file: Record<string, unknown> = {
    listen: { host: "127.0.0.1", port: 0 },
    data: join(setup.dir, "netward-data"),
    tokenFile,
    manifests: [setup.manifests],
    alerting: setup.alerting,
  };
  if (setup.syslogUdp === true) file["syslog"] = { udpPort: 0 };
  writeFileSync(config, stringify(file));
  return { config, token };
}

/** Starts `netward serve --config` on `setup` (added to `processes`) and waits until it serves (and listens for syslog). */
export async function startNetward(setup: NetwardSetup, processes: TestProcess[]): Promise<RunningNetward> {
  const { config, token } = writeNetwardConfig(setup);
  const nw = startProcess("netward", process.execPath, [
    join(repoRoot, "packages/server/bin/netward.js"),
    ...["serve", "--config", config],
  ]);
  processes.push(nw);
  const ready = () =>
    /serving at \S+/.test(nw.output()) && (setup.syslogUdp !== true || /on udp\/\d+/.test(nw.output()));
  await waitUntil("netward serve to listen", ready, processes);
  const udp = /on udp\/(\d+)/.exec(nw.output())?.[1];
  return {
    url: /serving at (\S+)/.exec(nw.output())![1]!,
    token,
    udpPort: udp === undefined ? undefined : Number(udp),
    process: nw,
  };
}

/** Sends one syslog message over UDP to 127.0.0.1. */
export async function sendUdp(port: number, message: string): Promise<void> {
  const socket = createSocket("udp4");
  try {
    await new Promise<void>((resolve, reject) =>
      socket.send(message, port, "127.0.0.1", (e) => (e ? reject(e) : resolve())),
    );
  } finally {
    socket.close();
  }
}

/** What POST /api/flows answered for one body. */
export interface IngestAnswer {
  records: number;
  denied: number;
  bad: number;
}

/** POSTs flow records to netward's /api/flows with its token; a refusal fails with netward's answer. */
export async function postFlows(nw: RunningNetward, body: string, format: string): Promise<IngestAnswer> {
  const response = await fetch(`${nw.url}api/flows?format=${format}`, {
    method: "POST",
    headers: { authorization: `Bearer ${nw.token}`, "content-type": "text/plain" },
    body,
  });
  const answer = (await response.json()) as { ok: boolean; data?: IngestAnswer };
  if (!response.ok || answer.data === undefined)
    throw new Error(`POST /api/flows answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer.data;
}

/** The sum of every series of `name` in netward's /metrics whose labels include `labels`; fails when there is none. */
export async function metricSum(nw: RunningNetward, name: string, labels = ""): Promise<number> {
  const text = await (await fetch(`${nw.url}metrics`)).text();
  let sum: number | undefined;
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (m?.[1] === name && (m[2] ?? "").includes(labels)) sum = (sum ?? 0) + Number(m[3]);
  }
  if (sum === undefined) throw new Error(`netward's /metrics has no series ${name}{${labels}}`);
  return sum;
}

/** A process's peak resident set size (VmHWM in /proc/<pid>/status), in MiB. */
export function peakRssMiB(pid: number): number {
  const kib = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  if (kib === undefined) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(kib) / 1024;
}
