// Table tests for reading Alertmanager route trees: inheritance, matcher merging, route keys and issues.
import { describe, expect, it } from "vitest";
import { parseAlertmanagerDuration, parseRouteTree, type RouteNode } from "./route-config.js";

const tree = (input: unknown): RouteNode => {
  const r = parseRouteTree(input);
  expect(r.issues.filter((i) => i.severity === "error")).toEqual([]);
  return r.value!;
};

describe("parseAlertmanagerDuration", () => {
  it.each([
    ["0", 0],
    ["0s", 0],
    ["30s", 30_000],
    ["1h30m", 5_400_000],
    ["1d", 86_400_000],
    ["1w", 604_800_000],
    ["1y", 31_536_000_000],
    ["250ms", 250],
    ["", undefined],
    ["1.5h", undefined],
    ["30", undefined],
    ["1m1h", undefined],
  ])("%j is %s ms", (text, ms) => {
    expect(parseAlertmanagerDuration(text)).toBe(ms);
  });
});

describe("inheritance", () => {
  const root = tree({
    receiver: "root",
    group_by: ["alertname"],
    group_interval: "1m",
    routes: [
      {
        matchers: ["team=db"],
        group_wait: "5s",
        routes: [
          { receiver: "db", group_by: [] },
          { group_by: ["..."], routes: [{}, { group_by: ["x"] }] },
        ],
      },
    ],
  });
  const db = root.routes[0]!;
  const [leaf, all] = db.routes;

  it("uses Alertmanager's defaults and the root's own settings", () => {
    expect(root).toMatchObject({
      receiver: "root",
      groupBy: ["alertname"],
      groupByAll: false,
      continue: false,
    });
    expect(root).toMatchObject({
      groupWaitMs: 30_000,
      groupIntervalMs: 60_000,
      repeatIntervalMs: 14_400_000,
    });
  });

  it("inherits receiver, group_by and timers from the parent", () => {
    expect(db).toMatchObject({
      receiver: "root",
      groupBy: ["alertname"],
      groupWaitMs: 5_000,
      groupIntervalMs: 60_000,
    });
    expect(leaf).toMatchObject({
      receiver: "db",
      groupBy: ["alertname"],
      groupByAll: false,
      groupWaitMs: 5_000,
    });
  });

  it("turns on group-by-all with ['...'], inherited until a route lists labels again", () => {
    expect(all).toMatchObject({ groupByAll: true });
    expect(all!.routes[0]).toMatchObject({ groupByAll: true });
    expect(all!.routes[1]).toMatchObject({ groupByAll: false, groupBy: ["x"] });
  });
});

describe("matchers and route keys", () => {
  it("merges match, match_re and matchers in sorted order; match_re values read ^(?:...)$", () => {
    const root = tree({
      receiver: "r",
      routes: [{ matchers: ['c!="2"', "{b=~x}"], match: { a: "1" }, match_re: { b: "x" }, routes: [{}] }],
    });
    const child = root.routes[0]!;
    expect(root.key).toBe("{}");
    expect(child.key).toBe('{}/{a="1",b=~"^(?:x)$",b=~"x",c!="2"}');
    expect(child.routes[0]!.key).toBe('{}/{a="1",b=~"^(?:x)$",b=~"x",c!="2"}/{}');
    expect(child.path).toBe("route.routes[0]");
  });
});

describe("issues", () => {
  const codes = (input: unknown, receivers?: string[]): [string, string | undefined, string | undefined][] =>
    parseRouteTree(input, receivers ? { receivers } : {}).issues.map((i) => [i.code, i.path, i.fix]);

  it.each([
    ["not a mapping", "route", [["wrong-type", "route", undefined]]],
    [{}, undefined, [["missing-field", "route.receiver", undefined]]],
    [{ receiver: "r", continue: true }, undefined, [["invalid-value", "route.continue", undefined]]],
    [{ receiver: "r", match: { a: "b" } }, undefined, [["invalid-value", "route.match", undefined]]],
    [
      { receiver: "r", recevier: "x" },
      undefined,
      [["unknown-field", "route.recevier", "rename recevier to receiver"]],
    ],
    [
      { receiver: "r", group_by: ["...", "a"] },
      undefined,
      [["conflicting-fields", "route.group_by", undefined]],
    ],
    [{ receiver: "r", group_by: ["a", "a"] }, undefined, [["invalid-value", "route.group_by[1]", undefined]]],
    [{ receiver: "r", group_by: ["a-b"] }, undefined, [["invalid-label", "route.group_by[0]", undefined]]],
    [
      { receiver: "r", group_interval: "0s" },
      undefined,
      [["invalid-value", "route.group_interval", undefined]],
    ],
    [
      { receiver: "r", repeat_interval: 5 },
      undefined,
      [["invalid-value", "route.repeat_interval", undefined]],
    ],
    [{ receiver: "r", routes: {} }, undefined, [["wrong-type", "route.routes", undefined]]],
    [
      { receiver: "r", routes: [{ continue: "yes" }] },
      undefined,
      [["wrong-type", "route.routes[0].continue", undefined]],
    ],
    [
      { receiver: "r", routes: [{ matchers: "a=b" }] },
      undefined,
      [["wrong-type", "route.routes[0].matchers", undefined]],
    ],
    [
      { receiver: "r", routes: [{ matchers: ["a b"] }] },
      undefined,
      [["invalid-matcher", "route.routes[0].matchers[0]", undefined]],
    ],
    [
      { receiver: "r", routes: [{ match_re: { a: "(" } }] },
      undefined,
      [["invalid-matcher", "route.routes[0].match_re.a", undefined]],
    ],
    [
      { receiver: "r", routes: [{ match: { "a.b": "x" } }] },
      undefined,
      [["invalid-label", 'route.routes[0].match["a.b"]', undefined]],
    ],
    [
      { receiver: "r", routes: [{ receiver: "nope" }] },
      ["r"],
      [["unknown-receiver", "route.routes[0].receiver", undefined]],
    ],
    [
      { receiver: "r", routes: [{ mute_time_intervals: ["night"] }] },
      undefined,
      [["uncertain-semantics", "route.routes[0].mute_time_intervals", undefined]],
    ],
  ] as const)("%j", (input, receivers, want) => {
    expect(codes(input, receivers ? [...receivers] : undefined)).toEqual(want);
  });

  it("gives no tree when there are errors, and one when there are only warnings", () => {
    expect(parseRouteTree({ receiver: "r", routes: [{ matchers: ["a b"] }] }).value).toBeUndefined();
    expect(
      parseRouteTree({ receiver: "r", routes: [{ active_time_intervals: ["day"] }] }).value,
    ).toBeDefined();
  });
});
