// Parsers for how people write flow ends and ports: `ns/name`, `hep:node/name`, `10.0.0.1`, `tcp/8080`, `icmp/8/0`.
import { parseIP } from "../net/ip.js";
import type { EndpointRef, FlowSpec } from "./types.js";

/** A parse result: the value, or a one-line error a person can act on. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const dnsName = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Parses an endpoint reference: `namespace/name`, `hep:node/name`, or an IPv4/IPv6 address. */
export function parseEndpointRef(text: string): Parsed<EndpointRef> {
  const t = text.trim();
  if (t.startsWith("hep:")) {
    const [node, name, ...rest] = t.slice(4).split("/");
    if (!node || !name || rest.length > 0)
      return { ok: false, error: `${JSON.stringify(text)}: a host endpoint is written hep:<node>/<name>` };
    return { ok: true, value: { kind: "hostendpoint", node, name } };
  }
  if (parseIP(t)) return { ok: true, value: { kind: "ip", ip: t } };
  const parts = t.split("/");
  if (parts.length === 2 && dnsName.test(parts[0]!) && dnsName.test(parts[1]!)) {
    return { ok: true, value: { kind: "workload", namespace: parts[0]!, name: parts[1]! } };
  }
  return {
    ok: false,
    error: `${JSON.stringify(text)} is not an endpoint: write namespace/name, hep:<node>/<name>, or an IP address`,
  };
}

/** Formats an endpoint reference the way parseEndpointRef reads it. */
export function formatEndpointRef(ref: EndpointRef): string {
  if (ref.kind === "hostendpoint") return `hep:${ref.node}/${ref.name}`;
  if (ref.kind === "ip") return ref.ip;
  return `${ref.namespace}/${ref.name}`;
}

const protocolNumbers: Readonly<Record<string, number>> = {
  tcp: 6,
  udp: 17,
  icmp: 1,
  icmpv6: 58,
  sctp: 132,
  udplite: 136,
};
const portProtocols = new Set([6, 17, 132, 136]);

/** True for protocols whose flows carry ports: TCP, UDP, SCTP and UDPLite. */
export function carriesPorts(protocol: number): boolean {
  return portProtocols.has(protocol);
}

const number = (s: string | undefined, max: number): number | undefined =>
  s !== undefined && /^\d+$/.test(s) && Number(s) <= max ? Number(s) : undefined;

/** The protocol and port part of a flow: `tcp/8080`, `udp/53`, `icmp`, `icmp/8`, `icmp/8/0`, `icmpv6/128`, `proto/47`. */
export type PortSpec = Pick<FlowSpec, "protocol" | "dstPort" | "icmpType" | "icmpCode">;

/** Parses a protocol and port written as `<protocol>[/<port>]` (ICMP: `/<type>[/<code>]`; any protocol: `proto/<n>`). */
export function parsePortSpec(text: string): Parsed<PortSpec> {
  const [name = "", a, b, ...rest] = text.trim().toLowerCase().split("/");
  const bad = (why: string): Parsed<PortSpec> => ({ ok: false, error: `${JSON.stringify(text)}: ${why}` });
  if (rest.length > 0) return bad("too many parts; write e.g. tcp/8080 or icmp/8/0");
  if (name === "proto") {
    const protocol = number(a, 255);
    if (protocol === undefined || protocol === 0 || b !== undefined) return bad("write proto/<number 1-255>");
    return { ok: true, value: { protocol } };
  }
  const protocol = protocolNumbers[name];
  if (protocol === undefined)
    return bad("unknown protocol; use tcp, udp, sctp, udplite, icmp, icmpv6 or proto/<number>");
  if (carriesPorts(protocol)) {
    const port = number(a, 65535);
    if (port === undefined || port === 0 || b !== undefined)
      return bad(`${name} needs a port 1-65535, e.g. ${name}/8080`);
    return { ok: true, value: { protocol, dstPort: port } };
  }
  const value: PortSpec = { protocol };
  if (a !== undefined) {
    const type = number(a, 255);
    if (type === undefined) return bad("ICMP type must be 0-255");
    value.icmpType = type;
  }
  if (b !== undefined) {
    const code = number(b, 255);
    if (code === undefined) return bad("ICMP code must be 0-255");
    value.icmpCode = code;
  }
  return { ok: true, value };
}
