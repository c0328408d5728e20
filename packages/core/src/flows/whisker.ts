// Parser for Calico OSS Whisker `/flows` records (Goldmane flows as JSON), one per line or as `data:` stream events.
import { carriesPorts } from "../eval/flow-spec-parse.js";
import type { Flow, FlowEnd } from "./flow.js";
import {
  defined,
  Fields,
  originOf,
  parseJsonLine,
  recordIssue,
  shown,
  total,
  type JsonObject,
  type Problem,
} from "./json-fields.js";
import type { InputLine, LineParser, RecordResult } from "./parser.js";
import { parseRfc3339 } from "./time.js";
import { renderHits } from "./whisker-policy-hits.js";

function time(f: Fields, key: string): number | undefined {
  const v = f.value(key);
  if (typeof v === "number") return f.int(key, 0, 253_402_300_799) === undefined ? undefined : v * 1000;
  if (v === undefined) return f.missing(key);
  const ms = typeof v === "string" ? parseRfc3339(v) : undefined;
  return (
    ms ?? f.fail(key, `expected an RFC 3339 time such as "2025-03-06T14:05:30Z", got ${JSON.stringify(v)}`)
  );
}

const networkNames: Readonly<Record<string, string>> = { "PUBLIC NETWORK": "pub", "PRIVATE NETWORK": "pvt" };
const endTypes: Readonly<Record<string, FlowEnd["type"]>> = {
  WorkloadEndpoint: "wep",
  HostEndpoint: "hep",
  NetworkSet: "ns",
  Network: "net",
  wep: "wep",
  hep: "hep",
  ns: "ns",
  net: "net",
};

function labels(f: Fields, key: string): Record<string, string> | undefined {
  const v = f.value(key);
  const list = typeof v === "string" ? v.split(" | ").filter((l) => l !== "") : f.strings(key);
  return list && list.length > 0 ? f.labelList(key, list) : undefined;
}

function readEnd(f: Fields, side: "source" | "dest"): FlowEnd {
  const written = f.string(`${side}_name`, { none: [""] });
  const name = written === undefined ? undefined : (networkNames[written] ?? written);
  const typeName = f.oneOf(`${side}_type`, [...Object.keys(endTypes), "EndpointTypeUnspecified"]);
  return defined<FlowEnd>({
    name,
    namespace: f.string(`${side}_namespace`, { none: ["", "-", "Global"] }),
    type:
      typeName === undefined ? (name === "pub" || name === "pvt" ? "net" : undefined) : endTypes[typeName],
    labels: labels(f, `${side}_labels`),
  });
}

function readRecord(record: JsonObject): { flow: Omit<Flow, "origin"> } | { problem: Problem } {
  const f = new Fields(record);
  const start = time(f, "start_time");
  const end = time(f, "end_time");
  const protocolKey =
    f.value("protocol") === undefined && f.value("proto") !== undefined ? "proto" : "protocol";
  const protocol = f.protocol(protocolKey);
  const port = f.port("dest_port");
  const action = f.oneOf("action", ["Allow", "Deny", "ActionUnspecified"], { required: true, fold: true });
  const reporter = f.oneOf("reporter", ["Src", "Dst", "ReporterUnspecified"], { required: true, fold: true });
  const policies = f.child("policies");
  const started = f.count("num_connections_started") ?? 0;
  const live = f.count("num_connections_live") ?? 0;
  const dst = readEnd(f, "dest");
  const flow = defined<Omit<Flow, "origin">>({
    start,
    end,
    src: readEnd(f, "source"),
    dst:
      port === undefined || (port === 0 && protocol !== undefined && !carriesPorts(protocol))
        ? dst
        : { ...dst, port },
    protocol,
    action: action === "Allow" ? "allow" : action === "Deny" ? "deny" : undefined,
    reporter: reporter === "Src" ? "src" : reporter === "Dst" ? "dst" : undefined,
    policies: policies && {
      enforced: renderHits(policies, "enforced"),
      pending: renderHits(policies, "pending"),
    },
    count: Math.max(1, started, live),
    packets: total(f.count("packets_in"), f.count("packets_out")),
    bytes: total(f.count("bytes_in"), f.count("bytes_out")),
  });
  if (start !== undefined && end !== undefined && end < start)
    f.fail("end_time", "expected a time at or after start_time");
  return f.problem ? { problem: f.problem } : { flow };
}

/** Reads one Whisker flow object (already parsed) into a flow, or the problem with it. */
export function readWhiskerRecord(
  record: JsonObject,
  origin: Flow["origin"],
): { flow: Flow } | { problem: Problem } {
  if (Array.isArray(record["items"]))
    return {
      problem: {
        code: "flow-syntax",
        message: "a whole Whisker list document on one line, not one flow",
        fix: "read the file as a document (parseWhiskerDocument), or write one flow per line with jq -c '.items[]'",
      },
    };
  const r = readRecord(record);
  return "flow" in r ? { flow: { ...r.flow, origin } } : r;
}

const sseField = /^(event|id|retry):/;

function parseStreamLine(line: InputLine, file?: string): RecordResult {
  const t = line.text;
  if (t.startsWith(":") || sseField.test(t)) return { skip: true };
  if (t.startsWith("error:")) {
    const message = `the Whisker stream reported an error: ${shown(t.slice(6).trim())}`;
    return { issue: recordIssue({ code: "flow-syntax", message }, line.line, file) };
  }
  const text = t.startsWith("data:") ? t.slice(5) : t;
  return parseJsonLine({ ...line, text }, file, "a Whisker flow", (record) =>
    readWhiskerRecord(record, originOf("whisker", line, file)),
  );
}

/**
 * Reads Whisker flows one per line (`whisker`): JSON lines as `jq -c '.items[]'` writes them, or the
 * `data: {...}` events of `/flows?watch=true`. PolicyHits become v3.32 flow-log policy strings.
 */
export const whiskerParser: LineParser = { format: "whisker", parseLine: parseStreamLine };
