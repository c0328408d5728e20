// The FlowStore interface: where aggregated flows are kept and queried, whatever database is behind it.
import { numericFlowFields, type AggregatedFlow, type Query } from "@netward/core";

/** The fields a flow query may name, as Calico flow logs name them, and the column each is kept in. */
export const flowFields = {
  start_time: "bucket",
  action: "action",
  aggregation_level: "level",
  source_name: "src",
  source_port: "src_port",
  dest_name: "dst",
  dest_port: "dst_port",
  proto: "proto",
  policy: "policy",
  num_flows: "num_flows",
  packets: "packets",
  bytes: "bytes",
  drift: "drift",
} as const;

/** A field a query can name. */
export type FlowField = keyof typeof flowFields;

/** Fields whose values are numbers (compared as numbers). */
export const numericFields: ReadonlySet<FlowField> = new Set(
  [...numericFlowFields].filter((f): f is FlowField => f in flowFields),
);

/** What to read: a time range (milliseconds, `from` inclusive, `to` exclusive), a filter, and optionally groups. */
export interface FlowSelection {
  from: number;
  to: number;
  filter?: Query;
  /** Group by these fields and sum num_flows, packets, bytes and drift per group. */
  groupBy?: FlowField[];
  /** Keep the groups (or rows) with the most flows, most first. */
  top?: number;
}

/** A group of flows: the grouped fields' values and the sums. */
export interface FlowGroup {
  key: Partial<Record<FlowField, string | number | null>>;
  num_flows: number;
  packets: number;
  bytes: number;
  drift: number;
}

/** A source of records, identified by its content, so the same file is never counted twice. */
export interface SourceMark {
  /** Where it came from (a path), for messages. */
  name: string;
  /** SHA-256 of its bytes, hex. */
  sha256: string;
  bytes: number;
}

/** How far following a file has got: which file (path and identity) and the position after the last record stored. */
export interface FileCursor {
  file: string;
  /** Tells one file at the path from the next after rotation (device and inode, or a digest of its head). */
  identity: string;
  /** Byte offset and 1-based line number of the next record to read. */
  offset: number;
  line: number;
}

/** Stores aggregated flows and answers queries over them; every implementation passes the same test suite. */
export interface FlowStore {
  /** Adds records (one transaction). */
  insert(rows: readonly AggregatedFlow[]): Promise<void>;
  /**
   * Adds the records of a source and marks the source as read, in one transaction (a crash leaves neither);
   * a source already read (same content) is not added again, and the answer is false.
   */
  ingest(source: SourceMark, rows: readonly AggregatedFlow[]): Promise<boolean>;
  /** Adds the records read from a followed file and moves its cursor past them, in one transaction. */
  advance(cursor: FileCursor, rows: readonly AggregatedFlow[]): Promise<void>;
  /** Where following a file last got to, if it has been followed. */
  cursor(file: string): Promise<FileCursor | undefined>;
  /** The records of a selection, newest bucket first (or the groups, most flows first, when grouping). */
  select(selection: FlowSelection): Promise<AggregatedFlow[]>;
  /** Groups of a selection by `groupBy` (empty: one group of everything). */
  group(selection: FlowSelection & { groupBy: FlowField[] }): Promise<FlowGroup[]>;
  /** Deletes records whose bucket is older than `before`; returns how many went. */
  deleteBefore(before: number): Promise<number>;
  /** Bytes the stored data takes (free space the database keeps for reuse left out). */
  size(): Promise<number>;
  /** Deletes the oldest records until the data takes at most `bytes`; returns how many records went. */
  shrinkTo(bytes: number): Promise<number>;
  /** The schema version the store is at. */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
}
