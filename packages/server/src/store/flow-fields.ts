// Reads the query fields of an aggregated flow, the in-memory counterpart of the store's columns.
import type { AggregatedFlow } from "@netward/core";
import type { FlowField } from "./flow-store.js";

/** A field's value on a record (undefined when the record has none). */
export function flowFieldValue(r: AggregatedFlow, field: FlowField): string | number | undefined {
  switch (field) {
    case "start_time":
      return r.bucket;
    case "action":
      return r.verdict;
    case "aggregation_level":
      return r.level;
    case "source_name":
      return r.src;
    case "source_port":
      return r.srcPort;
    case "dest_name":
      return r.dst;
    case "dest_port":
      return r.dstPort;
    case "proto":
      return r.protocol;
    case "policy":
      return r.policy;
    case "num_flows":
      return r.count;
    case "packets":
      return r.packets;
    case "bytes":
      return r.bytes;
    case "drift":
      return r.drift;
  }
}
