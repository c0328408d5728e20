// Bearer-token protection of the API's mutating routes.
import { timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { ApiFailure } from "./errors.js";

const mutating = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Routes that only read, even when posted to (a request body that is a question, not a change). */
const readOnlyPosts = new Set(["/api/eval"]);

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Refuses every mutating request that does not carry `Authorization: Bearer <token>` (401). */
export function requireToken(token: string): MiddlewareHandler {
  return async (c, next) => {
    if (mutating.has(c.req.method) && !readOnlyPosts.has(new URL(c.req.url).pathname)) {
      const header = c.req.header("authorization") ?? "";
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (match === null || !sameToken(match[1]!, token))
        throw new ApiFailure(
          "unauthorized",
          "this request changes the server: send Authorization: Bearer <token>",
        );
    }
    await next();
  };
}
