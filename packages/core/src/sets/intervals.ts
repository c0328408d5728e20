// Sets of integers as sorted, disjoint, non-adjacent inclusive intervals: the algebra of port ranges.

/** An inclusive interval [from, to]. */
export type Interval = readonly [number, number];

/** A normalised interval list: sorted, disjoint and with no two intervals touching. */
export type Intervals = readonly Interval[];

/** Normalises any list of intervals (unsorted, overlapping, touching) into canonical form. */
export function normalizeIntervals(list: readonly Interval[]): Intervals {
  const sorted = list.filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** The intersection of two normalised interval lists. */
export function intersectIntervals(x: Intervals, y: Intervals): Intervals {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const [a1, b1] = x[i]!;
    const [a2, b2] = y[j]!;
    const a = Math.max(a1, a2);
    const b = Math.min(b1, b2);
    if (a <= b) out.push([a, b]);
    if (b1 < b2) i++;
    else j++;
  }
  return out;
}

/** The union of two normalised interval lists. */
export function unionIntervals(x: Intervals, y: Intervals): Intervals {
  return normalizeIntervals([...x, ...y]);
}

/** The part of `within` not in `x`. */
export function subtractIntervals(within: Intervals, x: Intervals): Intervals {
  const out: Interval[] = [];
  for (const [a, b] of within) {
    let start = a;
    for (const [c, d] of x) {
      if (d < start || c > b) continue;
      if (c > start) out.push([start, c - 1]);
      start = d + 1;
      if (start > b) break;
    }
    if (start <= b) out.push([start, b]);
  }
  return out;
}

/** True when both lists hold the same integers. */
export function sameIntervals(x: Intervals, y: Intervals): boolean {
  return x.length === y.length && x.every(([a, b], i) => y[i]![0] === a && y[i]![1] === b);
}

/** True when the integer is in the list. */
export function intervalsContain(x: Intervals, n: number): boolean {
  let lo = 0;
  let hi = x.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = x[mid]!;
    if (n < a) hi = mid - 1;
    else if (n > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Formats a list as `80, 8000-8080`. */
export function formatIntervals(x: Intervals): string {
  return x.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(", ");
}
