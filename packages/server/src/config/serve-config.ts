// The shapes of `netward serve`'s configuration: the file as written (every field optional) and the effective config.
import type { CalicoVersion } from "@netward/core";

/** What GET /api/config shows in place of every secret. */
export const REDACTED = "<redacted>";

/** A Slack incoming webhook; its URL holds the token, so it is a secret. */
export interface SlackReceiver {
  apiURL: string;
}

/** Mail through an SMTP server (`host:port`); the password is a secret. */
export interface EmailReceiver {
  smarthost: string;
  from: string;
  to: string;
  authUsername?: string;
  authPassword?: string;
}

/** An HTTP(S) endpoint that is posted every notification; its URL may hold credentials, so it is a secret. */
export interface WebhookReceiver {
  url: string;
}

/** A named place notifications go (reserved for alerting; validated now). */
export interface Receiver {
  name: string;
  slack?: SlackReceiver;
  email?: EmailReceiver;
  webhook?: WebhookReceiver;
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
  alerting: { receivers: Receiver[] };
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
  alerting?: { receivers?: Receiver[] };
}
