// Tests for the layering of defaults, the config file and the flags: flags given win, flags left out keep the file's value.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfig, effectiveConfig } from "./effective-config.js";
import type { ConfigFile, ServeConfig } from "./serve-config.js";
import { flagLayer, type ServeFlags } from "./serve-flags.js";

const defaults = defaultConfig("host-a");

/** commander's option values for `serve` with nothing given: every default filled in. */
const unset: ServeFlags = {
  host: "127.0.0.1",
  port: "7711",
  data: "netward-data",
  maxBody: String(1 << 20),
  replayEvery: "10s",
  calicoVersion: "v3.31",
  namespace: "default",
};

/** The flag layer for these option values, each of `given` counted as typed on the command line. */
function flags(paths: string[], values: Partial<ServeFlags>, ...given: (keyof ServeFlags)[]): ConfigFile {
  return flagLayer(paths, { ...unset, ...values }, (flag) => given.includes(flag));
}

const file: ConfigFile = {
  listen: { host: "0.0.0.0", port: 8080 },
  data: "/var/lib/netward",
  manifests: ["/srv/manifests"],
  namespace: "shop",
  syslog: { udpPort: 5514 },
  replay: { files: ["/srv/demo.jsonl"], every: "1m" },
  metrics: { seriesCap: 500 },
  alerting: { receivers: [{ name: "hook", webhook: { url: "https://x.example/" } }] },
};

describe("effectiveConfig", () => {
  it("is the defaults when nothing is configured, the token file inside the data folder", () => {
    expect(effectiveConfig(defaults, {}, flags([], {}))).toEqual({
      listen: { host: "127.0.0.1", port: 7711 },
      data: "netward-data",
      tokenFile: join("netward-data", "api-token"),
      maxBodyBytes: 1 << 20,
      manifests: [],
      calicoVersion: "v3.31",
      namespace: "default",
      syslog: {},
      replay: { files: [], every: "10s" },
      follow: [],
      metrics: { instance: "host-a", seriesCap: 10_000 },
      alerting: { receivers: [], rules: [] },
    } satisfies ServeConfig);
  });

  it("takes the file's values over the defaults, field by field within a section", () => {
    const c = effectiveConfig(defaults, { listen: { port: 9000 }, metrics: { instance: "edge" } });
    expect(c.listen).toEqual({ host: "127.0.0.1", port: 9000 });
    expect(c.metrics).toEqual({ instance: "edge", seriesCap: 10_000 });
  });

  it("keeps the file's value for every flag left out, even flags that have a default", () => {
    const c = effectiveConfig(defaults, file, flags([], {}));
    expect(c).toMatchObject({ ...file, tokenFile: "/var/lib/netward/api-token" });
  });

  it.each<[string, ConfigFile, Partial<ServeConfig>]>([
    ["--port", flags([], { port: "0" }, "port"), { listen: { host: "0.0.0.0", port: 0 } }],
    ["--host", flags([], { host: "::1" }, "host"), { listen: { host: "::1", port: 8080 } }],
    ["paths", flags(["a", "b"], {}), { manifests: ["a", "b"] }],
    ["-n", flags([], { namespace: "web" }, "namespace"), { namespace: "web" }],
    ["--data", flags([], { data: "d" }, "data"), { data: "d", tokenFile: join("d", "api-token") }],
    ["--token-file", flags([], { tokenFile: "/t" }), { tokenFile: "/t" }],
    ["--max-body", flags([], { maxBody: "4096" }, "maxBody"), { maxBodyBytes: 4096 }],
    ["--syslog-tcp", flags([], { syslogTcp: "6514" }), { syslog: { udpPort: 5514, tcpPort: 6514 } }],
    ["--replay", flags([], { replay: ["r.jsonl"] }), { replay: { files: ["r.jsonl"], every: "1m" } }],
    [
      "--replay-every",
      flags([], { replayEvery: "5s" }, "replayEvery"),
      { replay: { files: ["/srv/demo.jsonl"], every: "5s" } },
    ],
    ["--calico-version", flags([], { calicoVersion: "v3.32" }, "calicoVersion"), { calicoVersion: "v3.32" }],
  ])("lets %s override the file and nothing else", (_flag, layer, changed) => {
    const base = effectiveConfig(defaults, file);
    expect(effectiveConfig(defaults, file, layer)).toEqual({ ...base, ...changed });
  });

  it("keeps the file's token file when --data moves the data folder", () => {
    const c = effectiveConfig(
      defaults,
      { tokenFile: "/etc/netward/token" },
      flags([], { data: "d" }, "data"),
    );
    expect(c.tokenFile).toBe("/etc/netward/token");
  });
});

describe("flagLayer", () => {
  it.each([
    [{ port: "70000" }, "port", "--port must be 0-65535, not 70000"],
    [{ maxBody: "12" }, "maxBody", "--max-body must be a number of bytes, at least 1024, not 12"],
    [{ replayEvery: "often" }, "replayEvery", "--replay-every must look like 30m, 6h or 7d, not often"],
    [{ syslogUdp: "x" }, "syslogUdp", "--syslog-udp must be 0-65535, not x"],
  ] as const)("refuses %j", (values, flag, message) => {
    expect(() => flags([], values, flag)).toThrow(message);
  });
});
