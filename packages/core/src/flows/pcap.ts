// Parses a pcap or pcapng capture into flows, reporting bad input as issues with byte offsets; never throws.
import type { Issue, Severity } from "../model/issue.js";
import type { Flow } from "./flow.js";
import { DEFAULT_BUCKET_MS, FlowBuckets } from "./flow-buckets.js";
import { decodeIP } from "./packet.js";
import type { CapturedPacket } from "./pcap-capture.js";
import { isClassicPcap, readClassicPcap } from "./pcap-classic.js";
import { stripLink } from "./pcap-link.js";
import { isPcapng, readPcapng } from "./pcapng.js";

/** Options of `parseCapture`: the flow bucket size (default 15 s, as Goldmane) and the file name for origins and issues. */
export interface CaptureOptions {
  bucketMs?: number;
  file?: string;
}

/** Warnings listed per capture before the rest are only counted, so a broken capture cannot flood the report. */
export const MAX_CAPTURE_WARNINGS = 100;

/**
 * Reads a libpcap or pcapng capture and makes flows of its TCP/SCTP openers and UDP/ICMP packets per time
 * bucket (see `FlowBuckets`). Issue messages carry the byte offset of the bad header, record or block.
 */
export function parseCapture(
  bytes: Uint8Array,
  options: CaptureOptions = {},
): { flows: Flow[]; issues: Issue[] } {
  const { file } = options;
  const bucketMs =
    options.bucketMs !== undefined && options.bucketMs > 0 ? options.bucketMs : DEFAULT_BUCKET_MS;
  const buckets = new FlowBuckets(bucketMs, file);
  const issues: Issue[] = [];
  const unlisted = new Map<string, number>();
  const issue = (code: string, severity: Severity, message: string): void => {
    if (severity === "warning" && issues.length >= MAX_CAPTURE_WARNINGS)
      unlisted.set(code, (unlisted.get(code) ?? 0) + 1);
    else issues.push({ code, severity, message, ...(file === undefined ? {} : { file }) });
  };
  const packet = (p: CapturedPacket): void => {
    const link = stripLink(p.linkType, p.data);
    const ip = "ip" in link ? decodeIP(link.ip, link.version) : link;
    if ("packet" in ip) buckets.add(ip.packet, p.timeMs, p.offset);
    else if ("error" in ip)
      issue("flow-syntax", "warning", `the packet at byte ${p.offset} is malformed: ${ip.error}`);
  };
  if (isPcapng(bytes)) readPcapng(bytes, { packet, issue });
  else if (isClassicPcap(bytes)) readClassicPcap(bytes, { packet, issue });
  else if (bytes.length < 4)
    issue("flow-truncated", "error", `the file ends at byte ${bytes.length}, before its magic number`);
  else
    issue(
      "flow-syntax",
      "error",
      "not a pcap or pcapng capture: the file does not start with a capture magic number",
    );
  for (const [code, n] of unlisted) issue(code, "info", `${n} more ${code} warnings are not listed`);
  return { flows: buckets.result(), issues };
}
