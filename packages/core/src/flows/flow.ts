// A flow record as netward keeps it, whatever source it came from: ends, protocol and ports, what the source reported.

/** One end of a flow as a source describes it: an address, and the names and labels the source knew. */
export interface FlowEnd {
  ip?: string;
  port?: number;
  /** Pod, host endpoint or network set name, or an aggregated name such as `api-7d9f8b-*`. */
  name?: string;
  namespace?: string;
  /** What the source says it is: a workload endpoint, host endpoint, network set or plain network. */
  type?: "wep" | "hep" | "ns" | "net";
  labels?: Record<string, string>;
}

/** What the source reported about the policy that decided the flow, as text in its own format. */
export interface ReportedPolicies {
  enforced: string[];
  pending: string[];
}

/** Where a record came from, for messages and for idempotent re-ingest. */
export interface FlowOrigin {
  format: FlowFormat;
  file?: string;
  /** 1-based line of a text record. */
  line?: number;
  /** Byte offset of the record in its file. */
  offset?: number;
}

/** The formats netward reads. */
export type FlowFormat = "calico-flowlog" | "whisker" | "hubble" | "kernel-log" | "pcap" | "netward-jsonl";

/** A flow: one connection (or an aggregate of connections) between two ends in a time range. */
export interface Flow {
  /** Start and end of the record, in milliseconds since the epoch (equal for a single packet). */
  start: number;
  end: number;
  /**
   * Set when start and end are not real moments (dmesg uptimes without the boot time, syslog stamps without
   * their year): the record is then attributed with the snapshot as it is, not as it was at that time.
   */
  timeRelative?: true;
  src: FlowEnd;
  dst: FlowEnd;
  /** IANA protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, 132 SCTP). */
  protocol: number;
  icmpType?: number;
  icmpCode?: number;
  /** The verdict the source reported, if it reports one. */
  action?: "allow" | "deny";
  /** Which side reported it: the source's egress, the destination's ingress, or a forwarding host. */
  reporter?: "src" | "dst" | "fwd";
  policies?: ReportedPolicies;
  /** Connections this record stands for (1 for a single packet or connection opener). */
  count: number;
  packets?: number;
  bytes?: number;
  /** The node that reported it. */
  host?: string;
  origin: FlowOrigin;
}
