// The alerting section resolved into what the alert engine runs: rules, the route tree, inhibit rules.
import {
  parseGlobalAlert,
  parseMatchers,
  parseRouteTree,
  type AlertRule,
  type InhibitRuleInput,
  type Issue,
  type LabelMatcher,
  type RouteNode,
} from "@netward/core";
import { isMapping } from "./check-config.js";
import type { AlertingConfig, Receiver } from "./serve-config.js";

/** The alerting section resolved into what the alert engine runs: rules, the route tree, inhibit rules. */
export interface AlertingSetup {
  rules: AlertRule[];
  route: RouteNode | undefined;
  inhibitRules: InhibitRuleInput[];
  receivers: Receiver[];
  externalURL: string | undefined;
}

/** Thrown for a section that should have been validated: a bug, not bad input. */
function unvalidated(where: string, issues: readonly Issue[] = []): Error {
  const first = issues.find((i) => i.severity === "error");
  const why = first === undefined ? "" : `: ${first.path ?? ""} ${first.message}`;
  return new Error(`alertingSetup was given an unvalidated ${where}${why}`);
}

/** The value of a parse that must have no errors. */
function sound<T>(parsed: { value: T | undefined; issues: Issue[] }, where: string): T {
  if (parsed.value === undefined) throw unvalidated(where, parsed.issues);
  return parsed.value;
}

/** The matchers of `matchers:` lines such as `severity="critical"` (a line may hold several). */
function labelMatchers(lines: unknown, where: string): LabelMatcher[] {
  if (!Array.isArray(lines)) throw unvalidated(where);
  return lines.flatMap((line: unknown) => {
    const parsed = typeof line === "string" ? parseMatchers(line) : undefined;
    if (!parsed?.ok) throw unvalidated(where);
    return parsed.value.map(({ name, value, type }): LabelMatcher => ({ name, value, type }));
  });
}

/** A `*_match` or `*_match_re` mapping with its values as strings (YAML may have read them as numbers). */
function labelMap(map: unknown, where: string): Record<string, string> {
  if (!isMapping(map)) throw unvalidated(where);
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, String(v)]));
}

const matcherKeys = ["source_matchers", "target_matchers"] as const;
const mapKeys = ["source_match", "source_match_re", "target_match", "target_match_re"] as const;

/** One inhibit rule as written, with its matcher strings parsed. */
function inhibitRule(raw: unknown, i: number): InhibitRuleInput {
  const where = `alerting.inhibit_rules[${i}]`;
  if (!isMapping(raw)) throw unvalidated(where);
  const out: { -readonly [K in keyof InhibitRuleInput]: InhibitRuleInput[K] } = {};
  for (const key of matcherKeys)
    if (raw[key] !== undefined) out[key] = labelMatchers(raw[key], `${where}.${key}`);
  for (const key of mapKeys) if (raw[key] !== undefined) out[key] = labelMap(raw[key], `${where}.${key}`);
  const equal = raw.equal;
  if (equal !== undefined) {
    if (!Array.isArray(equal) || !equal.every((e) => typeof e === "string"))
      throw unvalidated(`${where}.equal`);
    out.equal = [...equal];
  }
  return out;
}

/** Resolves a validated alerting section; an error found now is a bug (it throws). */
export function alertingSetup(config: AlertingConfig): AlertingSetup {
  const receivers = config.receivers.map((r) => r.name);
  return {
    rules: config.rules.map((r, i) => sound(parseGlobalAlert(r), `alerting.rules[${i}]`)),
    route:
      config.route === undefined ? undefined : sound(parseRouteTree(config.route, { receivers }), "route"),
    inhibitRules: (config.inhibit_rules ?? []).map(inhibitRule),
    receivers: config.receivers,
    externalURL: config.externalURL,
  };
}
