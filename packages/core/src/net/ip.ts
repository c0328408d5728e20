// IPv4 and IPv6 addresses and CIDRs as 128-bit integers, parsed strictly (no zones, no shorthand like 10/8).

/** IP family: 4 or 6. */
export type IPFamily = 4 | 6;

/** A parsed address: its family and value (IPv4 in the low 32 bits). */
export interface IPAddress {
  family: IPFamily;
  value: bigint;
}

/** A parsed CIDR: network address (host bits cleared), prefix length, and whether host bits were set. */
export interface CIDR {
  family: IPFamily;
  network: bigint;
  prefix: number;
  hostBitsSet: boolean;
}

const v4Part = /^(0|[1-9]\d{0,2})$/;

/** Parses a dotted-quad IPv4 address; leading zeros are rejected as Go's net.ParseIP does. */
export function parseIPv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const p of parts) {
    if (!v4Part.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

const hextet = /^[0-9a-fA-F]{1,4}$/;

/** Parses an IPv6 address with `::` compression and an optional trailing dotted IPv4 part. */
export function parseIPv6(text: string): bigint | undefined {
  if (text.length > 45) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string): bigint[] | undefined => {
    if (s === "") return [];
    const out: bigint[] = [];
    const parts = s.split(":");
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === parts.length - 1 && p.includes(".")) {
        const v4 = parseIPv4(p);
        if (v4 === undefined) return undefined;
        out.push(v4 >> 16n, v4 & 0xffffn);
      } else if (hextet.test(p)) out.push(BigInt(parseInt(p, 16)));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  let value = 0n;
  for (const g of [...head, ...new Array<bigint>(missing).fill(0n), ...tail]) value = (value << 16n) | g;
  return value;
}

/** Parses an IPv4 or IPv6 address. */
export function parseIP(text: string): IPAddress | undefined {
  if (text.includes(":")) {
    const value = parseIPv6(text);
    return value === undefined ? undefined : { family: 6, value };
  }
  const value = parseIPv4(text);
  return value === undefined ? undefined : { family: 4, value };
}

/** Number of bits in an address of the family. */
export function familyBits(family: IPFamily): number {
  return family === 4 ? 32 : 128;
}

/** Parses `addr/prefix`; with `allowBareIP`, a plain address is taken as a host route (/32 or /128). */
export function parseCIDR(text: string, allowBareIP = false): CIDR | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) {
    if (!allowBareIP) return undefined;
    const ip = parseIP(text);
    return ip && { family: ip.family, network: ip.value, prefix: familyBits(ip.family), hostBitsSet: false };
  }
  const ip = parseIP(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^(0|[1-9]\d{0,2})$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const bits = familyBits(ip.family);
  if (prefix > bits) return undefined;
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  return {
    family: ip.family,
    network: ip.value & ~hostMask,
    prefix,
    hostBitsSet: (ip.value & hostMask) !== 0n,
  };
}

/** Formats an address value of a family in the usual text form (IPv6 compressed per RFC 5952). */
export function formatIP(family: IPFamily, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join(".");
  }
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

/** Formats a CIDR as `network/prefix`. */
export function formatCIDR(cidr: CIDR): string {
  return `${formatIP(cidr.family, cidr.network)}/${cidr.prefix}`;
}

/** True when `inner` lies inside `outer` (same family). */
export function cidrContains(outer: CIDR, inner: CIDR): boolean {
  if (outer.family !== inner.family || inner.prefix < outer.prefix) return false;
  const shift = BigInt(familyBits(outer.family) - outer.prefix);
  return inner.network >> shift === outer.network >> shift;
}
