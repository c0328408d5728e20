// Silences kept in the data directory: the whole set rewritten on each change, read back on start.
import type { Silence, Silences } from "@netward/core";
import { readIfExists, writeFileAtomic } from "../store/atomic-file.js";

const version = 1;

/** Saves every silence to `path`. */
export function saveSilences(path: string, silences: Silences): void {
  writeFileAtomic(path, JSON.stringify({ version, silences: silences.list() }));
}

/** Puts the silences saved at `path` into `silences`; returns a warning for each one (or the file) left out. */
export function loadSilences(path: string, silences: Silences): string[] {
  const text = readIfExists(path);
  if (text === undefined) return [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [`${path} is not JSON; starting without saved silences`];
  }
  const list = (data as { version?: unknown; silences?: unknown }).silences;
  if ((data as { version?: unknown }).version !== version || !Array.isArray(list))
    return [`${path} holds no version ${version} silences; starting without them`];
  const warnings: string[] = [];
  list.forEach((raw: unknown, i) => {
    const why = isSilence(raw) ? silences.restore(raw) : "it is malformed";
    if (why !== undefined) warnings.push(`${path}: silence ${i} left out: ${why}`);
  });
  return warnings;
}

/** Whether a parsed value has a saved silence's shape. */
function isSilence(x: unknown): x is Silence {
  if (typeof x !== "object" || x === null) return false;
  const s = x as Record<string, unknown>;
  const matcherOk = (m: unknown) =>
    typeof m === "object" &&
    m !== null &&
    typeof (m as { name?: unknown }).name === "string" &&
    typeof (m as { value?: unknown }).value === "string" &&
    ["=", "!=", "=~", "!~"].includes((m as { type?: string }).type ?? "");
  return (
    typeof s["id"] === "string" &&
    Array.isArray(s["matchers"]) &&
    s["matchers"].every(matcherOk) &&
    typeof s["startsAt"] === "number" &&
    typeof s["endsAt"] === "number" &&
    (s["createdBy"] === undefined || typeof s["createdBy"] === "string") &&
    (s["comment"] === undefined || typeof s["comment"] === "string")
  );
}
