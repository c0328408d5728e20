// POST /api/eval: the verdict of one flow, checked field by field like `netward eval`.
import {
  evaluateFlow,
  flowLogPolicyStrings,
  parseEndpointRef,
  parseIP,
  parsePortSpec,
  resolveEndpoint,
  type Engine,
  type FlowSpec,
} from "@netward/core";
import type { EvalRequest, EvalResponse } from "./api-types.js";
import { ApiFailure } from "./errors.js";

const fields = ["from", "to", "port", "pending"];

function text(body: Record<string, unknown>, field: "from" | "to" | "port"): string {
  const value = body[field];
  if (typeof value !== "string" || value === "")
    throw new ApiFailure("bad_request", `${field} must be a non-empty string`, field);
  return value;
}

function checked<T>(result: { ok: true; value: T } | { ok: false; error: string }, field: string): T {
  if (!result.ok) throw new ApiFailure("unprocessable", `${field}: ${result.error}`, field);
  return result.value;
}

/** Reads an eval request from an untrusted body, naming the first field that is wrong. */
function evalRequest(body: unknown): EvalRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new ApiFailure("bad_request", "the body must be a JSON object {from, to, port, pending?}");
  const record = body as Record<string, unknown>;
  const unknownField = Object.keys(record).find((k) => !fields.includes(k));
  if (unknownField !== undefined)
    throw new ApiFailure(
      "bad_request",
      `unknown field ${unknownField}; fields are ${fields.join(", ")}`,
      unknownField,
    );
  if (record["pending"] !== undefined && typeof record["pending"] !== "boolean")
    throw new ApiFailure("bad_request", "pending must be true or false", "pending");
  const out: EvalRequest = { from: text(record, "from"), to: text(record, "to"), port: text(record, "port") };
  if (record["pending"] === true) out.pending = true;
  return out;
}

/** Answers an eval request with the engine, as `netward eval -o json` does. */
export function evalRoute(engine: Engine, body: unknown): EvalResponse {
  const request = evalRequest(body);
  const src = checked(parseEndpointRef(request.from), "from");
  const dst = checked(parseEndpointRef(request.to), "to");
  const port = checked(parsePortSpec(request.port), "port");
  if (src.kind === "ip" && dst.kind === "ip" && parseIP(src.ip)?.family !== parseIP(dst.ip)?.family)
    throw new ApiFailure(
      "unprocessable",
      "from and to are of different IP families; a connection uses one",
      "to",
    );
  for (const [ref, field] of [
    [src, "from"],
    [dst, "to"],
  ] as const) {
    const found = resolveEndpoint(engine, ref);
    if (!found.ok) throw new ApiFailure("unprocessable", `${field}: ${found.error}`, field);
  }
  const flow: FlowSpec = { src, dst, ...port };
  const verdict = evaluateFlow(engine, flow, { pending: request.pending ?? false });
  return {
    ...verdict,
    flowLog: {
      egress: flowLogPolicyStrings(verdict.egress.hits, engine.calicoVersion),
      ingress: flowLogPolicyStrings(verdict.ingress.hits, engine.calicoVersion),
    },
  };
}
