// Keeps secrets out of answers and logs: the config with its secrets redacted, and a scrubber for log lines.
import { isMapping } from "./check-config.js";
import type { ConfigNode } from "./config-nodes.js";
import { configSchema } from "./config-schema.js";
import { REDACTED, type ServeConfig } from "./serve-config.js";

/** The value with every secret (and anything the schema does not know) replaced by REDACTED; validated subtrees hold none. */
function redactNode(node: ConfigNode, value: unknown): unknown {
  if (node.kind === "string" && node.secret) return REDACTED;
  if (node.kind === "list" && Array.isArray(value)) return value.map((v) => redactNode(node.items, v));
  if (node.kind === "object" && isMapping(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        const field = Object.hasOwn(node.fields, k) ? node.fields[k] : undefined;
        return [k, field === undefined ? REDACTED : redactNode(field, v)];
      }),
    );
  }
  return value;
}

/** The config as GET /api/config shows it: the same shape, each secret replaced by "<redacted>". */
export function redactConfig(config: ServeConfig): ServeConfig {
  return redactNode(configSchema, config) as ServeConfig;
}

/** Every secret string in the config, found through the schema's secret marks. */
function configSecrets(node: ConfigNode, value: unknown, out: string[]): void {
  if (node.kind === "string" && node.secret && typeof value === "string") out.push(value);
  else if (node.kind === "list" && Array.isArray(value))
    for (const v of value) configSecrets(node.items, v, out);
  else if (node.kind === "object" && isMapping(value)) {
    for (const [k, v] of Object.entries(value))
      if (Object.hasOwn(node.fields, k)) configSecrets(node.fields[k]!, v, out);
  }
}

/** The text with %-escapes decoded, or as it is when they are malformed. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Paths shorter than this (`/webhook`, `/hooks/netward`) are names, not tokens: they are not searched for in logs. */
const shortestSecretPath = 16;

/**
 * The parts of a secret URL that are secrets by themselves: its password (as written and decoded), its query's
 * values, and its path with the query when that is long enough to hold a token.
 */
function urlParts(secret: string): string[] {
  if (!URL.canParse(secret)) return [];
  const url = new URL(secret);
  const path = url.pathname + url.search;
  return [
    url.password,
    decoded(url.password),
    ...url.searchParams.values(),
    path.length >= shortestSecretPath ? path : "",
  ];
}

/** Secrets shorter than this are only redacted as whole values in GET /api/config, not searched for in logs. */
const shortest = 4;

/** Every secret of the config and the API token, longest first, as log scrubbing needs them. */
export function secretValues(config: ServeConfig, token: string): string[] {
  const found: string[] = [token];
  configSecrets(configSchema, config, found);
  const all = new Set([...found, ...found.flatMap(urlParts)].filter((s) => s.length >= shortest));
  return [...all].sort((a, b) => b.length - a.length);
}

/** A function that replaces every occurrence of the secrets in a text by "<redacted>". */
export function secretScrubber(secrets: readonly string[]): (text: string) => string {
  return (text) => secrets.reduce((out, s) => (out.includes(s) ? out.split(s).join(REDACTED) : out), text);
}
