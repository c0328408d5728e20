// The HTTP API: routes, the token check on mutating routes, the body size limit and the one error shape.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ConfigView, Health, Ready, SnapshotSummary } from "./api-types.js";
import { alertRoutes } from "./alert-routes.js";
import { analysisRoutes } from "./analysis-routes.js";
import { requireToken } from "./auth.js";
import { ApiFailure, failureResponse, onError } from "./errors.js";
import { evalRoute } from "./eval-route.js";
import type { SnapshotState } from "./snapshot-state.js";
import { ingestRoute } from "../serve/ingest-route.js";
import type { LiveFlows } from "../serve/live-flows.js";
import { queryRoute } from "../serve/query-route.js";
import { streamRoute } from "../serve/stream-route.js";
import type { FlowStore } from "../store/flow-store.js";
import type { FlowMetrics } from "../metrics/flow-metrics.js";
import { redactConfig } from "../config/redact.js";
import type { ServeConfig } from "../config/serve-config.js";
import type { AlertingService } from "../alerting/alerting-service.js";

/** What the app needs: the snapshot, the token, limits, the version, and where to log. */
export interface AppOptions {
  state: SnapshotState;
  token: string;
  version: string;
  /** Largest request body accepted, in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  log: (message: string) => void;
  /** The flow pipeline POST /api/flows feeds; without it the route answers 503. */
  live?: LiveFlows;
  /** The flow store GET /api/flows reads; without it the route answers 503. */
  store?: FlowStore;
  /** The metrics GET /metrics exposes (and ingests count into). */
  metrics?: FlowMetrics;
  /** The effective serve config GET /api/config shows, its secrets redacted there; without it the route answers 404. */
  config?: ServeConfig;
  /** Alerting (alerts, history, silences); without it those routes answer 404. */
  alerting?: AlertingService;
}

/** Builds the API; every answer is `{ok: true, data}` or `{ok: false, error: {type, message}}`. */
export function createApp(options: AppOptions) {
  const { state } = options;
  const maxSize = options.maxBodyBytes ?? 1 << 20;
  const loaded = () => {
    const l = state.loaded;
    if (l === undefined) throw new ApiFailure("unavailable", state.lastError ?? "no snapshot is loaded yet");
    return l;
  };
  return new Hono()
    .onError(onError(options.log))
    .notFound((c) =>
      failureResponse(c, new ApiFailure("not_found", `no route ${c.req.method} ${c.req.path}`)),
    )
    .use(
      "*",
      bodyLimit({
        maxSize,
        onError: (c) =>
          failureResponse(
            c,
            new ApiFailure("payload_too_large", `request bodies are limited to ${maxSize} bytes`),
          ),
      }),
    )
    .use("*", requireToken(options.token))
    .get("/api/health", (c) =>
      c.json({ ok: true as const, data: { status: "ok", version: options.version } satisfies Health }),
    )
    .get("/api/ready", (c) => {
      const data: Ready = { ready: state.loaded !== undefined };
      if (state.lastError !== undefined) data.reason = state.lastError;
      return c.json({ ok: true as const, data }, data.ready ? 200 : 503);
    })
    .get("/api/snapshot", (c) => {
      const data: SnapshotSummary = { ...loaded().summary };
      if (state.lastError !== undefined) data.lastReloadError = state.lastError;
      return c.json({ ok: true as const, data });
    })
    .route("/", analysisRoutes(loaded))
    .route("/", alertRoutes(options.alerting, jsonBody))
    .get("/api/flows/stream", (c) => {
      if (options.live === undefined) throw new ApiFailure("unavailable", "this server takes no flows");
      return streamRoute(c, options.live, c.req.query("filter"));
    })
    .get("/api/config", (c) => {
      if (options.config === undefined)
        throw new ApiFailure("not_found", "this server has no config to show");
      return c.json({ ok: true as const, data: redactConfig(options.config) satisfies ConfigView });
    })
    .get("/metrics", async (c) => {
      if (options.metrics === undefined) throw new ApiFailure("not_found", "this server exports no metrics");
      return c.body(await options.metrics.metrics(), 200, { "content-type": options.metrics.contentType });
    })
    .get("/api/flows", async (c) => {
      if (options.store === undefined) throw new ApiFailure("unavailable", "this server keeps no flows");
      const params = {
        filter: c.req.query("filter"),
        since: c.req.query("since"),
        groupBy: c.req.query("groupBy"),
        top: c.req.query("top"),
      };
      return c.json({ ok: true as const, data: await queryRoute(options.store, params, Date.now()) });
    })
    .post("/api/flows", async (c) => {
      if (options.live === undefined) throw new ApiFailure("unavailable", "this server takes no flows");
      const body = new Uint8Array(await c.req.arrayBuffer());
      const data = await ingestRoute(options.live, body, c.req.query("format"), new Date().getUTCFullYear());
      options.metrics?.recordIngest(data.format, data.records, data.bad);
      return c.json({ ok: true as const, data });
    })
    .post("/api/eval", async (c) =>
      c.json({ ok: true as const, data: evalRoute(loaded().engine, await jsonBody(c.req.raw)) }),
    );
}

/** The request's JSON body; anything else is a bad request naming what was wrong. */
async function jsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type))
    throw new ApiFailure("bad_request", "send a JSON body (Content-Type: application/json)");
  const text = await request.text();
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ApiFailure("bad_request", `the body is not valid JSON: ${(err as Error).message}`);
  }
}
