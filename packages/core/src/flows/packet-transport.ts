// Decodes the TCP, UDP, ICMP, ICMPv6 and SCTP headers flows need: ports or ICMP type and code, and openers.

/** What a transport header gives a flow: ports (TCP, UDP, SCTP) or type and code (ICMP), and whether it opens a connection. */
export interface Transport {
  srcPort?: number;
  dstPort?: number;
  icmpType?: number;
  icmpCode?: number;
  /** A TCP SYN without ACK, or an SCTP packet whose first chunk is INIT. */
  opener?: boolean;
}

/** Protocol numbers netward makes flows from. */
export const TCP = 6;
export const UDP = 17;
export const ICMP = 1;
export const ICMPV6 = 58;
export const SCTP = 132;

const minimum: Readonly<Record<number, [string, number]>> = {
  [TCP]: ["TCP", 20],
  [UDP]: ["UDP", 8],
  [ICMP]: ["ICMP", 4],
  [ICMPV6]: ["ICMPv6", 4],
  [SCTP]: ["SCTP", 12],
};

const u16 = (b: Uint8Array, at: number): number => (b[at]! << 8) | b[at + 1]!;

/** Decodes the transport header of `protocol` at the start of `l4`; other protocols give nothing. */
export function decodeTransport(protocol: number, l4: Uint8Array): Transport | { error: string } {
  const min = minimum[protocol];
  if (min === undefined) return {};
  const [name, need] = min;
  if (l4.length < need) return { error: `${name} header needs ${need} bytes, ${l4.length} captured` };
  if (protocol === ICMP || protocol === ICMPV6) return { icmpType: l4[0]!, icmpCode: l4[1]! };
  const ports = { srcPort: u16(l4, 0), dstPort: u16(l4, 2) };
  if (protocol === TCP) {
    const dataOffset = (l4[12]! >> 4) * 4;
    if (dataOffset < 20) return { error: `TCP data offset ${dataOffset} is below 20` };
    return { ...ports, opener: (l4[13]! & 0x12) === 0x02 };
  }
  if (protocol === SCTP) return { ...ports, opener: l4.length > 12 && l4[12] === 1 };
  return ports;
}
