// Protocol names and numbers as Calico rules and endpoint ports write them.

const NAMES: Readonly<Record<string, number>> = {
  tcp: 6,
  udp: 17,
  icmp: 1,
  icmpv6: 58,
  sctp: 132,
  udplite: 136,
};

/** The IANA number of a protocol written as a name (any case), a numeric string or a number; NaN if unknown. */
export function protocolNumber(p: number | string): number {
  if (typeof p === "number") return p;
  if (/^\d+$/.test(p)) return Number(p);
  return NAMES[p.toLowerCase()] ?? Number.NaN;
}

/** Protocols whose packets carry ports. */
export function hasPorts(protocol: number): boolean {
  return protocol === 6 || protocol === 17 || protocol === 132 || protocol === 136;
}
