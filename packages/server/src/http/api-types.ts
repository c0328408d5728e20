// The HTTP API's wire types: one envelope for every answer, the error types, and each route's body; the web UI imports these.
import type { AggregatedFlow, AttributedFlow, FlowVerdict } from "@netward/core";
import type { FlowGroup } from "../store/flow-store.js";
import type { ServeConfig } from "../config/serve-config.js";

/** Every kind of error the API answers with, and the HTTP status each has. */
export const errorStatus = {
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unprocessable: 422,
  unavailable: 503,
  internal: 500,
} as const;

/** An error type. */
export type ErrorType = keyof typeof errorStatus;

/** A successful answer. */
export interface ApiOk<T> {
  ok: true;
  data: T;
}

/** A failed answer: a type from the fixed set and a message a person can act on (never a stack trace). */
export interface ApiError {
  ok: false;
  error: { type: ErrorType; message: string; field?: string };
}

/** Any answer of the API. */
export type ApiResponse<T> = ApiOk<T> | ApiError;

/** GET /api/health: the process is up. */
export interface Health {
  status: "ok";
  version: string;
}

/** GET /api/ready: a snapshot is loaded and verdicts can be given. */
export interface Ready {
  ready: boolean;
  /** Why not, or why the snapshot in use is an older one. */
  reason?: string;
}

/** GET /api/snapshot: what the loaded manifests hold, and how the last (re)load went. */
export interface SnapshotSummary {
  loadedAt: string;
  files: number;
  objects: number;
  namespaces: number;
  workloads: number;
  hostEndpoints: number;
  policies: { tier: string; count: number }[];
  issues: { errors: number; warnings: number };
  /** The last reload attempt, when it failed: the snapshot above is the last good one. */
  lastReloadError?: string;
}

/** POST /api/eval: one flow to decide, written as `netward eval` takes it. */
export interface EvalRequest {
  from: string;
  to: string;
  port: string;
  pending?: boolean;
}

/** The answer of POST /api/eval: the same JSON `netward eval -o json` prints. */
export type EvalResponse = FlowVerdict & { flowLog: { egress: string[]; ingress: string[] } };

/** GET /api/config: the effective serve config (defaults, file, flags), each secret replaced by "<redacted>". */
export type ConfigView = ServeConfig;

/** An issue or lint finding as the API gives it: code, severity, message, and where known its place and fix. */
export interface LocatedIssue {
  code: string;
  severity: "error" | "warning" | "info";
  message: string;
  file?: string;
  line?: number;
  column?: number;
  path?: string;
  fix?: string;
}

/** GET /api/validate: the load's issues (warnings and infos: a snapshot with errors is never in use). */
export interface ValidateResponse {
  issues: LocatedIssue[];
}

/** GET /api/lint: the lint findings of the snapshot in use. */
export interface LintResponse {
  findings: LocatedIssue[];
}

/** GET /api/query/who-can-reach and /api/query/reachable-from: the same JSON as `netward query ... -o json`. */
export interface ReachQueryResponse {
  endpoint: string;
  direction: "to" | "from";
  connections: Record<string, unknown>[];
}

/** GET /api/flows: stored records, or groups with totals when `groupBy` is given. */
export type FlowsQueryResponse = { rows: AggregatedFlow[] } | { groups: FlowGroup[] };

/** POST /api/flows: what the records came to. */
export type { IngestResponse } from "../serve/ingest-route.js";

/** One `flow` event of GET /api/flows/stream: the flow as a level-0 record, its ends, and any drift. */
export interface FlowStreamEvent {
  row: AggregatedFlow;
  src: { kind: string; name?: string };
  dst: { kind: string; name?: string };
  drift?: AttributedFlow["drift"];
}
export type { AlertView, NotificationView, SilenceView } from "../alerting/alert-views.js";
