// The fields an aggregated flow record is queried, grouped and measured by, and how to read each one.
import type { AggregatedFlow } from "../flows/aggregate.js";

/** The fields stored with every record (the flow store's columns), in column order. */
export const flowRecordFields = [
  "start_time",
  "action",
  "aggregation_level",
  "source_name",
  "source_port",
  "dest_name",
  "dest_port",
  "proto",
  "policy",
  "num_flows",
  "packets",
  "bytes",
  "drift",
] as const;

/** A field stored with every record. */
export type FlowRecordField = (typeof flowRecordFields)[number];

/**
 * Fields computed from an end's name `namespace/name`, as Calico flow logs name them (`-` when there is no
 * namespace); below level 2 from the workload the address resolved to, when the record knows it.
 */
export const derivedFlowFields = [
  "source_namespace",
  "source_name_aggr",
  "dest_namespace",
  "dest_name_aggr",
] as const;

/** A field computed from a stored one. */
export type DerivedFlowField = (typeof derivedFlowFields)[number];

/** Any field a query, an aggregateBy or a metric can name. */
export type AnyFlowField = FlowRecordField | DerivedFlowField;

/** Every field a query, an aggregateBy or a metric can name. */
export const anyFlowFields: readonly AnyFlowField[] = [...flowRecordFields, ...derivedFlowFields];

/** Fields whose values are numbers (compared as numbers, and the only ones a metric can measure). */
export const numericFlowFields: ReadonlySet<AnyFlowField> = new Set<AnyFlowField>([
  "start_time",
  "aggregation_level",
  "source_port",
  "dest_port",
  "proto",
  "num_flows",
  "packets",
  "bytes",
  "drift",
]);

/** Splits an end's name into namespace and name: `shop/api-*` has both; `hep:`, sets and addresses have no namespace. */
function split(name: string): [string, string] {
  const slash = name.indexOf("/");
  if (slash <= 0 || name.startsWith("hep:")) return ["-", name];
  return [name.slice(0, slash), name.slice(slash + 1)];
}

/** A field's value on a record (undefined when the record has none). */
export function flowRecordValue(r: AggregatedFlow, field: AnyFlowField): string | number | undefined {
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
    case "source_namespace":
      return split(r.srcWorkload ?? r.src)[0];
    case "source_name_aggr":
      return split(r.srcWorkload ?? r.src)[1];
    case "dest_namespace":
      return split(r.dstWorkload ?? r.dst)[0];
    case "dest_name_aggr":
      return split(r.dstWorkload ?? r.dst)[1];
  }
}

/** True when a text names a field a query can use. */
export function isFlowField(name: string): name is AnyFlowField {
  return (anyFlowFields as readonly string[]).includes(name);
}
