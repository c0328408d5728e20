// Durations (`30m`, `7d`) and sizes (`500MB`, `2GiB`) as options give them.
import { UsageError } from "./usage-error.js";

/** Milliseconds in a duration written `30s`, `15m`, `6h` or `7d`. */
export function duration(text: string, option: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(text);
  if (!m) throw new UsageError(`${option} must look like 30m, 6h or 7d, not ${text}`);
  return Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "s" | "m" | "h" | "d"];
}

/** Bytes in a size written `500MB`, `2GiB`, `64k` or a plain number of bytes. */
export function byteSize(text: string, option: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(i?)b?$/i.exec(text.trim());
  if (!m) throw new UsageError(`${option} must look like 500MB or 2GiB, not ${text}`);
  const power = " kmgt".indexOf((m[2] || " ").toLowerCase());
  return Math.floor(Number(m[1]) * (m[3] ? 1024 : 1000) ** power);
}
