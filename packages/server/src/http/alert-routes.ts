// The alerting API: alerts now, the notification history, and silences (creating and expiring them needs the token).
import { Hono } from "hono";
import type { ApiMatcher, LabelMatcher } from "@netward/core";
import type { AlertingService } from "../alerting/alerting-service.js";
import { ApiFailure } from "./errors.js";

/** The alerting service, or a 404 saying how to turn alerting on. */
function need(alerting: AlertingService | undefined): AlertingService {
  if (alerting === undefined)
    throw new ApiFailure("not_found", "alerting is off: give the config an alerting section with a route");
  return alerting;
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);

/** A time given as RFC 3339 text, in ms; a bad one is a bad request naming the field. */
function time(value: unknown, field: string): number {
  const ms = typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms))
    throw new ApiFailure("bad_request", `${field} must be an RFC 3339 time such as 2026-11-23T10:00:00Z`);
  return ms;
}

/** One matcher of a silence request: Alertmanager's `{name, value, isRegex, isEqual}` or `{name, value, type}`. */
function matcher(raw: unknown, i: number): ApiMatcher | LabelMatcher {
  const where = `matchers[${i}]`;
  if (!isRecord(raw) || typeof raw["name"] !== "string" || typeof raw["value"] !== "string")
    throw new ApiFailure("bad_request", `${where} needs a name and a value (strings)`);
  const { name, value } = raw;
  if (raw["type"] !== undefined) {
    const type = raw["type"];
    if (type !== "=" && type !== "!=" && type !== "=~" && type !== "!~")
      throw new ApiFailure("bad_request", `${where}.type must be one of =, !=, =~, !~`);
    return { name, value, type };
  }
  if (typeof raw["isRegex"] !== "boolean")
    throw new ApiFailure("bad_request", `${where}.isRegex must be true or false`);
  if (raw["isEqual"] !== undefined && typeof raw["isEqual"] !== "boolean")
    throw new ApiFailure("bad_request", `${where}.isEqual must be true or false`);
  const out: ApiMatcher = { name, value, isRegex: raw["isRegex"] };
  return raw["isEqual"] === undefined ? out : { ...out, isEqual: raw["isEqual"] };
}

/** Reads a POST /api/silences body (Alertmanager's silence: matchers, startsAt, endsAt, createdBy, comment). */
function silenceBody(body: unknown, now: number) {
  if (!isRecord(body)) throw new ApiFailure("bad_request", "send a silence as a JSON object");
  const known = ["matchers", "startsAt", "endsAt", "createdBy", "comment"];
  const unknown = Object.keys(body).find((k) => !known.includes(k));
  if (unknown !== undefined)
    throw new ApiFailure("bad_request", `unknown field ${unknown}; a silence has ${known.join(", ")}`);
  if (!Array.isArray(body["matchers"]) || body["matchers"].length === 0)
    throw new ApiFailure("bad_request", "matchers must be a non-empty list");
  for (const field of ["createdBy", "comment"])
    if (body[field] !== undefined && typeof body[field] !== "string")
      throw new ApiFailure("bad_request", `${field} must be a string`);
  return {
    matchers: body["matchers"].map(matcher),
    startsAt: body["startsAt"] === undefined ? now : time(body["startsAt"], "startsAt"),
    endsAt: time(body["endsAt"], "endsAt"),
    ...(typeof body["createdBy"] === "string" ? { createdBy: body["createdBy"] } : {}),
    ...(typeof body["comment"] === "string" ? { comment: body["comment"] } : {}),
  };
}

/** The alerting routes over a service (undefined when alerting is off: every route answers 404). */
export function alertRoutes(
  alerting: AlertingService | undefined,
  readBody: (r: Request) => Promise<unknown>,
) {
  return new Hono()
    .get("/api/alerts", (c) => {
      const state = c.req.query("state");
      if (state !== undefined && !["pending", "firing", "resolved"].includes(state))
        throw new ApiFailure("bad_request", "state must be pending, firing or resolved");
      const alerts = need(alerting).alerts();
      return c.json({
        ok: true as const,
        data: state === undefined ? alerts : alerts.filter((a) => a.state === state),
      });
    })
    .get("/api/alerts/history", (c) => c.json({ ok: true as const, data: need(alerting).history() }))
    .get("/api/silences", (c) => c.json({ ok: true as const, data: need(alerting).silences() }))
    .post("/api/silences", async (c) => {
      const service = need(alerting);
      const made = service.createSilence(silenceBody(await readBody(c.req.raw), Date.now()));
      if ("error" in made) throw new ApiFailure("bad_request", made.error);
      return c.json({ ok: true as const, data: made.silence }, 201);
    })
    .delete("/api/silences/:id", (c) => {
      const id = c.req.param("id");
      if (!need(alerting).expireSilence(id))
        throw new ApiFailure("not_found", `no silence ${id} that has not expired already`);
      return c.json({ ok: true as const, data: { expired: id } });
    });
}
