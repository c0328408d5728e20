// The flags of `netward serve` as a config layer: only the flags given on the command line, checked and typed.
import type { CalicoVersion } from "@netward/core";
import { duration } from "../cli/duration.js";
import { UsageError } from "../cli/usage-error.js";
import type { ConfigFile } from "./serve-config.js";

/** The option values of `netward serve` as commander gives them (strings, defaults filled in). */
export interface ServeFlags {
  config?: string;
  host: string;
  port: string;
  data: string;
  tokenFile?: string;
  maxBody: string;
  replay?: string[];
  replayEvery: string;
  follow?: string[];
  syslogUdp?: string;
  syslogTcp?: string;
  calicoVersion: CalicoVersion;
  namespace: string;
}

/** A port number option, 0-65535. */
export function portOption(text: string, option: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port > 65535) throw new UsageError(`${option} must be 0-65535, not ${text}`);
  return port;
}

/** A body size option: a number of bytes, at least 1024. */
function maxBodyOption(text: string): number {
  const bytes = Number(text);
  if (!/^\d+$/.test(text) || bytes < 1024)
    throw new UsageError(`--max-body must be a number of bytes, at least 1024, not ${text}`);
  return bytes;
}

/**
 * The layer the flags put over the config file: positional paths replace `manifests`, and each flag for
 * which `given` is true replaces its one field; flags left out (even those with a default) change nothing.
 */
export function flagLayer(
  paths: readonly string[],
  flags: ServeFlags,
  given: (flag: keyof ServeFlags) => boolean,
): ConfigFile {
  const layer: ConfigFile = {};
  if (paths.length > 0) layer.manifests = [...paths];
  const listen: NonNullable<ConfigFile["listen"]> = {};
  if (given("host")) listen.host = flags.host;
  if (given("port")) listen.port = portOption(flags.port, "--port");
  if (Object.keys(listen).length > 0) layer.listen = listen;
  if (given("data")) layer.data = flags.data;
  if (flags.tokenFile !== undefined) layer.tokenFile = flags.tokenFile;
  if (given("maxBody")) layer.maxBodyBytes = maxBodyOption(flags.maxBody);
  if (given("calicoVersion")) layer.calicoVersion = flags.calicoVersion;
  if (given("namespace")) layer.namespace = flags.namespace;
  const syslog: NonNullable<ConfigFile["syslog"]> = {};
  if (flags.syslogUdp !== undefined) syslog.udpPort = portOption(flags.syslogUdp, "--syslog-udp");
  if (flags.syslogTcp !== undefined) syslog.tcpPort = portOption(flags.syslogTcp, "--syslog-tcp");
  if (Object.keys(syslog).length > 0) layer.syslog = syslog;
  const replay: NonNullable<ConfigFile["replay"]> = {};
  if (flags.replay !== undefined) replay.files = [...flags.replay];
  if (given("replayEvery")) {
    duration(flags.replayEvery, "--replay-every");
    replay.every = flags.replayEvery;
  }
  if (Object.keys(replay).length > 0) layer.replay = replay;
  if (flags.follow !== undefined) layer.follow = [...flags.follow];
  return layer;
}
