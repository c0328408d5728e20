// Go's byte-wise string order (Unicode code point order) for JavaScript strings, and sets built with it.

/** Map a UTF-16 code unit so that unit order equals code point order (surrogates sort after U+FFFF). */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
}

/** Compare two strings as Go's `<` does on their UTF-8 bytes: by Unicode code point. */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Sort values by code point and drop duplicates, as Calico's ConvertToStringSetInPlace does. */
export function sortedUnique(values: readonly string[]): string[] {
  const sorted = [...values].sort(compareCodePoints);
  return sorted.filter((value, i) => i === 0 || value !== sorted[i - 1]);
}
