// Link-layer headers of the capture link types netward reads, peeled off to reach the IP packet.

/** What a link-layer header gives: the IP packet (and the IP version it announces), a frame to skip, or an error. */
export type LinkResult = { ip: Uint8Array; version?: 4 | 6 } | { skip: true } | { error: string };

const ETHERNET = 1;
const NULL = 0;
const LOOP = 108;
const LINUX_SLL = 113;
const LINUX_SLL2 = 276;
const RAW = [101, 12, 14];
const IPV4 = 228;
const IPV6 = 229;
const VLAN_TAGS = new Set([0x8100, 0x88a8, 0x9100]);

/** True when netward can decode packets of this link type (Ethernet, Linux cooked v1/v2, raw IP, loopback). */
export function supportedLinkType(linkType: number): boolean {
  return [ETHERNET, NULL, LOOP, LINUX_SLL, LINUX_SLL2, IPV4, IPV6, ...RAW].includes(linkType);
}

const byEtherType = (data: Uint8Array, at: number, type: number): LinkResult => {
  if (type === 0x0800) return { ip: data.subarray(at), version: 4 };
  if (type === 0x86dd) return { ip: data.subarray(at), version: 6 };
  return { skip: true };
};

const short = (name: string, need: number, got: number): LinkResult => ({
  error: `${name} header needs ${need} bytes, ${got} captured`,
});

function ethernet(data: Uint8Array): LinkResult {
  let at = 12;
  if (data.length < at + 2) return short("Ethernet", 14, data.length);
  let type = (data[at]! << 8) | data[at + 1]!;
  while (VLAN_TAGS.has(type)) {
    at += 4;
    if (data.length < at + 2) return short("802.1Q VLAN", at + 2, data.length);
    type = (data[at]! << 8) | data[at + 1]!;
  }
  return byEtherType(data, at + 2, type);
}

// BSD loopback: a 4-byte address family in the writer's byte order (LOOP: always big-endian).
function loopback(data: Uint8Array, bigEndianOnly: boolean): LinkResult {
  if (data.length < 4) return short("loopback", 4, data.length);
  const be = ((data[0]! << 24) | (data[1]! << 16) | (data[2]! << 8) | data[3]!) >>> 0;
  const le = ((data[3]! << 24) | (data[2]! << 16) | (data[1]! << 8) | data[0]!) >>> 0;
  const family = bigEndianOnly || be <= 0xffff ? be : le;
  if (family === 2) return { ip: data.subarray(4), version: 4 };
  if (family === 10 || family === 24 || family === 28 || family === 30)
    return { ip: data.subarray(4), version: 6 };
  return { skip: true };
}

/** Strips the link-layer header of one captured frame; the link type must be supported. */
export function stripLink(linkType: number, data: Uint8Array): LinkResult {
  switch (linkType) {
    case ETHERNET:
      return ethernet(data);
    case NULL:
    case LOOP:
      return loopback(data, linkType === LOOP);
    case LINUX_SLL:
      if (data.length < 16) return short("Linux cooked", 16, data.length);
      return byEtherType(data, 16, (data[14]! << 8) | data[15]!);
    case LINUX_SLL2:
      if (data.length < 20) return short("Linux cooked v2", 20, data.length);
      return byEtherType(data, 20, (data[0]! << 8) | data[1]!);
    case IPV4:
      return { ip: data, version: 4 };
    case IPV6:
      return { ip: data, version: 6 };
    default: // raw IP: the version field tells
      return { ip: data };
  }
}
