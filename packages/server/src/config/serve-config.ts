// The shapes of `netward serve`'s configuration: the file as written (every field optional) and the effective config.
import type { CalicoVersion } from "@netward/core";

/** What GET /api/config shows in place of every secret. */
export const REDACTED = "<redacted>";

/** A Slack incoming webhook; its URL holds the token, so it is a secret. */
export interface SlackReceiver {
  apiURL: string;
  channel?: string;
  username?: string;
  /** Whether resolved notifications are sent too (default false, as Alertmanager's slack_configs). */
  sendResolved?: boolean;
}

/** Mail through an SMTP server; the password is a secret. */
export interface EmailReceiver {
  /** `host:port`; port 465 means TLS from the start, any other port STARTTLS when the server offers it. */
  smarthost: string;
  from: string;
  to: string;
  authUsername?: string;
  authPassword?: string;
  /** Refuse to send unless the connection is encrypted (default true, as Alertmanager's require_tls). */
  requireTLS?: boolean;
  /** Whether resolved notifications are sent too (default false, as Alertmanager's email_configs). */
  sendResolved?: boolean;
}

/** An HTTP(S) endpoint that is posted every notification; its URL may hold credentials, so it is a secret. */
export interface WebhookReceiver {
  url: string;
  /** Whether resolved notifications are sent too (default true, as Alertmanager's webhook_configs). */
  sendResolved?: boolean;
}

/** Alertmanagers that netward forwards its alerts to (POST /api/v2/alerts on each); URLs may hold credentials. */
export interface AlertmanagerReceiver {
  urls: string[];
}

/** A named place notifications go: one or more integrations, each delivered on its own. */
export interface Receiver {
  name: string;
  slack?: SlackReceiver;
  email?: EmailReceiver;
  webhook?: WebhookReceiver;
  alertmanager?: AlertmanagerReceiver;
}

/**
 * The `alerting:` section. `rules` are Calico GlobalAlert documents as written; `route` and `inhibit_rules` are
 * Alertmanager 0.25's, keys and all, kept as written (validated when the file is read, resolved when serve starts).
 */
export interface AlertingConfig {
  receivers: Receiver[];
  rules: unknown[];
  route?: unknown;
  inhibit_rules?: unknown[];
  /** The URL notifications link back to (default: the server's own URL). */
  externalURL?: string;
}

/** The effective configuration of a running `netward serve`: defaults, then the file, then the flags. */
export interface ServeConfig {
  listen: { host: string; port: number };
  data: string;
  tokenFile: string;
  maxBodyBytes: number;
  manifests: string[];
  calicoVersion: CalicoVersion;
  namespace: string;
  syslog: { udpPort?: number; tcpPort?: number };
  replay: { files: string[]; every: string };
  /** Flow files followed as they grow (tail -F), resuming where the store's cursor stopped. */
  follow: string[];
  metrics: { instance: string; seriesCap: number };
  alerting: AlertingConfig;
}

/** A config file's contents once validated: any field may be left out. */
export interface ConfigFile {
  listen?: { host?: string; port?: number };
  data?: string;
  tokenFile?: string;
  maxBodyBytes?: number;
  manifests?: string[];
  calicoVersion?: CalicoVersion;
  namespace?: string;
  syslog?: { udpPort?: number; tcpPort?: number };
  replay?: { files?: string[]; every?: string };
  follow?: string[];
  metrics?: { instance?: string; seriesCap?: number };
  alerting?: Partial<AlertingConfig>;
}
