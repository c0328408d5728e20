// Parser for Hubble flows as `hubble observe -o jsonpb` prints them (Cilium's flow.Flow in protobuf JSON, one a line).
import { formatIP, parseIP } from "../net/ip.js";
import type { Flow, FlowEnd } from "./flow.js";
import { Fields, defined, originOf, parseObject, recordIssue, type Problem } from "./json-fields.js";
import { parseRfc3339 } from "./time.js";
import type { InputLine, LineParser, RecordResult } from "./parser.js";

const verdicts = [
  "FORWARDED",
  "DROPPED",
  "ERROR",
  "AUDIT",
  "REDIRECTED",
  "TRACED",
  "TRANSLATED",
  "VERDICT_UNKNOWN",
];
/** Drop reasons that are a policy decision (POLICY_DENIED 133, POLICY_DENY 181), by name and number. */
const policyDrops = new Set<unknown>(["POLICY_DENIED", "POLICY_DENY", 133, 181]);
const layer4: readonly [string, number][] = [
  ["TCP", 6],
  ["UDP", 17],
  ["SCTP", 132],
  ["ICMPv4", 1],
  ["ICMPv6", 58],
  ["IGMP", 2],
  ["VRRP", 112],
];
const otherEvents = ["node_status", "lost_events", "agent_event", "debug_event"];

/** Pod labels from Cilium's `source:key=value` list: `k8s:` ones without the prefix, minus Cilium's own. */
function podLabels(f: Fields, list: readonly string[]): Record<string, string> {
  const k8s = list.filter((l) => l.startsWith("k8s:")).map((l) => l.slice(4));
  const own = (l: string) => l.startsWith("io.cilium.k8s.") || l.startsWith("io.kubernetes.pod.namespace=");
  return f.labelList(
    "labels",
    k8s.filter((l) => !own(l)),
  );
}

/** One end: address and port from IP and l4, names and labels from the endpoint, its kind from reserved labels. */
function flowEnd(f: Fields | undefined, ip: string | undefined, port: number | undefined): FlowEnd {
  const list = f?.strings("labels") ?? [];
  const labels = f === undefined ? {} : podLabels(f, list);
  const name = f?.string("pod_name", { none: [""] });
  const reserved = (...names: string[]) => names.some((n) => list.includes(`reserved:${n}`));
  const type =
    name !== undefined
      ? "wep"
      : reserved("host", "remote-node", "kube-apiserver")
        ? "hep"
        : reserved("world", "world-ipv4", "world-ipv6") || list.some((l) => l.startsWith("cidr:"))
          ? "net"
          : undefined;
  return defined<FlowEnd>({
    ip,
    port,
    name,
    namespace: f?.string("namespace", { none: [""] }),
    type,
    labels: Object.keys(labels).length > 0 ? labels : undefined,
  });
}

/** Policies from the four `*_by` lists, as `kind:namespace/name` (namespace and kind left out when empty). */
function reportedPolicies(f: Fields): string[] {
  const names: string[] = [];
  for (const key of ["egress_allowed_by", "egress_denied_by", "ingress_allowed_by", "ingress_denied_by"]) {
    const list = f.value(key);
    if (list !== undefined && !Array.isArray(list)) f.fail(key, "expected an array of policies");
    (Array.isArray(list) ? list : []).forEach((item, i) => {
      const p = f.item(key, i, item);
      const name = p?.string("name", { required: true });
      if (p === undefined || name === undefined) return;
      const ns = p.string("namespace", { none: [""] });
      const kind = p.string("kind", { none: [""] });
      names.push(`${kind === undefined ? "" : `${kind}:`}${ns === undefined ? "" : `${ns}/`}${name}`);
    });
  }
  return names;
}

/** Protocol, ports and ICMP type/code from `l4` (proto3 JSON leaves zero values out); "skip" for TCP past SYN. */
function readLayer4(f: Fields) {
  const l4 = f.child("l4", true);
  const entry = layer4.find(([key]) => l4?.value(key) !== undefined);
  if (l4 === undefined) return undefined;
  if (entry === undefined)
    return f.fail("l4", `expected one of ${layer4.map(([k]) => k).join(", ")}`, "flow-syntax");
  const [key, protocol] = entry;
  const p = l4.child(key, true);
  if (protocol === 1 || protocol === 58)
    return { protocol, icmpType: p?.int("type", 0, 255) ?? 0, icmpCode: p?.int("code", 0, 255) ?? 0 };
  const flags = protocol === 6 ? p?.child("flags") : undefined;
  const syn = flags?.value("SYN") === true && flags.value("ACK") !== true;
  if (flags !== undefined && !syn) return "skip" as const;
  if (protocol === 2 || protocol === 112) return { protocol };
  return { protocol, srcPort: p?.port("source_port"), dstPort: p?.port("destination_port") };
}

/** The action a verdict reports, or undefined for verdicts and drops that are no policy decision. */
function action(f: Fields): "allow" | "deny" | undefined {
  const verdict = f.oneOf("verdict", verdicts, { required: true });
  if (verdict === "FORWARDED" || verdict === "REDIRECTED") return "allow";
  if (verdict !== "DROPPED") return undefined;
  return policyDrops.has(f.value("drop_reason_desc") ?? f.value("drop_reason")) ? "deny" : undefined;
}

/** Reads one flow object (`envelope` holds the `time` and `node_name` printed next to it). */
function readFlow(
  f: Fields,
  envelope: Fields,
  line: InputLine,
  file?: string,
): { flow: Flow } | "skip" | undefined {
  const type = f.string("Type");
  const reply = f.value("is_reply");
  if (reply !== undefined && typeof reply !== "boolean") return f.fail("is_reply", "expected true or false");
  const act = action(f);
  const timeText = f.string("time") ?? envelope.string("time");
  const time = timeText === undefined ? f.missing("time") : parseRfc3339(timeText);
  if (time === undefined) return f.fail("time", `expected an RFC 3339 timestamp, got ${timeText}`);
  const ip = f.child("IP", true);
  const src = ip?.ip("source") ?? ip?.missing("source");
  const dst = ip?.ip("destination") ?? ip?.missing("destination");
  const l4 = readLayer4(f);
  const ends = [f.child("source"), f.child("destination")];
  const policies = reportedPolicies(f);
  const node = (f.string("node_name", { none: [""] }) ?? envelope.string("node_name", { none: [""] }))
    ?.split("/")
    .pop();
  const direction = f.string("traffic_direction");
  if (f.problem || src === undefined || dst === undefined || l4 === undefined) return undefined;
  if ((type !== undefined && type !== "L3_L4") || reply === true || act === undefined || l4 === "skip")
    return "skip";
  const canonical = (text: string) => {
    const a = parseIP(text)!;
    return formatIP(a.family, a.value);
  };
  const flow = defined<Flow>({
    start: time,
    end: time,
    src: flowEnd(ends[0], canonical(src), "srcPort" in l4 ? l4.srcPort : undefined),
    dst: flowEnd(ends[1], canonical(dst), "dstPort" in l4 ? l4.dstPort : undefined),
    protocol: l4.protocol,
    icmpType: "icmpType" in l4 ? l4.icmpType : undefined,
    icmpCode: "icmpCode" in l4 ? l4.icmpCode : undefined,
    action: act,
    reporter: direction === "EGRESS" ? "src" : direction === "INGRESS" ? "dst" : undefined,
    policies: policies.length > 0 ? { enforced: policies, pending: [] } : undefined,
    count: 1,
    host: node === "" ? undefined : node,
    origin: originOf("hubble", line, file),
  });
  return f.problem ? undefined : { flow };
}

/**
 * The Hubble parser. Reads `{"flow": {...}, "node_name", "time"}` lines (and bare flow objects); other events
 * (node status, lost events) and non-L3/L4 flows (L7, SOCK) are skipped. Verdicts: FORWARDED and REDIRECTED (to
 * the L7 proxy, so allowed at L3/L4) are `allow`; DROPPED with a policy drop reason is `deny`; other drops
 * (datapath errors), AUDIT (the packet went on), ERROR, TRACED and TRANSLATED decide no policy and are skipped.
 * Replies (`is_reply`) and TCP packets other than SYN without ACK are skipped: only connection openers count.
 * Reporter: EGRESS is the source's, INGRESS the destination's. Labels keep `k8s:` pod labels without the prefix
 * (not Cilium's `io.cilium.k8s.*` ones); the node name loses its `cluster/` part. One connection can still give
 * a record per observation point (a policy verdict and a trace on each node); aggregation merges them.
 */
export const hubbleParser: LineParser = {
  format: "hubble",
  parseLine(line: InputLine, file?: string): RecordResult {
    if (line.text.trim() === "") return { skip: true };
    const parsed = parseObject(line.text, "a Hubble event");
    if ("problem" in parsed) return { issue: recordIssue(parsed.problem, line.line, file) };
    const envelope = new Fields(parsed.value);
    const bare = parsed.value["flow"] === undefined && parsed.value["verdict"] !== undefined;
    if (!bare && otherEvents.some((k) => parsed.value[k] !== undefined)) return { skip: true };
    const f = bare ? envelope : envelope.child("flow", true);
    const r = f === undefined ? undefined : readFlow(f, envelope, line, file);
    if (r === "skip") return { skip: true };
    if (r !== undefined) return r;
    const problem: Problem = envelope.problem ?? { code: "flow-syntax", message: "unreadable flow" };
    return { issue: recordIssue(problem, line.line, file) };
  },
};
