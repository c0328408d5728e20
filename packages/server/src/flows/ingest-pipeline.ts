// The ingest pipeline's stages after reading: a source's bytes parsed, each flow attributed, all aggregated.
import {
  aggregateFlows,
  parseCapture,
  parseWhiskerDocument,
  type AggregatedFlow,
  type AggregationOptions,
  type AttributedFlow,
  type Attributor,
  type Flow,
  type FlowFormat,
  type Issue,
} from "@netward/core";
import { parseFlowFile } from "../inputs/flow-file.js";
import { detectFlowFormat, flowFormats, lineParserFor } from "../inputs/flow-format.js";

/** How to read a source: a format (or auto), the year of syslog timestamps that carry none, dmesg's boot time. */
export interface ReadOptions {
  format: FlowFormat | "auto";
  year?: number;
  /** Milliseconds since the epoch when the host booted, added to dmesg uptimes. */
  bootTime?: number;
}

/** A source's records: its flows, the bad records as issues, the format read, and its bytes. */
export interface ReadFlows {
  flows: Flow[];
  issues: Issue[];
  format: FlowFormat;
  bytes: Uint8Array;
}

/** Raised when a source's format cannot be told; the message says what to give. */
export class UnknownFormatError extends Error {}

/** Parses a whole source already in memory, in the format given or detected from its first bytes. */
export function parseFlowBytes(bytes: Uint8Array, file: string, options: ReadOptions): ReadFlows {
  const chosen = options.format === "auto" ? detectFlowFormat(bytes.subarray(0, 65536)) : options.format;
  if (chosen === undefined)
    throw new UnknownFormatError(
      `${file}: cannot tell the flow format; give --format (${flowFormats.join(", ")})`,
    );
  if (chosen === "pcap") return { ...parseCapture(bytes, { file }), format: chosen, bytes };
  const head = new TextDecoder().decode(bytes.subarray(0, 64));
  if (chosen === "whisker" && /^\s*(\[|\{\s*"(total|items)")/.test(head))
    return { ...parseWhiskerDocument(new TextDecoder().decode(bytes), file), format: chosen, bytes };
  const parser = lineParserFor(chosen, {
    ...(options.year === undefined ? {} : { year: options.year }),
    ...(options.bootTime === undefined ? {} : { bootTime: options.bootTime }),
  });
  return { ...parseFlowFile(bytes, parser, file), format: chosen, bytes };
}

/** A flow without manifests to attribute it with: only what the source reported. */
export function unattributed(flow: Flow): AttributedFlow {
  return { flow, src: { kind: "unknown" }, dst: { kind: "unknown" }, unattributed: "no manifests given" };
}

/** What a batch of flows came to: records read, denied, drift, bad records, and the aggregated rows. */
export interface BatchResult {
  records: number;
  denied: number;
  drift: number;
  bad: number;
  rows: AggregatedFlow[];
  /** The attributed flows themselves, when asked for (`keep`). */
  attributed?: AttributedFlow[];
}

/** Attributes a batch of flows (when there is an attributor) and aggregates them; `keep` returns the attributed flows too. */
export function attributeAndAggregate(
  flows: readonly Flow[],
  issues: readonly Issue[],
  attributor: Attributor | undefined,
  levels: AggregationOptions,
  keep = false,
): BatchResult {
  let denied = 0;
  let drift = 0;
  const attributed = flows.map((flow) => {
    const a = attributor ? attributor.attribute(flow) : unattributed(flow);
    if ((a.enforced?.verdict ?? a.flow.action) === "deny") denied++;
    if (a.drift) drift++;
    return a;
  });
  const result: BatchResult = {
    records: flows.length,
    denied,
    drift,
    bad: issues.filter((i) => i.severity === "error").length,
    rows: aggregateFlows(attributed, levels),
  };
  if (keep) result.attributed = attributed;
  return result;
}
