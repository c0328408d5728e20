// Parser for Calico Enterprise flow logs, one JSON record per line (SEMANTICS §7), into flows.
import type { Flow, FlowEnd, FlowOrigin, ReportedPolicies } from "./flow.js";
import {
  defined,
  Fields,
  originOf,
  parseJsonLine,
  total,
  type JsonObject,
  type Problem,
} from "./json-fields.js";
import type { LineParser } from "./parser.js";

const none = ["-"];
const endTypes = ["wep", "hep", "ns", "net"] as const;
const maxSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z

/** Label maps by their `key=value` list, shared by the records that repeat a list (read-only, like flows). */
const labelMaps = new Map<string, Record<string, string>>();
const maxLabelMaps = 10_000;

function readLabels(labels: Fields, list: readonly string[]): Record<string, string> {
  const key = list.join("\n");
  const known = labelMaps.get(key);
  if (known !== undefined) return known;
  const map = labels.labelList("labels", list);
  if (list.every((text) => text.indexOf("=") > 0 && !text.includes("\n"))) {
    if (labelMaps.size >= maxLabelMaps) labelMaps.clear();
    labelMaps.set(key, map);
  }
  return map;
}

function readEnd(f: Fields, side: "source" | "dest"): FlowEnd {
  const labels = f.child(`${side}_labels`);
  const list = labels?.strings("labels");
  return defined<FlowEnd>({
    ip: f.ip(`${side}_ip`, none),
    port: f.port(`${side}_port`),
    name: f.string(`${side}_name`, { none }) ?? f.string(`${side}_name_aggr`, { none }),
    namespace: f.string(`${side}_namespace`, { none: ["-", ""] }),
    type: f.oneOf(`${side}_type`, endTypes),
    labels: labels && list ? readLabels(labels, list) : undefined,
  });
}

function readPolicies(f: Fields): ReportedPolicies | undefined {
  const p = f.child("policies");
  if (!p) return undefined;
  const enforced = p.strings("enforced_policies") ?? p.strings("all_policies") ?? [];
  return { enforced, pending: p.strings("pending_policies") ?? [] };
}

function readRecord(record: JsonObject, origin: FlowOrigin): { flow: Flow } | { problem: Problem } {
  const f = new Fields(record);
  const start = f.int("start_time", 0, maxSeconds, true);
  const end = f.int("end_time", 0, maxSeconds, true);
  if (start !== undefined && end !== undefined && end < start)
    f.fail("end_time", `expected a time at or after start_time (${start}), got ${end}`);
  const flow = defined<Flow>({
    start: start === undefined ? undefined : start * 1000,
    end: end === undefined ? undefined : end * 1000,
    src: readEnd(f, "source"),
    dst: readEnd(f, "dest"),
    protocol: f.protocol("proto"),
    action: f.oneOf("action", ["allow", "deny"], { required: true }),
    reporter: f.oneOf("reporter", ["src", "dst", "fwd"], { required: true }),
    policies: readPolicies(f),
    count: f.count("num_flows") ?? 1,
    packets: total(f.count("packets_in"), f.count("packets_out")),
    bytes: total(f.count("bytes_in"), f.count("bytes_out")),
    host: f.string("host", { none }),
    origin,
  });
  return f.problem ? { problem: f.problem } : { flow };
}

/** Reads Calico Enterprise flow log lines (`calico-flowlog`): times in Unix seconds, `-` for absent values. */
export const calicoFlowLogParser: LineParser = {
  format: "calico-flowlog",
  parseLine: (line, file) =>
    parseJsonLine(line, file, "a Calico flow log record", (record) =>
      readRecord(record, originOf("calico-flowlog", line, file)),
    ),
};
