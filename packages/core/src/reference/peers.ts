// The two ends of a flow: which endpoint each is (if any) and which address it uses.
import type { EndpointRef, FlowSpec } from "../eval/types.js";
import { cidrContains, parseIP, type CIDR, type IPAddress, type IPFamily } from "../net/ip.js";
import type { RefEndpoint, World } from "./world.js";

/**
 * One end of a flow. `endpoint` is set for workload and host endpoints; `ip` is its address in the flow's
 * family, absent when the end has none (a workload template, or a single-stack end of the other family).
 */
export interface Peer {
  endpoint?: RefEndpoint;
  ip?: IPAddress;
}

/** True when the CIDR holds the address. */
export function containsIP(cidr: CIDR, ip: IPAddress): boolean {
  return cidrContains(cidr, {
    family: ip.family,
    network: ip.value,
    prefix: ip.family === 4 ? 32 : 128,
    hostBitsSet: false,
  });
}

/** An end before the family is known: the endpoint, its candidate addresses, and an address given explicitly. */
interface Resolved {
  endpoint?: RefEndpoint;
  addresses: IPAddress[];
  explicit?: IPAddress;
}

/** The addresses of an endpoint: the network address of each of its nets, in order. */
function addresses(e: RefEndpoint | undefined, fallback: readonly string[]): IPAddress[] {
  if (e) return e.nets.map((n) => ({ family: n.family, value: n.network }));
  return fallback.map((t) => parseIP(t.split("/")[0] ?? "")).filter((a): a is IPAddress => a !== undefined);
}

function resolve(w: World, ref: EndpointRef): Resolved {
  if (ref.kind === "ip") {
    const ip = parseIP(ref.ip);
    if (!ip) return { addresses: [] };
    const endpoint = w.endpoints.find((e) => e.nets.some((n) => containsIP(n, ip)));
    return endpoint ? { endpoint, addresses: [ip], explicit: ip } : { addresses: [ip], explicit: ip };
  }
  if (ref.kind === "hostendpoint") {
    const endpoint = w.endpoints.find(
      (e) => e.kind === "host" && e.scope === ref.node && e.name === ref.name,
    );
    return endpoint ? { endpoint, addresses: addresses(endpoint, []) } : { addresses: [] };
  }
  const endpoint = w.endpoints.find(
    (e) => e.kind === "workload" && e.scope === ref.namespace && e.name === ref.name,
  );
  if (endpoint) return { endpoint, addresses: addresses(endpoint, []) };
  const hostNetworked = w.snapshot.workloads.find(
    (x) => x.namespace === ref.namespace && x.name === ref.name,
  );
  return { addresses: addresses(undefined, hostNetworked?.ips ?? []) };
}

/**
 * The flow's family: that of an explicit IP (source first), else the first of 4 and 6 that every end with
 * addresses has, else 4.
 */
function family(ends: readonly Resolved[]): IPFamily {
  const explicit = ends.find((e) => e.explicit)?.explicit;
  if (explicit) return explicit.family;
  const withAddresses = ends.filter((e) => e.addresses.length > 0);
  const common = ([4, 6] as const).find((f) =>
    withAddresses.every((e) => e.addresses.some((a) => a.family === f)),
  );
  return common ?? 4;
}

function peer(r: Resolved, f: IPFamily): Peer {
  const ip = r.explicit ?? r.addresses.find((a) => a.family === f);
  const out: Peer = {};
  if (r.endpoint) out.endpoint = r.endpoint;
  if (ip && ip.family === f) out.ip = ip;
  return out;
}

/** Resolves both ends of a flow against the world: endpoints by name or by address, and their addresses. */
export function flowPeers(w: World, flow: FlowSpec): { src: Peer; dst: Peer; family: IPFamily } {
  const src = resolve(w, flow.src);
  const dst = resolve(w, flow.dst);
  const f = family([src, dst]);
  return { src: peer(src, f), dst: peer(dst, f), family: f };
}
