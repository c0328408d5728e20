// POST /api/flows: flow records in any supported format, attributed and stored like any other input.
import type { FlowFormat, Issue } from "@netward/core";
import { flowFormats } from "../inputs/flow-format.js";
import { parseFlowBytes, UnknownFormatError } from "../flows/ingest-pipeline.js";
import { ApiFailure } from "../http/errors.js";
import type { LiveBatch, LiveFlows } from "./live-flows.js";

/** The answer to an ingest: what the batch came to, how many records were bad, and the first of their issues. */
export interface IngestResponse extends LiveBatch {
  format: FlowFormat;
  bad: number;
  issues: Pick<Issue, "code" | "message" | "line">[];
}

/** Parses a request body as flow records and adds them; an unknown format is a 422 naming the formats. */
export async function ingestRoute(
  live: LiveFlows,
  body: Uint8Array,
  format: string | undefined,
  year: number,
): Promise<IngestResponse> {
  if (format !== undefined && format !== "auto" && !flowFormats.includes(format as FlowFormat))
    throw new ApiFailure(
      "bad_request",
      `unknown format ${format}; use one of ${flowFormats.join(", ")}`,
      "format",
    );
  if (body.length === 0) throw new ApiFailure("bad_request", "the body is empty; send flow records");
  let read;
  try {
    read = parseFlowBytes(body, "request", { format: (format ?? "auto") as FlowFormat | "auto", year });
  } catch (err) {
    if (err instanceof UnknownFormatError)
      throw new ApiFailure(
        "unprocessable",
        `cannot tell the flow format; give ?format= (${flowFormats.join(", ")})`,
        "format",
      );
    throw err;
  }
  const batch = await live.add(read.flows);
  const bad = read.issues.filter((i) => i.severity === "error");
  return {
    ...batch,
    format: read.format,
    bad: bad.length,
    issues: bad.slice(0, 20).map((i) => {
      const out: Pick<Issue, "code" | "message" | "line"> = { code: i.code, message: i.message };
      if (i.line !== undefined) out.line = i.line;
      return out;
    }),
  };
}
