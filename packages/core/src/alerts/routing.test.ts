// Table tests for Alertmanager routing: the docs' route-tree behaviour, group labels and group keys.
import { describe, expect, it } from "vitest";
import { parseRouteTree, type RouteNode } from "./route-config.js";
import { goQuote, labelSetString, routeAlert } from "./routing.js";

const build = (input: unknown): RouteNode => {
  const r = parseRouteTree(input);
  expect(r.issues).toEqual([]);
  return r.value!;
};

/** The example tree from Alertmanager's configuration docs, trimmed to its routing. */
const docsTree = build({
  receiver: "default-receiver",
  group_by: ["cluster", "alertname"],
  routes: [
    {
      receiver: "database-pager",
      group_wait: "10s",
      matchers: ['service=~"mysql|cassandra"'],
    },
    {
      receiver: "frontend-pager",
      group_by: ["product", "environment"],
      matchers: ["team=frontend"],
    },
    {
      receiver: "dev-pager",
      matchers: ["service=inhouse-service"],
      continue: true,
      routes: [{ receiver: "on-call-pager", matchers: ["severity=critical"] }],
    },
    { receiver: "all-pager", matchers: ['service=~".+"'] },
  ],
});

describe("routeAlert on the docs tree", () => {
  it.each([
    [{}, ["default-receiver"]],
    [{ service: "mysql" }, ["database-pager"]],
    [{ service: "mysql", team: "frontend" }, ["database-pager"]],
    [{ team: "frontend" }, ["frontend-pager"]],
    [{ service: "inhouse-service" }, ["dev-pager", "all-pager"]],
    [{ service: "inhouse-service", severity: "critical" }, ["on-call-pager", "all-pager"]],
    [{ service: "other" }, ["all-pager"]],
    [{ service: "" }, ["default-receiver"]],
  ])("%j goes to %j", (labels, receivers) => {
    expect(routeAlert(docsTree, labels).map((r) => r.receiver)).toEqual(receivers);
  });
});

describe("group labels and keys", () => {
  it("groups by the listed labels that are present, keyed by route path and group labels", () => {
    const [r] = routeAlert(docsTree, { service: "mysql", alertname: "Down", instance: "a:1" });
    expect(r!.groupLabels).toEqual({ alertname: "Down" });
    expect(r!.groupKey).toBe('{}/{service=~"mysql|cassandra"}:{alertname="Down"}');
    expect(r!.route.groupWaitMs).toBe(10_000);
  });

  it("reproduces the groupKey of a webhook body captured from Alertmanager 0.25", () => {
    const tree = build({
      receiver: "null",
      routes: [
        {
          receiver: "netward",
          group_by: ["alertname", "source", "destination"],
          matchers: ["variant=with_new_series", 'severity=~"warning|critical"'],
        },
      ],
    });
    const labels = {
      alertname: "PolicyDeniedTrafficIncludingNewSeries",
      destination: "shop/db",
      severity: "warning",
      source: "shop/client-0-1795385880",
      variant: "with_new_series",
    };
    expect(routeAlert(tree, labels)[0]!.groupKey).toBe(
      '{}/{severity=~"warning|critical",variant="with_new_series"}:' +
        '{alertname="PolicyDeniedTrafficIncludingNewSeries", destination="shop/db", source="shop/client-0-1795385880"}',
    );
  });

  it("groups by every label under group_by ['...']", () => {
    const tree = build({ receiver: "r", group_by: ["..."] });
    const [r] = routeAlert(tree, { b: "2", a: "1" });
    expect(Object.keys(r!.groupLabels)).toEqual(["a", "b"]);
    expect(r!.groupKey).toBe('{}:{a="1", b="2"}');
  });

  it("keys nested routes with every ancestor's matchers", () => {
    const [r] = routeAlert(docsTree, { service: "inhouse-service", severity: "critical", cluster: "eu" });
    expect(r!.groupKey).toBe('{}/{service="inhouse-service"}/{severity="critical"}:{cluster="eu"}');
  });

  it.each([
    ["plain", '"plain"'],
    ['q"b\\', '"q\\"b\\\\"'],
    ["a\nb\t\x01\x7f", '"a\\nb\\t\\x01\\x7f"'],
    ["\u00e9\u263a", '"\u00e9\u263a"'],
    ["\u00a0\u200b", '"\\u00a0\\u200b"'],
    ["\u{e0001}", '"\\U000e0001"'],
  ])("quotes %j as Go's %%q: %s", (value, want) => {
    expect(goQuote(value)).toBe(want);
  });

  it("prints label sets as Prometheus does", () => {
    expect(labelSetString({ z: "1", a: 'x"' })).toBe('{a="x\\"", z="1"}');
    expect(labelSetString({})).toBe("{}");
  });
});
