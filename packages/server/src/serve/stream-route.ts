// GET /api/flows/stream: attributed flows as they arrive, as Server-Sent Events, filtered with the flow query language.
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import {
  aggregateFlows,
  matchFlowQuery,
  parseFlowQuery,
  type AttributedFlow,
  flowRecordValue,
} from "@netward/core";
import type { FlowStreamEvent } from "../http/api-types.js";
import { ApiFailure } from "../http/errors.js";
import { flowFields, type FlowField } from "../store/flow-store.js";
import type { LiveFlows } from "./live-flows.js";

/** Events a slow client may fall behind by before later ones are dropped (and counted in a `dropped` event). */
const MAX_QUEUED = 1000;

/** Each flow's event, built once however many clients stream it. */
const events = new WeakMap<AttributedFlow, FlowStreamEvent>();

/** One flow as the stream sends it: its fields as a level-0 record, its ends, and drift. */
function event(a: AttributedFlow): FlowStreamEvent {
  const known = events.get(a);
  if (known !== undefined) return known;
  const row = aggregateFlows([a], { allowedLevel: 0, deniedLevel: 0 })[0]!;
  const end = (e: AttributedFlow["src"]) =>
    e.name === undefined ? { kind: e.kind } : { kind: e.kind, name: e.name };
  const out: FlowStreamEvent = { row, src: end(a.src), dst: end(a.dst) };
  if (a.drift !== undefined) out.drift = a.drift;
  events.set(a, out);
  return out;
}

/** Streams every later flow matching `filter` until the client goes away. */
export function streamRoute(c: Context, live: LiveFlows, filter: string | undefined): Response {
  const parsed = parseFlowQuery(filter ?? "", { fields: Object.keys(flowFields) });
  if (!parsed.ok)
    throw new ApiFailure(
      "bad_request",
      `filter, column ${parsed.error.column}: ${parsed.error.message}`,
      "filter",
    );
  return streamSSE(c, async (sse) => {
    const queue: FlowStreamEvent[] = [];
    let dropped = 0;
    let wake: (() => void) | undefined;
    const stop = live.listen((flows) => {
      for (const a of flows) {
        const e = event(a);
        if (!matchFlowQuery(parsed.query, (k) => flowRecordValue(e.row, k as FlowField))) continue;
        if (queue.length < MAX_QUEUED) queue.push(e);
        else dropped++;
      }
      wake?.();
    });
    sse.onAbort(() => {
      stop();
      wake?.();
    });
    try {
      while (!sse.aborted) {
        if (queue.length === 0 && dropped === 0) await new Promise<void>((r) => (wake = r));
        wake = undefined;
        if (dropped > 0) {
          await sse.writeSSE({ event: "dropped", data: JSON.stringify({ dropped }) });
          dropped = 0;
        }
        for (const e of queue.splice(0)) await sse.writeSSE({ event: "flow", data: JSON.stringify(e) });
      }
    } finally {
      stop();
    }
  });
}
