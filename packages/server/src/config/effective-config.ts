// The effective serve config: built-in defaults, overridden by the config file, overridden by the flags given.
import { join } from "node:path";
import { DEFAULT_SERIES_CAP } from "../metrics/series-cap.js";
import type { ConfigFile, ServeConfig } from "./serve-config.js";

/** Built-in defaults for everything the file and the flags leave out; `instance` is the host's name. */
export function defaultConfig(instance: string): Omit<ServeConfig, "tokenFile"> {
  return {
    listen: { host: "127.0.0.1", port: 7711 },
    data: "netward-data",
    maxBodyBytes: 1 << 20,
    manifests: [],
    calicoVersion: "v3.31",
    namespace: "default",
    syslog: {},
    replay: { files: [], every: "10s" },
    follow: [],
    metrics: { instance, seriesCap: DEFAULT_SERIES_CAP },
    alerting: { receivers: [], rules: [] },
  };
}

/**
 * Layers configs in order, later ones winning field by field: a section (`listen`, `replay`, `alerting`, ...)
 * merges by field, a list (`manifests`, `replay.files`, `alerting.receivers`) and each of `alerting`'s `rules`,
 * `route` and `inhibit_rules` is replaced as a whole, and a field a layer leaves out keeps the earlier value. The
 * token file defaults to `<data>/api-token`.
 */
export function effectiveConfig(base: Omit<ServeConfig, "tokenFile">, ...layers: ConfigFile[]): ServeConfig {
  const out: Omit<ServeConfig, "tokenFile"> & { tokenFile?: string } = structuredClone(base);
  for (const layer of layers) {
    if (layer.listen !== undefined) out.listen = { ...out.listen, ...layer.listen };
    if (layer.data !== undefined) out.data = layer.data;
    if (layer.tokenFile !== undefined) out.tokenFile = layer.tokenFile;
    if (layer.maxBodyBytes !== undefined) out.maxBodyBytes = layer.maxBodyBytes;
    if (layer.manifests !== undefined) out.manifests = [...layer.manifests];
    if (layer.calicoVersion !== undefined) out.calicoVersion = layer.calicoVersion;
    if (layer.namespace !== undefined) out.namespace = layer.namespace;
    if (layer.syslog !== undefined) out.syslog = { ...out.syslog, ...layer.syslog };
    if (layer.replay !== undefined) out.replay = { ...out.replay, ...layer.replay };
    if (layer.follow !== undefined) out.follow = [...layer.follow];
    if (layer.metrics !== undefined) out.metrics = { ...out.metrics, ...layer.metrics };
    if (layer.alerting !== undefined) out.alerting = { ...out.alerting, ...structuredClone(layer.alerting) };
  }
  return { ...out, tokenFile: out.tokenFile ?? join(out.data, "api-token") };
}
