// `netward serve`: the long-running server holding the snapshot (reloaded when the manifests change) behind the HTTP API.
import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { hostname } from "node:os";
import type { Command } from "commander";
import { hasErrors, type Flow, type FlowFormat, type Issue } from "@netward/core";
import { startAlerting } from "../alerting/start-alerting.js";
import { defaultConfig, effectiveConfig } from "../config/effective-config.js";
import { loadConfigFile } from "../config/load-config.js";
import { secretScrubber, secretValues } from "../config/redact.js";
import type { ConfigFile } from "../config/serve-config.js";
import { flagLayer, type ServeFlags } from "../config/serve-flags.js";
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
import { serialStore } from "../store/serial-store.js";
import { followIngest } from "../flows/follow-ingest.js";
import { UsageError } from "./usage-error.js";
import { withManifestOptions } from "./validate.js";
import { version } from "./version.js";

/** Writes one log line to standard error, stamped with the time. */
const stderrLog = (message: string): void => {
  process.stderr.write(`${new Date().toISOString()} ${message}\n`);
};

/** The config file's contents (none without --config); its problems are written to standard error. */
async function readConfigFile(path: string | undefined): Promise<{ value: ConfigFile; ok: boolean }> {
  if (path === undefined) return { value: {}, ok: true };
  const { value, issues } = await loadConfigFile(path);
  for (const i of issues) process.stderr.write(`${issueText(i)}\n`);
  const errors = issues.filter((i) => i.severity === "error").length;
  if (errors > 0)
    process.stderr.write(`${errors} error${errors === 1 ? "" : "s"} in ${path}; nothing started\n`);
  return { value, ok: !hasErrors(issues) };
}

/** One issue as a line: where, severity, message and fix. */
function issueText(i: Issue): string {
  return `${issueWhere(i)}: ${i.severity}: ${i.message}${i.fix === undefined ? "" : ` (fix: ${i.fix})`}`;
}

/** The flows of the replay files (bad records are reported once and left out). */
async function readReplay(files: readonly string[], log: (message: string) => void): Promise<Flow[]> {
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

/** How many flows of each source format a batch holds. */
function countByFormat(flows: readonly Flow[]): Map<FlowFormat, number> {
  const out = new Map<FlowFormat, number>();
  for (const f of flows) out.set(f.origin.format, (out.get(f.origin.format) ?? 0) + 1);
  return out;
}

/**
 * Registers `serve`; it runs until SIGINT or SIGTERM, then exits 0. Settings come from the built-in defaults,
 * then `--config <file>`, then the flags given (a flag left out keeps the file's value); problems in the file
 * are all reported and exit 2 before anything starts.
 */
export function registerServe(program: Command, setExit: (code: number) => void): void {
  withManifestOptions(
    program
      .command("serve")
      .description("serve the HTTP API over manifests, reloading them when they change")
      .argument("[paths...]", "files or folders of manifests (watched); default: the config file's manifests")
      .option("--config <file>", "serve config file (YAML, e.g. netward.yaml); the flags given override it")
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
        "--follow <files...>",
        "flow files to follow as they grow (tail -F), resuming where the store stopped",
      )
      .option(
        "--syslog-udp <port>",
        "receive kernel LOG lines over syslog on this UDP port (0: any free port)",
      )
      .option(
        "--syslog-tcp <port>",
        "receive kernel LOG lines over syslog on this TCP port (0: any free port)",
      ),
  ).action(async (paths: string[], opts: ServeFlags, cmd: Command) => {
    const file = await readConfigFile(opts.config);
    if (!file.ok) {
      setExit(2);
      return;
    }
    const flags = flagLayer(paths, opts, (flag) => cmd.getOptionValueSource(flag) === "cli");
    const config = effectiveConfig(defaultConfig(hostname()), file.value, flags);
    if (config.manifests.length === 0)
      throw new UsageError(
        "name the manifests to serve: give their paths, or list them under manifests: in --config",
      );
    const { token, created } = loadOrCreateToken(config.tokenFile);
    const scrub = secretScrubber(secretValues(config, token));
    const log = (message: string): void => stderrLog(scrub(message));
    if (opts.config !== undefined) log(`config read from ${opts.config}`);
    const state = new SnapshotState(config.calicoVersion);
    const metrics = new FlowMetrics({
      instance: config.metrics.instance,
      seriesCap: config.metrics.seriesCap,
      now: Date.now,
    });
    const load = async () => {
      const cluster = await loadCluster(config.manifests, {
        calicoVersion: config.calicoVersion,
        defaultNamespace: config.namespace,
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
    mkdirSync(config.data, { recursive: true });
    const store = serialStore(await openDuckDBStore(storeFileIn(config.data)));
    const live = new LiveFlows(() => state.loaded?.engine, store);
    live.listen((flows) => {
      for (const a of flows) metrics.observe(a);
    });
    const replayed = await readReplay(config.replay.files, log);
    const everyMs = duration(config.replay.every, "replay.every");
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
    const { udpPort, tcpPort } = config.syslog;
    const syslog =
      udpPort === undefined && tcpPort === undefined
        ? undefined
        : await startSyslogFlows(
            {
              host: config.listen.host,
              ...(udpPort === undefined ? {} : { udpPort }),
              ...(tcpPort === undefined ? {} : { tcpPort }),
            },
            {
              add: (flows) => live.add(flows),
              onIssue: (issue) => log(`${issueWhere(issue)}: ${issue.severity}: ${issue.message}`),
              onRead: (records, rejected) => metrics.recordIngest("kernel-log", records, rejected),
            },
          );
    const following = new AbortController();
    const followed =
      config.follow.length === 0
        ? Promise.resolve()
        : followIngest({
            sources: config.follow,
            store,
            read: { format: "auto", year: new Date().getUTCFullYear() },
            attributor: () => live.attributor(),
            levels: {},
            signal: following.signal,
            onIssue: (issue) => log(`${issueWhere(issue)}: ${issue.severity}: ${issue.message}`),
            onNotice: log,
            onAttributed: (flows) => {
              live.announce(flows);
              for (const [format, n] of countByFormat(flows.map((a) => a.flow)))
                metrics.recordIngest(format, n, 0);
            },
          }).then(
            () => undefined,
            (err: unknown) => log(`following stopped: ${err instanceof Error ? err.message : String(err)}`),
          );
    let serverURL = `http://${config.listen.host}:${config.listen.port}/`;
    const alerting = await startAlerting({ config, store, live, metrics, serverURL: () => serverURL, log });
    const storeSize = setInterval(() => {
      store.size().then(
        (bytes) => metrics.setStoreBytes(bytes),
        () => undefined,
      );
    }, 30_000);
    const app = createApp({
      state,
      token,
      version,
      maxBodyBytes: config.maxBodyBytes,
      log,
      live,
      store,
      metrics,
      config,
      ...(alerting === undefined ? {} : { alerting }),
    });
    const server = await listen(app.fetch, config.listen.host, config.listen.port);
    serverURL = server.url;
    let reloading = Promise.resolve();
    const stopWatching = watchPaths(config.manifests, () => {
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
      `API token for mutating routes: ${created ? "created in" : "read from"} ${config.tokenFile}\n`,
    );
    await new Promise<void>((done) => {
      process.once("SIGINT", done);
      process.once("SIGTERM", done);
    });
    stopWatching();
    stopReplay();
    clearInterval(storeSize);
    following.abort();
    await followed;
    await syslog?.close();
    await reloading;
    await server.close();
    await live.drain();
    if (alerting !== undefined) {
      const closed = await alerting.close(5000);
      if (!closed.flushed)
        log(`${closed.pending} notification(s) still pending; they are sent on the next start`);
    }
    await store.close();
    setExit(0);
  });
}
