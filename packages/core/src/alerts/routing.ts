// Alertmanager 0.25 routing: which routes of a tree an alert's labels reach, with group labels and group keys.

import type { Labels } from "./fingerprint.js";
import { compareGoStrings, matchersMatch } from "./matchers.js";
import type { RouteNode } from "./route-config.js";

/** One route an alert reaches, with what Alertmanager uses to notify it. */
export interface RoutedAlert {
  readonly route: RouteNode;
  readonly receiver: string;
  /** The alert's labels that the route groups by (all of them for `group_by: ['...']`), sorted by name. */
  readonly groupLabels: Readonly<Record<string, string>>;
  /** Alertmanager's aggregation-group key: `<route key>:<group labels>`, e.g. `{}/{team="db"}:{alertname="X"}`. */
  readonly groupKey: string;
}

/**
 * Alertmanager's `Route.Match`: the routes `labels` reach, depth first. A route whose matchers fail yields
 * nothing; otherwise its children are tried in order, stopping after the first that yields routes unless that
 * child has `continue: true`; a route none of whose children yields anything is itself the match.
 */
export function matchRoutes(route: RouteNode, labels: Labels): RouteNode[] {
  if (!matchersMatch(route.matchers, labels)) return [];
  const all: RouteNode[] = [];
  for (const child of route.routes) {
    const matches = matchRoutes(child, labels);
    all.push(...matches);
    if (matches.length > 0 && !child.continue) break;
  }
  return all.length > 0 ? all : [route];
}

/** The routes an alert with `labels` is sent to, in Alertmanager's order, each with its receiver and group key. */
export function routeAlert(tree: RouteNode, labels: Labels): RoutedAlert[] {
  return matchRoutes(tree, labels).map((route) => {
    const group = groupLabels(route, labels);
    return { route, receiver: route.receiver, groupLabels: group, groupKey: groupKey(route, group) };
  });
}

/** The alert's labels that `route` groups by: every label under `...`, else those named in group_by that are present. */
export function groupLabels(route: RouteNode, labels: Labels): Record<string, string> {
  const names = Object.keys(labels)
    .filter((n) => route.groupByAll || route.groupBy.includes(n))
    .sort(compareGoStrings);
  return Object.fromEntries(names.map((n) => [n, labels[n]!]));
}

/**
 * Alertmanager's aggregation-group key (`aggrGroup.GroupKey`): the route key (root `{}`, then `/` and each
 * route's sorted matchers down the path, e.g. `{}/{team="db"}/{severity=~"crit"}`), a colon, and the group
 * labels printed as Prometheus's `Labels.String` does: `{a="1", b="2"}`, sorted, values Go-quoted.
 */
export function groupKey(route: RouteNode, group: Labels): string {
  return `${route.key}:${labelSetString(group)}`;
}

/** A label set printed as Prometheus's `model.Labels.String`: `{a="x", b="y"}`, names sorted, values `%q`-quoted. */
export function labelSetString(labels: Labels): string {
  const names = Object.keys(labels).sort(compareGoStrings);
  return `{${names.map((n) => `${n}=${goQuote(labels[n]!)}`).join(", ")}}`;
}

const goEscapes: Readonly<Record<string, string>> = {
  "\x07": "\\a",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
  "\\": "\\\\",
  '"': '\\"',
};
const goPrintable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** A string quoted as Go's `strconv.Quote` (`%q`) does; lone surrogates read as U+FFFD as Go decodes them. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const c = cp >= 0xd800 && cp < 0xe000 ? "\ufffd" : ch;
    const hex = (n: number, width: number): string => n.toString(16).padStart(width, "0");
    if (goEscapes[c] !== undefined) out += goEscapes[c];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (goPrintable.test(c)) out += c;
    else out += cp < 0x10000 ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}
