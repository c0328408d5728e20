// Times in flow records: civil UTC times and RFC 3339 stamps to milliseconds since the epoch, strictly.

/** Milliseconds since the epoch of a UTC civil time, or undefined when a part is out of range (Feb 30, 24:00). */
export function civilTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  fraction = "",
): number | undefined {
  if (!Number.isInteger(year) || year < 100 || year > 9999) return undefined;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second) + Number(fraction.slice(0, 3).padEnd(3, "0"));
}

const rfc3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

/** Parses an RFC 3339 timestamp (up to nanoseconds, `Z` or an offset) to milliseconds since the epoch. */
export function parseRfc3339(text: string): number | undefined {
  const m = rfc3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  const local = civilTime(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), frac);
  if (local === undefined || Number(oh ?? 0) > 23 || Number(om ?? 0) > 59) return undefined;
  const offset = sign === undefined ? 0 : (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  return local - offset;
}
