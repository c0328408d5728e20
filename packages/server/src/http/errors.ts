// The API's one error shape: failures raised by routes and anything unexpected, answered as JSON without internals.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { errorStatus, type ApiError, type ErrorType } from "./api-types.js";

/** A failure a route reports to the client, with its type (which decides the status). */
export class ApiFailure extends Error {
  constructor(
    readonly type: ErrorType,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The JSON answer for a failure. */
export function failureResponse(c: Context, failure: ApiFailure): Response {
  const body: ApiError = { ok: false, error: { type: failure.type, message: failure.message } };
  if (failure.field !== undefined) body.error.field = failure.field;
  return c.json(body, errorStatus[failure.type] as ContentfulStatusCode);
}

/**
 * The app's error handler: a failure as itself, anything else as `internal` with a fixed message (the error is
 * reported to `log`, which must not be shown to clients).
 */
export function onError(log: (message: string) => void) {
  return (err: Error, c: Context): Response => {
    if (err instanceof ApiFailure) return failureResponse(c, err);
    log(`internal error on ${c.req.method} ${new URL(c.req.url).pathname}: ${err.name}`);
    return failureResponse(c, new ApiFailure("internal", "the server failed to answer; see its log"));
  };
}
