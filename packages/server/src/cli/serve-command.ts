// `netward serve`: the long-running server holding the snapshot (reloaded when the manifests change) behind the HTTP API.
import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import type { Flow, FlowFormat } from "@netward/core";
import { parseFlowBytes } from "../flows/ingest-pipeline.js";
import { startReplay } from "../serve/replay.js";
import { duration } from "./duration.js";
import { expandFlowSources } from "./flow-sources.js";
import { issueWhere } from "./issues-text.js";
import { createApp } from "../http/app.js";
import { listen } from "../http/listen.js";
import { SnapshotState } from "../http/snapshot-state.js";
import { loadOrCreateToken } from "../http/token.js";
import { watchPaths } from "../http/watch-paths.js";
import { loadCluster } from "../inputs/load.js";
import { FlowMetrics } from "../metrics/flow-metrics.js";
import { LiveFlows } from "../serve/live-flows.js";
import { startSyslogFlows } from "../serve/syslog-flows.js";
import { openDuckDBStore, storeFileIn } from "../store/duckdb.js";
import { UsageError } from "./usage-error.js";
import { withManifestOptions, type ManifestOptions } from "./validate.js";
import { version } from "./version.js";

interface ServeOptions extends ManifestOptions {
  host: string;
  port: string;
  data: string;
  tokenFile?: string;
  maxBody: string;
  replay?: string[];
  replayEvery: string;
  syslogUdp?: string;
  syslogTcp?: string;
}

const log = (message: string): void => {
  process.stderr.write(`${new Date().toISOString()} ${message}\n`);
};

/** The flows of the replay files (bad records are reported once and left out). */
async function readReplay(files: readonly string[]): Promise<Flow[]> {
  const flows: Flow[] = [];
  for (const { path } of await expandFlowSources(files, false)) {
    const read = parseFlowBytes(new Uint8Array(await readFile(path)), path, {
      format: "auto",
      year: new Date().getUTCFullYear(),
    });
    for (const issue of read.issues) log(`${issueWhere(issue)}: ${issue.severity}: ${issue.message}`);
    flows.push(...read.flows);
  }
  return flows;
}

/** A port number option, 0-65535. */
function portOption(text: string, option: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port > 65535) throw new UsageError(`${option} must be 0-65535, not ${text}`);
  return port;
}

/** How many flows of each source format a batch holds. */
function countByFormat(flows: readonly Flow[]): Map<FlowFormat, number> {
  const out = new Map<FlowFormat, number>();
  for (const f of flows) out.set(f.origin.format, (out.get(f.origin.format) ?? 0) + 1);
  return out;
}

/** Registers `serve`; it runs until SIGINT or SIGTERM, then exits 0. */
export function registerServe(program: Command, setExit: (code: number) => void): void {
  withManifestOptions(
    program
      .command("serve")
      .description("serve the HTTP API over manifests, reloading them when they change")
      .argument("<paths...>", "files or folders of manifests (watched)")
      .option("--host <address>", "address to listen on", "127.0.0.1")
      .option("--port <port>", "port to listen on (0: any free port)", "7711")
      .option("--data <dir>", "data directory (flow store, API token)", "netward-data")
      .option(
        "--token-file <path>",
        "file holding the API token for mutating routes (default <data>/api-token)",
      )
      .option("--max-body <bytes>", "largest request body accepted", String(1 << 20))
      .option("--replay <files...>", "flow files to replay again and again, moved to the present (a demo)")
      .option("--replay-every <duration>", "how often to replay them", "10s")
      .option(
        "--syslog-udp <port>",
        "receive kernel LOG lines over syslog on this UDP port (0: any free port)",
      )
      .option(
        "--syslog-tcp <port>",
        "receive kernel LOG lines over syslog on this TCP port (0: any free port)",
      ),
  ).action(async (paths: string[], opts: ServeOptions) => {
    const port = portOption(opts.port, "--port");
    const maxBodyBytes = Number(opts.maxBody);
    if (!/^\d+$/.test(opts.maxBody) || maxBodyBytes < 1024)
      throw new UsageError(`--max-body must be a number of bytes, at least 1024, not ${opts.maxBody}`);
    const tokenFile = opts.tokenFile ?? join(opts.data, "api-token");
    const { token, created } = loadOrCreateToken(tokenFile);
    const state = new SnapshotState(opts.calicoVersion);
    const metrics = new FlowMetrics({ instance: hostname(), now: Date.now });
    const load = async () => {
      const cluster = await loadCluster(paths, {
        calicoVersion: opts.calicoVersion,
        defaultNamespace: opts.namespace,
      });
      const ok = state.offer(cluster, new Date());
      metrics.snapshotReload(ok);
      if (ok && state.loaded) metrics.loadPolicies(state.loaded.engine);
      log(
        ok
          ? `snapshot loaded: ${cluster.objectCount} objects from ${cluster.files.length} files`
          : `snapshot refused: ${state.lastError}`,
      );
    };
    await load();
    mkdirSync(opts.data, { recursive: true });
    const store = await openDuckDBStore(storeFileIn(opts.data));
    const live = new LiveFlows(() => state.loaded?.engine, store);
    live.listen((flows) => {
      for (const a of flows) metrics.observe(a);
    });
    const replayed = await readReplay(opts.replay ?? []);
    const everyMs = duration(opts.replayEvery, "--replay-every");
    const stopReplay =
      replayed.length > 0
        ? startReplay(
            replayed,
            {
              add: async (flows) => {
                await live.add(flows);
                for (const [format, n] of countByFormat(flows)) metrics.recordIngest(format, n, 0);
              },
            },
            everyMs,
            (err) => log(`replay failed: ${err instanceof Error ? err.message : String(err)}`),
          )
        : () => {};
    const syslog =
      opts.syslogUdp === undefined && opts.syslogTcp === undefined
        ? undefined
        : await startSyslogFlows(
            {
              host: opts.host,
              ...(opts.syslogUdp === undefined
                ? {}
                : { udpPort: portOption(opts.syslogUdp, "--syslog-udp") }),
              ...(opts.syslogTcp === undefined
                ? {}
                : { tcpPort: portOption(opts.syslogTcp, "--syslog-tcp") }),
            },
            {
              add: (flows) => live.add(flows),
              onIssue: (issue) => log(`${issueWhere(issue)}: ${issue.severity}: ${issue.message}`),
              onRead: (records, rejected) => metrics.recordIngest("kernel-log", records, rejected),
            },
          );
    const app = createApp({ state, token, version, maxBodyBytes, log, live, store, metrics });
    const server = await listen(app.fetch, opts.host, port);
    let reloading = Promise.resolve();
    const stopWatching = watchPaths(paths, () => {
      reloading = reloading.then(load).catch((err: unknown) => {
        log(`reload failed: ${err instanceof Error ? err.message : String(err)}`);
      });
    });
    process.stdout.write(`netward ${version} serving at ${server.url}\n`);
    process.stdout.write(`metrics at ${server.url}metrics\n`);
    if (syslog !== undefined)
      process.stdout.write(
        `syslog (kernel LOG lines) on ${[syslog.udpPort === undefined ? "" : `udp/${syslog.udpPort}`, syslog.tcpPort === undefined ? "" : `tcp/${syslog.tcpPort}`].filter(Boolean).join(" and ")}\n`,
      );
    process.stdout.write(
      `API token for mutating routes: ${created ? "created in" : "read from"} ${tokenFile}\n`,
    );
    await new Promise<void>((done) => {
      process.once("SIGINT", done);
      process.once("SIGTERM", done);
    });
    stopWatching();
    stopReplay();
    await syslog?.close();
    await reloading;
    await server.close();
    await live.drain();
    await store.close();
    setExit(0);
  });
}
