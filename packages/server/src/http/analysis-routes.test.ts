// Tests for the analysis routes and the live flow stream: the same answers as the CLI, streamed, and filtered.
import { join } from "node:path";
import { parseFlowFile } from "../inputs/flow-file.js";
import { calicoFlowLogParser } from "@netward/core";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { netward, repoRoot } from "../cli/cli.testkit.js";
import { loadCluster } from "../inputs/load.js";
import { LiveFlows } from "../serve/live-flows.js";
import { createApp } from "./app.js";
import { listen, type Listening } from "./listen.js";
import { SnapshotState } from "./snapshot-state.js";

const paths = [join(repoRoot, "examples/shop"), join(repoRoot, "examples/flows/cluster")];
const state = new SnapshotState("v3.31");
const live = new LiveFlows(() => state.loaded?.engine, undefined);
const app = createApp({ state, token: "t".repeat(32), version: "1", log: () => {}, live });
let server: Listening;

beforeAll(async () => {
  expect(state.offer(await loadCluster(paths, { calicoVersion: "v3.31" }), new Date(0))).toBe(true);
  server = await listen(app.fetch, "127.0.0.1", 0);
});
afterAll(() => server.close());

const data = async (path: string) => {
  const response = await app.request(path);
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { data: unknown }).data;
};

describe("analysis routes", () => {
  it("streams the reachability JSON the CLI prints", async () => {
    const response = await fetch(`${server.url}api/reach?focus=shop/storefront&direction=egress&show=all`);
    const cli = netward([
      "reach",
      ...paths,
      "-o",
      "json",
      "--focus",
      "shop/storefront",
      "--direction",
      "egress",
      "--show",
      "all",
    ]);
    expect(cli.code).toBe(0);
    expect(JSON.parse(await response.text())).toEqual(JSON.parse(cli.stdout));
  });

  it("answers who-can-reach and reachable-from as the CLI does", async () => {
    for (const [question, endpoint] of [
      ["who-can-reach", "shop-data/orders-db"],
      ["reachable-from", "shop/checkout-api"],
    ] as const) {
      const answer = await data(
        `/api/query/${question}?endpoint=${encodeURIComponent(endpoint)}&port=tcp/5432`,
      );
      const cli = netward(["query", question, endpoint, ...paths, "-o", "json", "--port", "tcp/5432"]);
      expect(answer).toEqual(JSON.parse(cli.stdout));
    }
  });

  it("lists the load's issues and the lint findings", async () => {
    expect(await data("/api/validate")).toEqual({ issues: [] });
    const cli = netward(["lint", ...paths, "-o", "json"]);
    const findings = (await data("/api/lint")) as { findings: { code: string }[] };
    const want = (JSON.parse(cli.stdout) as { findings: { code: string }[] }).findings;
    expect(findings.findings.map((f) => f.code)).toEqual(want.map((f) => f.code));
  });

  it("names the parameter that is wrong", async () => {
    const bad = await app.request("/api/reach?show=some");
    expect([bad.status, ((await bad.json()) as { error: { message: string } }).error.message]).toEqual([
      400,
      "show must be allowed, denied or all, not some",
    ]);
    expect((await app.request("/api/query/who-can-reach")).status).toBe(400);
    expect((await app.request("/api/query/who-can-reach?endpoint=shop/nobody")).status).toBe(422);
  });
});

describe("the live flow stream", () => {
  it("sends the flows that match its filter as they arrive", async () => {
    const controller = new AbortController();
    const response = await fetch(
      `${server.url}api/flows/stream?filter=${encodeURIComponent("action = deny")}`,
      {
        signal: controller.signal,
      },
    );
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const file = "examples/flows/calico-flowlog/flows.log";
    const flows = parseFlowFile(readFileSync(join(repoRoot, file)), calicoFlowLogParser, file).flows;
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = "";
    const want = (await live.add(flows)).denied;
    const events = () => text.split("\n\n").filter((e) => e.startsWith("event: flow"));
    while (events().length < want) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const rows = events().map(
      (e) => (JSON.parse(e.slice(e.indexOf("data: ") + 6)) as { row: { verdict: string } }).row,
    );
    expect(rows.length).toBe(want);
    expect(rows.every((r) => r.verdict === "deny")).toBe(true);
  });

  it("refuses a bad filter before streaming", async () => {
    const bad = await app.request("/api/flows/stream?filter=actoin%3Ddeny");
    expect(bad.status).toBe(400);
  });
});
