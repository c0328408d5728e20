// Parser for netward's own JSONL: one Flow object per line, checked field by field against the Flow interface.
import type { Flow, FlowEnd, FlowFormat } from "./flow.js";
import { defined, Fields, originOf, parseJsonLine, type JsonObject, type Problem } from "./json-fields.js";
import type { LineParser } from "./parser.js";

const flowKeys = [
  "start",
  "end",
  "src",
  "dst",
  "protocol",
  "icmpType",
  "icmpCode",
  "action",
  "reporter",
  "policies",
  "count",
  "packets",
  "bytes",
  "host",
  "origin",
];
const endKeys = ["ip", "port", "name", "namespace", "type", "labels"];
const formats: readonly FlowFormat[] = [
  "calico-flowlog",
  "whisker",
  "hubble",
  "kernel-log",
  "pcap",
  "netward-jsonl",
];

function readLabels(e: Fields): Record<string, string> | undefined {
  const labels = e.child("labels");
  if (!labels) return undefined;
  for (const [k, v] of Object.entries(labels.record))
    if (typeof v !== "string")
      labels.fail(k, `expected a string label value, got ${JSON.stringify(v) ?? "nothing"}`);
  return labels.record as Record<string, string>;
}

function readEnd(f: Fields, key: "src" | "dst"): FlowEnd | undefined {
  const e = f.child(key, true);
  if (!e) return undefined;
  e.onlyKnown(endKeys);
  return defined<FlowEnd>({
    ip: e.ip("ip"),
    port: e.port("port"),
    name: e.string("name"),
    namespace: e.string("namespace"),
    type: e.oneOf("type", ["wep", "hep", "ns", "net"]),
    labels: readLabels(e),
  });
}

function readPolicies(f: Fields): Flow["policies"] {
  const p = f.child("policies");
  if (!p) return undefined;
  p.onlyKnown(["enforced", "pending"]);
  const enforced = p.value("enforced") === undefined ? p.missing("enforced") : p.strings("enforced");
  const pending = p.value("pending") === undefined ? p.missing("pending") : p.strings("pending");
  return enforced && pending ? { enforced, pending } : undefined;
}

/** Checks a written origin (it is replaced by where the line was read: the record's place is this file now). */
function checkOrigin(f: Fields): void {
  const o = f.child("origin");
  if (!o) return;
  o.onlyKnown(["format", "file", "line", "offset"]);
  o.oneOf("format", formats, { required: true });
  o.string("file");
  o.int("line", 1, Number.MAX_SAFE_INTEGER);
  o.count("offset");
}

function readRecord(record: JsonObject): { flow: Omit<Flow, "origin"> } | { problem: Problem } {
  const f = new Fields(record);
  f.onlyKnown(flowKeys);
  const start = f.count("start", true);
  const end = f.count("end", true);
  if (start !== undefined && end !== undefined && end < start)
    f.fail("end", `expected a time at or after start (${start}), got ${end}`);
  const flow = defined<Omit<Flow, "origin">>({
    start,
    end,
    src: readEnd(f, "src"),
    dst: readEnd(f, "dst"),
    protocol: f.int("protocol", 0, 255, true),
    icmpType: f.int("icmpType", 0, 255),
    icmpCode: f.int("icmpCode", 0, 255),
    action: f.oneOf("action", ["allow", "deny"]),
    reporter: f.oneOf("reporter", ["src", "dst", "fwd"]),
    policies: readPolicies(f),
    count: f.count("count", true),
    packets: f.count("packets"),
    bytes: f.count("bytes"),
    host: f.string("host"),
  });
  checkOrigin(f);
  return f.problem ? { problem: f.problem } : { flow };
}

/**
 * Reads netward JSONL (`netward-jsonl`): each line one Flow as in flow.ts, times in milliseconds. `origin`
 * may be given and is checked, but the flow's origin is always where the line was read.
 */
export const netwardJsonlParser: LineParser = {
  format: "netward-jsonl",
  parseLine: (line, file) =>
    parseJsonLine(line, file, "a netward flow", (record) => {
      const r = readRecord(record);
      return "flow" in r ? { flow: { ...r.flow, origin: originOf("netward-jsonl", line, file) } } : r;
    }),
};
