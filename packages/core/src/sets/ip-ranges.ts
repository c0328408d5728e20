// The IP address space of one family cut at CIDR boundaries: atoms for classifying addresses, ranges for external peers.
import { familyBits, formatIP, type CIDR, type IPFamily } from "../net/ip.js";

/** An inclusive address range of one family. */
export interface IPRange {
  family: IPFamily;
  from: bigint;
  to: bigint;
}

/** The first and last address of a CIDR. */
function bounds(cidr: CIDR): [bigint, bigint] {
  const size = 1n << BigInt(familyBits(cidr.family) - cidr.prefix);
  const from = cidr.network - (cidr.network % size);
  return [from, from + size - 1n];
}

/** The address space of one family cut at the edges of a set of CIDRs. */
export class AddressCuts {
  /** Sorted distinct cut points: an atom starts at each (the first atom starts at 0). */
  readonly cuts: readonly bigint[];

  constructor(
    readonly family: IPFamily,
    cidrs: readonly CIDR[],
  ) {
    const max = (1n << BigInt(familyBits(family))) - 1n;
    const points = new Set<bigint>();
    for (const c of cidrs) {
      if (c.family !== family) continue;
      const [from, to] = bounds(c);
      if (from > 0n) points.add(from);
      if (to < max) points.add(to + 1n);
    }
    this.cuts = [...points].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** The index of the atom holding an address: addresses with the same index are in exactly the same CIDRs. */
  atomOf(address: bigint): number {
    let lo = 0;
    let hi = this.cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cuts[mid]! <= address) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Every atom as a range, minus the given addresses (which split the atom they are in). */
  ranges(holes: readonly bigint[]): IPRange[] {
    const max = (1n << BigInt(familyBits(this.family))) - 1n;
    const sortedHoles = [...new Set(holes)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const out: IPRange[] = [];
    const starts = [0n, ...this.cuts];
    let h = 0;
    for (let i = 0; i < starts.length; i++) {
      let from = starts[i]!;
      const to = i + 1 < starts.length ? starts[i + 1]! - 1n : max;
      while (h < sortedHoles.length && sortedHoles[h]! <= to) {
        const hole = sortedHoles[h++]!;
        if (hole < from) continue;
        if (hole > from) out.push({ family: this.family, from, to: hole - 1n });
        from = hole + 1n;
      }
      if (from <= to) out.push({ family: this.family, from, to });
    }
    return out;
  }
}

/** Formats a range as `10.0.0.0-10.255.255.255`. */
export function formatRange(range: IPRange): string {
  return `${formatIP(range.family, range.from)}-${formatIP(range.family, range.to)}`;
}
