// Why part of a pair's connections changed: a representative flow of that part, and each side's verdict for it.
import { EPHEMERAL_SOURCE_PORT, evaluateSide, flowSide, type Engine } from "../eval/engine.js";
import { describeHit } from "../eval/explain.js";
import type { FlowContext } from "../eval/flow-context.js";
import { carriesPorts } from "../eval/flow-spec-parse.js";
import type { FlowVerdict, SideVerdict } from "../eval/types.js";
import type { IPAddress, IPFamily } from "../net/ip.js";
import type { Endpoint } from "../policy/endpoints.js";
import type { ConnSet, ConnSets } from "../sets/conn-set.js";

/** One end of a representative flow: an endpoint, or an external address. */
export interface FlowEnd {
  endpoint?: Endpoint;
  ip?: IPAddress;
}

/** A protocol and, for protocols with ports, a destination port. */
export interface PortExample {
  protocol: number;
  port?: number;
}

/** Protocols listed first, in the order people expect: TCP, UDP, SCTP, UDPLite, ICMP, ICMPv6. */
const preferred = [6, 17, 132, 136, 1, 58];

/** At most this many examples per part: enough to show every distinct reason in practice. */
const MAX_EXAMPLES = 16;

/**
 * Connections the set holds, to evaluate as its representatives: for each protocol (preferred ones first) the
 * lowest port of each port interval, then one protocol standing for every other protocol.
 */
export function examplesOf(sets: ConnSets, set: ConnSet): PortExample[] {
  const listed = [...preferred, ...[...set.protocols.keys()].filter((p) => !preferred.includes(p))];
  const out: PortExample[] = [];
  for (const protocol of listed) {
    const ports = sets.ports(set, protocol);
    if (!carriesPorts(protocol)) {
      if (ports.length > 0) out.push({ protocol });
      continue;
    }
    for (const [from] of ports) out.push({ protocol, port: from });
  }
  if (set.others) {
    for (let protocol = 2; protocol <= 255; protocol++) {
      if (listed.includes(protocol)) continue;
      out.push({ protocol });
      break;
    }
  }
  return out.slice(0, MAX_EXAMPLES);
}

const portNames: Readonly<Record<number, string>> = {
  1: "icmp",
  6: "tcp",
  17: "udp",
  58: "icmpv6",
  132: "sctp",
  136: "udplite",
};

/** Formats an example as `--port` reads it: `tcp/8080`, `icmp`, `proto/47`. */
export function formatPortExample(e: PortExample): string {
  const name = portNames[e.protocol] ?? `proto/${e.protocol}`;
  return e.port === undefined ? name : `${name}/${e.port}`;
}

/** The flow's family as reachability picks it: an external end's, else the source's first address's. */
function familyOf(src: FlowEnd, dst: FlowEnd): IPFamily {
  if (!src.endpoint && src.ip) return src.ip.family;
  if (!dst.endpoint && dst.ip) return dst.ip.family;
  return src.endpoint?.ips[0]?.family ?? dst.endpoint?.ips[0]?.family ?? 4;
}

/** The verdict of one representative connection opener between two ends, with both sides' traces. */
export function exampleVerdict(
  engine: Engine,
  src: FlowEnd,
  dst: FlowEnd,
  example: PortExample,
  pending: boolean,
): FlowVerdict {
  const family = familyOf(src, dst);
  const ip = (end: FlowEnd) => end.ip ?? end.endpoint?.ips.find((i) => i.family === family);
  const ported = carriesPorts(example.protocol);
  const ctx: FlowContext = {
    family,
    protocol: example.protocol,
    src: flowSide(engine, src.endpoint, ip(src), ported ? EPHEMERAL_SOURCE_PORT : undefined),
    dst: flowSide(engine, dst.endpoint, ip(dst), example.port),
  };
  const uncertain: string[] = [];
  const egress = evaluateSide(engine, src.endpoint, "Egress", ctx, pending, uncertain);
  const ingress = evaluateSide(engine, dst.endpoint, "Ingress", ctx, pending, uncertain);
  const allowed = egress.verdict === "allow" && ingress.verdict === "allow";
  const out: FlowVerdict = { verdict: allowed ? "allow" : "deny", egress, ingress };
  if (uncertain.length > 0) out.uncertain = [...new Set(uncertain)];
  return out;
}

/** The step that decided one side, in plain words: the last rule, end of tier or profile hit, or the reason. */
export function describeDecision(engine: Engine, side: SideVerdict, direction: "Ingress" | "Egress"): string {
  const last = side.hits.at(-1);
  if (last && last.action !== "log" && last.action !== "pass") return describeHit(engine, last, direction);
  return side.reason ?? (last ? describeHit(engine, last, direction) : "no policy applies");
}
