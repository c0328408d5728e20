// Parser for Calico's Log action lines (iptables LOG / nftables log) as the kernel writes them, behind any log prefix.
import type { Issue } from "../model/issue.js";
import { formatIP, parseIP, type IPAddress } from "../net/ip.js";
import type { Flow, FlowEnd } from "./flow.js";
import { originOf } from "./json-fields.js";
import { splitKernelPrefix, type PrefixOptions } from "./kernel-log-prefix.js";
import type { InputLine, LineParser, RecordResult } from "./parser.js";

/** Options of the kernel log parser: the Log action's prefix (Felix `LogPrefix`), and what the log prefix lacks. */
export interface KernelLogOptions extends PrefixOptions {
  /** The prefix Felix gives its LOG rules (FelixConfiguration `logPrefix`); `calico-packet` by default. */
  prefix?: string;
}

const protocols: Readonly<Record<string, number>> = {
  ICMP: 1,
  TCP: 6,
  UDP: 17,
  ESP: 50,
  AH: 51,
  ICMPv6: 58,
  SCTP: 132,
  UDPLITE: 136,
};
/** Protocols whose lines always carry SPT and DPT; the kernel prints SCTP as `PROTO=132` with no ports. */
const withPorts = new Set([6, 17, 136]);
const uptimeStamp = /^\[\s*\d+\.\d+\]\s*/;

/** The `KEY=value` fields of a packet line (first occurrence wins) and its bare flags (DF, SYN, ACK...). */
function packetFields(text: string): { values: Map<string, string>; flags: Set<string> } {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (const token of text.split(" ")) {
    if (token.startsWith("[")) break; // the packet quoted inside an ICMP error
    const eq = token.indexOf("=");
    if (eq > 0) {
      const key = token.slice(0, eq);
      if (!values.has(key)) values.set(key, token.slice(eq + 1));
    } else if (token !== "") flags.add(token);
  }
  return { values, flags };
}

type Problem = { code: "flow-syntax" | "flow-field"; field: string; message: string };

const number = (values: Map<string, string>, key: string, max: number): number | Problem => {
  const text = values.get(key);
  if (text === undefined) return { code: "flow-syntax", field: key, message: `${key} missing` };
  const n = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  return n <= max
    ? n
    : { code: "flow-field", field: key, message: `${key}=${text} is not a number 0-${max}` };
};

const address = (values: Map<string, string>, key: string): IPAddress | Problem => {
  const text = values.get(key);
  if (text === undefined || text === "")
    return { code: "flow-syntax", field: key, message: `${key} missing` };
  return parseIP(text) ?? { code: "flow-field", field: key, message: `${key}=${text} is not an IP address` };
};

const isProblem = (v: unknown): v is Problem => typeof v === "object" && v !== null && "field" in v;

/** The flow of one packet line after the prefix, a problem naming its field, or a skip (a TCP packet past SYN). */
function packetFlow(
  text: string,
  time: number,
  host: string | undefined,
): Omit<Flow, "origin"> | Problem | "skip" {
  const { values, flags } = packetFields(text);
  const src = address(values, "SRC");
  const dst = address(values, "DST");
  if (isProblem(src)) return src;
  if (isProblem(dst)) return dst;
  if (src.family !== dst.family)
    return { code: "flow-field", field: "DST", message: `SRC and DST are of different IP families` };
  const protoText = values.get("PROTO");
  if (protoText === undefined) return { code: "flow-syntax", field: "PROTO", message: "PROTO missing" };
  const protocol = protocols[protoText] ?? (/^\d{1,3}$/.test(protoText) ? Number(protoText) : NaN);
  if (!(protocol <= 255))
    return {
      code: "flow-field",
      field: "PROTO",
      message: `PROTO=${protoText} is not a protocol name or number`,
    };
  if (protocol === 6 && !(flags.has("SYN") && !flags.has("ACK"))) return "skip";
  const srcEnd: FlowEnd = { ip: formatIP(src.family, src.value) };
  const dstEnd: FlowEnd = { ip: formatIP(dst.family, dst.value) };
  const flow: Omit<Flow, "origin"> = {
    start: time,
    end: time,
    src: srcEnd,
    dst: dstEnd,
    protocol,
    count: 1,
    packets: 1,
  };
  if (withPorts.has(protocol) || values.has("DPT")) {
    const spt = number(values, "SPT", 65535);
    const dpt = number(values, "DPT", 65535);
    if (isProblem(spt)) return spt;
    if (isProblem(dpt)) return dpt;
    srcEnd.port = spt;
    dstEnd.port = dpt;
  } else if (protocol === 1 || protocol === 58) {
    const type = number(values, "TYPE", 255);
    const code = number(values, "CODE", 255);
    if (isProblem(type)) return type;
    if (isProblem(code)) return code;
    flow.icmpType = type;
    flow.icmpCode = code;
  }
  if (values.has("LEN")) {
    const len = number(values, "LEN", 65535 + 40);
    if (isProblem(len)) return len;
    flow.bytes = len;
  }
  if (host !== undefined) flow.host = host;
  return flow;
}

const issue = (line: InputLine, file: string | undefined, p: Problem): Issue => ({
  code: p.code,
  severity: "error",
  message: `line ${line.line}: ${p.message}`,
  ...(file === undefined ? {} : { file }),
  line: line.line,
  path: p.field,
});

/**
 * A parser for Calico Log action lines in kernel logs (syslog, journald or dmesg). Other kernel messages are
 * skipped. Each line is one packet: a flow with count 1 and start = end = the log time. The action is left
 * undefined: a Log rule only logs and the next rule of the same policy decides, so the line cannot say whether
 * the packet was then allowed or denied. TCP lines are kept only for connection openers (SYN without ACK);
 * other TCP packets reach policy only when conntrack lost their connection, and are skipped so that every
 * flow stands for one connection attempt. The host is the syslog hostname (none for dmesg); the reporter is
 * left undefined (a packet between two pods of one node crosses both pods' chains under the same prefix).
 */
export function kernelLogParser(options: KernelLogOptions = {}): LineParser {
  const prefix = (options.prefix ?? "calico-packet").replace(/:?\s*$/, "");
  const tag = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:?(?: |$|(?=IN=))`);
  const parseLine = (line: InputLine, file?: string): RecordResult => {
    const split = splitKernelPrefix(line.text, options);
    if (split === undefined) {
      if (!line.text.includes(prefix)) return { skip: true };
      const message = `the line holds ${prefix} but no syslog, journald or dmesg prefix with a time`;
      return { issue: issue(line, file, { code: "flow-syntax", field: "timestamp", message }) };
    }
    const message = split.message.replace(uptimeStamp, "");
    const found = tag.exec(message);
    if (!found) return { skip: true };
    if (split.time === undefined)
      return {
        issue: issue(line, file, { code: "flow-field", field: "timestamp", message: split.problem ?? "" }),
      };
    const flow = packetFlow(message.slice(found[0].length), split.time, split.host);
    if (flow === "skip") return { skip: true };
    if (isProblem(flow)) return { issue: issue(line, file, flow) };
    const origin = originOf("kernel-log", line, file);
    return { flow: split.relative ? { ...flow, timeRelative: true, origin } : { ...flow, origin } };
  };
  return { format: "kernel-log", parseLine };
}
