// Alertmanager 0.25 `route:` trees from parsed YAML: validation as issues, then the resolved tree.

import type { Issue } from "../model/issue.js";
import { suggest } from "../schema/suggest.js";
import {
  compareMatchers,
  matchersString,
  newMatcher,
  parseMatchers,
  type Matcher,
  type MatchType,
} from "./matchers.js";

/** One route with Alertmanager's inheritance applied (receiver, group_by and timers come from the parent when unset). */
export interface RouteNode {
  readonly receiver: string;
  /** Explicit group_by label names; ignored when `groupByAll` (`group_by: ['...']`). */
  readonly groupBy: readonly string[];
  readonly groupByAll: boolean;
  readonly groupWaitMs: number;
  readonly groupIntervalMs: number;
  readonly repeatIntervalMs: number;
  readonly continue: boolean;
  /** match, match_re and matchers together, in Alertmanager's sorted order (match_re values read `^(?:re)$`). */
  readonly matchers: readonly Matcher[];
  readonly routes: readonly RouteNode[];
  /** Alertmanager's route key: the parent's key, `/`, then the matchers printed, e.g. `{}/{team="db"}`. */
  readonly key: string;
  /** Where the route sits in the input, e.g. `route.routes[1]`. */
  readonly path: string;
}

/** Options for {@link parseRouteTree}. */
export interface RouteTreeOptions {
  /** Path prefix for issues; default `route`. */
  readonly path?: string;
  /** Defined receiver names; when given, a route naming another receiver is an error. */
  readonly receivers?: readonly string[];
}

/** Alertmanager's defaults for the root route's timers, in milliseconds. */
export const routeDefaults = { groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 14_400_000 };

const routeKeys = [
  "receiver",
  "group_by",
  "continue",
  "matchers",
  "match",
  "match_re",
  "mute_time_intervals",
  "active_time_intervals",
  "routes",
  "group_wait",
  "group_interval",
  "repeat_interval",
];
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const durationSyntax = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const unitMs = [31_536_000_000, 604_800_000, 86_400_000, 3_600_000, 60_000, 1_000, 1];

/** Milliseconds in a Prometheus duration as `model.ParseDuration` reads it (`0` allowed), or undefined. */
export function parseAlertmanagerDuration(text: string): number | undefined {
  if (text === "0") return 0;
  const m = durationSyntax.exec(text);
  if (text === "" || m === null) return undefined;
  const ms = unitMs.reduce((sum, size, i) => sum + Number(m[i + 1] ?? 0) * size, 0);
  return Number.isSafeInteger(ms) ? ms : undefined;
}

interface Context {
  readonly issues: Issue[];
  readonly receivers: ReadonlySet<string> | undefined;
}

type Parent = Omit<RouteNode, "continue" | "matchers" | "routes" | "path">;

/** Validates a plain object holding a `route:` tree and resolves it; the value is undefined when there are errors. */
export function parseRouteTree(
  input: unknown,
  options: RouteTreeOptions = {},
): { value: RouteNode | undefined; issues: Issue[] } {
  const issues: Issue[] = [];
  const path = options.path ?? "route";
  const report = (code: string, at: string, message: string, fix?: string): void => {
    issues.push({ code, severity: "error", message, path: at, ...(fix === undefined ? {} : { fix }) });
  };
  const root = isObject(input) ? input : undefined;
  if (root === undefined) report("wrong-type", path, "the route must be a mapping");
  else {
    if (typeof root.receiver !== "string" || root.receiver === "")
      report("missing-field", `${path}.receiver`, "root route must specify a default receiver");
    for (const k of ["match", "match_re", "matchers"])
      if (root[k] !== undefined)
        report("invalid-value", `${path}.${k}`, "root route must not have any matchers");
    if (root.continue === true)
      report("invalid-value", `${path}.continue`, "cannot have continue in root route");
  }
  const parent: Parent = { receiver: "", groupBy: [], groupByAll: false, key: "", ...routeDefaults };
  const ctx: Context = { issues, receivers: options.receivers && new Set(options.receivers) };
  const tree = root && buildRoute(root, parent, path, true, ctx);
  return { value: issues.some((i) => i.severity === "error") ? undefined : tree, issues };
}

/** The path of a mapping key under `path`, written as `formatPath` writes it. */
function keyPath(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** Builds one route and its children, reporting every problem it finds. */
function buildRoute(
  raw: Record<string, unknown>,
  parent: Parent,
  path: string,
  isRoot: boolean,
  ctx: Context,
): RouteNode {
  const { issues } = ctx;
  const err = (code: string, at: string, message: string, fix?: string): void => {
    issues.push({ code, severity: "error", message, path: at, ...(fix === undefined ? {} : { fix }) });
  };
  for (const key of Object.keys(raw)) {
    if (routeKeys.includes(key)) continue;
    const close = suggest(key, routeKeys);
    const fix = close === undefined ? undefined : `rename ${key} to ${close}`;
    err("unknown-field", keyPath(path, key), `field ${key} not found in Alertmanager's route`, fix);
  }
  for (const key of ["mute_time_intervals", "active_time_intervals"]) {
    if (raw[key] === undefined) continue;
    issues.push({
      code: "uncertain-semantics",
      severity: "warning",
      message: `${key} is accepted but ignored: netward routes as if every time interval were active`,
      path: `${path}.${key}`,
    });
  }
  const receiver = raw.receiver === undefined ? undefined : str(raw.receiver, `${path}.receiver`, err);
  if (receiver && ctx.receivers && !ctx.receivers.has(receiver))
    err("unknown-receiver", `${path}.receiver`, `undefined receiver "${receiver}" used in route`);
  const matchers = routeMatchers(raw, path, err);
  const groupBy = parseGroupBy(raw.group_by, `${path}.group_by`, err);
  const cont = raw.continue === undefined ? false : raw.continue;
  if (typeof cont !== "boolean") err("wrong-type", `${path}.continue`, "continue must be true or false");
  const timer = (field: string, inherited: number, zeroOk: boolean): number => {
    const v = raw[field];
    if (v === undefined) return inherited;
    const ms = typeof v === "string" ? parseAlertmanagerDuration(v) : undefined;
    if (ms === undefined)
      err("invalid-value", `${path}.${field}`, `not a valid duration string: ${JSON.stringify(v)}`);
    else if (ms === 0 && !zeroOk) err("invalid-value", `${path}.${field}`, `${field} cannot be zero`);
    return ms ?? inherited;
  };
  const sorted = [...matchers].sort(compareMatchers);
  const self: Parent = {
    receiver: receiver !== undefined && receiver !== "" ? receiver : parent.receiver,
    groupBy: groupBy.labels ?? parent.groupBy,
    groupByAll: groupBy.labels !== undefined ? false : groupBy.all || parent.groupByAll,
    groupWaitMs: timer("group_wait", parent.groupWaitMs, true),
    groupIntervalMs: timer("group_interval", parent.groupIntervalMs, false),
    repeatIntervalMs: timer("repeat_interval", parent.repeatIntervalMs, false),
    key: isRoot ? matchersString(sorted) : `${parent.key}/${matchersString(sorted)}`,
  };
  const children: RouteNode[] = [];
  if (raw.routes !== undefined && raw.routes !== null) {
    if (!Array.isArray(raw.routes)) err("wrong-type", `${path}.routes`, "routes must be a list of routes");
    else
      raw.routes.forEach((child: unknown, i) => {
        const at = `${path}.routes[${i}]`;
        if (isObject(child)) children.push(buildRoute(child, self, at, false, ctx));
        else err("wrong-type", at, "a route must be a mapping");
      });
  }
  return { ...self, continue: cont === true, matchers: sorted, routes: children, path };
}

type Report = (code: string, at: string, message: string) => void;

/** A scalar as yaml.v2 decodes it into a Go string, or undefined (reported) for anything else. */
function str(v: unknown, at: string, err: Report): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  err("wrong-type", at, "expected a string");
  return undefined;
}

/** The route's matchers from `match` (equality), `match_re` (regex) and `matchers` (strings), unsorted. */
function routeMatchers(raw: Record<string, unknown>, path: string, err: Report): Matcher[] {
  const out: Matcher[] = [];
  const fromMap = (field: string, type: MatchType, wrap: (v: string) => string): void => {
    const map = raw[field];
    if (map === undefined || map === null) return;
    if (!isObject(map))
      return err("wrong-type", `${path}.${field}`, `${field} must be a mapping of label to value`);
    for (const [name, v] of Object.entries(map)) {
      const at = keyPath(`${path}.${field}`, name);
      const value = str(v, at, err);
      if (!labelName.test(name)) err("invalid-label", at, `invalid label name "${name}"`);
      else if (value !== undefined) {
        const m = newMatcher(type, name, wrap(value));
        if (m.ok) out.push(m.value);
        else err("invalid-matcher", at, m.error);
      }
    }
  };
  fromMap("match", "=", (v) => v);
  fromMap("match_re", "=~", (v) => `^(?:${v})$`);
  const lines = raw.matchers;
  if (lines === undefined || lines === null) return out;
  if (!Array.isArray(lines)) {
    err(
      "wrong-type",
      `${path}.matchers`,
      "matchers must be a list of strings such as 'severity=\"critical\"'",
    );
    return out;
  }
  lines.forEach((line: unknown, i) => {
    const at = `${path}.matchers[${i}]`;
    const text = str(line, at, err);
    if (text === undefined) return;
    const parsed = parseMatchers(text);
    if (parsed.ok) out.push(...parsed.value);
    else err("invalid-matcher", at, parsed.error);
  });
  return out;
}

/** `group_by`: explicit labels (undefined when none are listed, so they inherit) and whether `...` was given. */
function parseGroupBy(v: unknown, at: string, err: Report): { labels: string[] | undefined; all: boolean } {
  if (v === undefined || v === null) return { labels: undefined, all: false };
  if (!Array.isArray(v)) {
    err("wrong-type", at, "group_by must be a list of label names, or ['...']");
    return { labels: undefined, all: false };
  }
  const labels: string[] = [];
  let all = false;
  v.forEach((item: unknown, i) => {
    const name = str(item, `${at}[${i}]`, err);
    if (name === "...") all = true;
    else if (name !== undefined && !labelName.test(name))
      err("invalid-label", `${at}[${i}]`, `invalid label name "${name}" in group_by list`);
    else if (name !== undefined && labels.includes(name))
      err("invalid-value", `${at}[${i}]`, `duplicated label "${name}" in group_by`);
    else if (name !== undefined) labels.push(name);
  });
  if (all && labels.length > 0)
    err(
      "conflicting-fields",
      at,
      "cannot have wildcard group_by (`...`) and other other labels at the same time",
    );
  return { labels: labels.length > 0 ? labels : undefined, all };
}
