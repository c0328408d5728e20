// GET /api/flows: stored flows by time range and filter (the flow query language), or grouped with totals.
import { parseFlowQuery } from "@netward/core";
import type { FlowsQueryResponse } from "../http/api-types.js";
import { duration } from "../cli/duration.js";
import { UsageError } from "../cli/usage-error.js";
import { ApiFailure } from "../http/errors.js";
import { flowFields, type FlowField, type FlowStore } from "../store/flow-store.js";

/** The query parameters, as strings from the URL. */
export interface QueryParams {
  filter?: string | undefined;
  since?: string | undefined;
  groupBy?: string | undefined;
  top?: string | undefined;
}

/** Runs a query against the store; every bad parameter is a 400 naming it. */
export async function queryRoute(
  store: FlowStore,
  params: QueryParams,
  now: number,
): Promise<FlowsQueryResponse> {
  const fields = Object.keys(flowFields);
  const parsed = parseFlowQuery(params.filter ?? "", { fields });
  if (!parsed.ok)
    throw new ApiFailure(
      "bad_request",
      `filter, column ${parsed.error.column}: ${parsed.error.message}`,
      "filter",
    );
  let from = 0;
  if (params.since !== undefined) {
    try {
      from = now - duration(params.since, "since");
    } catch (err) {
      if (err instanceof UsageError) throw new ApiFailure("bad_request", err.message, "since");
      throw err;
    }
  }
  const top = params.top === undefined ? undefined : Number(params.top);
  if (top !== undefined && !(Number.isInteger(top) && top > 0 && top <= 10_000))
    throw new ApiFailure("bad_request", "top must be a whole number from 1 to 10000", "top");
  const selection = { from, to: Number.MAX_SAFE_INTEGER, filter: parsed.query, top: top ?? 1000 };
  const groupBy = (params.groupBy ?? "")
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  const unknown = groupBy.find((f) => !fields.includes(f));
  if (unknown !== undefined)
    throw new ApiFailure("bad_request", `groupBy: unknown field ${unknown}`, "groupBy");
  if (groupBy.length > 0)
    return { groups: await store.group({ ...selection, groupBy: groupBy as FlowField[] }) };
  return { rows: await store.select(selection) };
}
