// Read-only analysis routes over the snapshot in use: load issues, lint findings, reachability (streamed) and who-can-reach queries.
import { Hono } from "hono";
import { stream } from "hono/streaming";
import {
  connEntries,
  lintSnapshot,
  parseEndpointRef,
  parseIP,
  Reachability,
  resolveEndpoint,
  type Issue,
  type ReachFilter,
} from "@netward/core";
import { reachFilter } from "../cli/reach-command.js";
import { peerJSON, rowRenderers } from "../cli/reach-formats.js";
import { UsageError } from "../cli/usage-error.js";
import type { LintResponse, LocatedIssue, ReachQueryResponse, ValidateResponse } from "./api-types.js";
import { ApiFailure } from "./errors.js";
import type { Loaded } from "./snapshot-state.js";

/** The reachability of a loaded snapshot, computed once per snapshot and mode. */
const reachCache = new WeakMap<Loaded, Map<string, Reachability>>();

function reachOf(loaded: Loaded, pending: boolean): Reachability {
  let byMode = reachCache.get(loaded);
  if (byMode === undefined) reachCache.set(loaded, (byMode = new Map<string, Reachability>()));
  const key = pending ? "pending" : "enforced";
  let reach = byMode.get(key);
  if (reach === undefined)
    byMode.set(key, (reach = new Reachability(loaded.engine, { mode: "workload", external: true, pending })));
  return reach;
}

/** The lint findings of a loaded snapshot, computed once per snapshot. */
const lintCache = new WeakMap<Loaded, LocatedIssue[]>();

/** A reach filter from query parameters; a bad one is a 400 naming the parameter. */
function filterOf(q: (name: string) => string | undefined): ReachFilter {
  const opts = { show: q("show") ?? "allowed" };
  try {
    return reachFilter({
      ...opts,
      ...(q("focus") === undefined ? {} : { focus: q("focus")! }),
      ...(q("direction") === undefined ? {} : { direction: q("direction")! }),
      ...(q("port") === undefined ? {} : { port: q("port")! }),
    });
  } catch (err) {
    if (err instanceof UsageError) throw new ApiFailure("bad_request", err.message.replace(/--/g, ""));
    throw err;
  }
}

const located = (i: Issue): LocatedIssue => {
  const out: LocatedIssue = { code: i.code, severity: i.severity, message: i.message };
  if (i.file !== undefined) out.file = i.file;
  if (i.line !== undefined) out.line = i.line;
  if (i.column !== undefined) out.column = i.column;
  if (i.path !== undefined) out.path = i.path;
  if (i.fix !== undefined) out.fix = i.fix;
  return out;
};

/** The routes, answering from whatever snapshot is in use when a request comes. */
export function analysisRoutes(loaded: () => Loaded) {
  return new Hono()
    .get("/api/validate", (c) => {
      const data: ValidateResponse = { issues: loaded().issues.map(located) };
      return c.json({ ok: true as const, data });
    })
    .get("/api/lint", (c) => {
      const l = loaded();
      let findings = lintCache.get(l);
      if (findings === undefined) {
        findings = lintSnapshot(l.snapshot, { calicoVersion: l.engine.calicoVersion }).map(located);
        lintCache.set(l, findings);
      }
      return c.json({ ok: true as const, data: { findings } satisfies LintResponse });
    })
    .get("/api/reach", (c) => {
      const filter = filterOf((n) => c.req.query(n));
      const reach = reachOf(loaded(), c.req.query("pending") === "true");
      const json = rowRenderers["json"]!;
      c.header("content-type", "application/json");
      return stream(c, async (out) => {
        await out.write(json.head);
        let first = true;
        let chunk = "";
        for (const row of reach.connections(filter)) {
          chunk += json.row(row, first);
          first = false;
          if (chunk.length >= 65_536) {
            await out.write(chunk);
            chunk = "";
          }
        }
        await out.write(chunk + json.tail);
      });
    })
    .get("/api/query/:question{who-can-reach|reachable-from}", (c) => {
      const l = loaded();
      const text = c.req.query("endpoint");
      if (text === undefined)
        throw new ApiFailure("bad_request", "give ?endpoint=ns/name, hep:node/name or an IP", "endpoint");
      const ref = parseEndpointRef(text);
      if (!ref.ok) throw new ApiFailure("unprocessable", ref.error, "endpoint");
      const found = resolveEndpoint(l.engine, ref.value);
      if (!found.ok) throw new ApiFailure("unprocessable", found.error, "endpoint");
      const subject = found.endpoint ?? (ref.value.kind === "ip" ? parseIP(ref.value.ip) : undefined);
      if (subject === undefined)
        throw new ApiFailure("unprocessable", `${text} is not an endpoint or address`, "endpoint");
      const direction = c.req.param("question") === "who-can-reach" ? "to" : "from";
      const filter = filterOf((n) => (n === "focus" || n === "direction" ? undefined : c.req.query(n)));
      const rows = [...reachOf(l, c.req.query("pending") === "true").around(subject, direction, filter)];
      const connections = rows.map((r) => ({
        [direction === "to" ? "src" : "dst"]: peerJSON(direction === "to" ? r.src.peer : r.dst.peer),
        conns: connEntries(r.conns),
        ...(r.uncertain ? { uncertain: r.uncertain } : {}),
      }));
      const data: ReachQueryResponse = { endpoint: text, direction, connections };
      return c.json({ ok: true as const, data });
    });
}
