// Prometheus durations (`90s`, `5m`, `1h30m`) as rule files write them: parsing for generated rules.

const unitMs = [
  ["y", 365 * 86_400_000],
  ["w", 7 * 86_400_000],
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1_000],
  ["ms", 1],
] as const;

const durationSyntax = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Milliseconds in a positive Prometheus duration such as `15m` or `1h30m`, or undefined when `text` is not one. */
export function parsePromDuration(text: string): number | undefined {
  const m = durationSyntax.exec(text);
  if (text === "" || m === null) return undefined;
  const ms = unitMs.reduce((sum, [, size], i) => sum + Number(m[i + 1] ?? 0) * size, 0);
  return ms > 0 && Number.isSafeInteger(ms) ? ms : undefined;
}
