// Tests for the HTTP API in process: routes, the one error shape, the token, the body limit, and malformed requests.
import { join } from "node:path";
import { evaluateFlow, parseEndpointRef, parsePortSpec } from "@netward/core";
import fc from "fast-check";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCluster } from "../inputs/load.js";
import { LiveFlows } from "../serve/live-flows.js";
import { openDuckDBStore } from "../store/duckdb.js";
import type { FlowStore } from "../store/flow-store.js";
import type { ApiError } from "./api-types.js";
import { createApp } from "./app.js";
import { SnapshotState } from "./snapshot-state.js";

const root = join(import.meta.dirname, "../../../..");
const token = "t0ken-for-tests-0123456789";
const logged: string[] = [];
const state = new SnapshotState("v3.31");
const dir = mkdtempSync(join(tmpdir(), "netward-api-"));
let store: FlowStore;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  store = await openDuckDBStore(join(dir, "flows.duckdb"));
  const live = new LiveFlows(() => state.loaded?.engine, store);
  app = createApp({
    state,
    token,
    version: "9.9.9",
    maxBodyBytes: 4096,
    log: (m) => logged.push(m),
    live,
    store,
  });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  app.request(path, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });

async function failure(response: Response): Promise<[number, ApiError["error"]]> {
  const body = (await response.json()) as ApiError;
  expect(body.ok).toBe(false);
  return [response.status, body.error];
}

describe("the API before a snapshot loads", () => {
  it("is healthy but not ready, and says so", async () => {
    const empty = createApp({ state: new SnapshotState("v3.31"), token, version: "1", log: () => {} });
    expect((await empty.request("/api/health")).status).toBe(200);
    const ready = await empty.request("/api/ready");
    expect([ready.status, await ready.json()]).toEqual([503, { ok: true, data: { ready: false } }]);
    expect(await failure(await empty.request("/api/snapshot"))).toEqual([
      503,
      { type: "unavailable", message: "no snapshot is loaded yet" },
    ]);
  });
});

describe("the API", () => {
  beforeAll(async () => {
    const cluster = await loadCluster([join(root, "examples/shop")], { calicoVersion: "v3.31" });
    expect(state.offer(cluster, new Date(0))).toBe(true);
  });

  it("answers health, readiness and the snapshot summary", async () => {
    expect(await (await app.request("/api/health")).json()).toEqual({
      ok: true,
      data: { status: "ok", version: "9.9.9" },
    });
    expect(await (await app.request("/api/ready")).json()).toEqual({ ok: true, data: { ready: true } });
    const summary = (await (await app.request("/api/snapshot")).json()) as { data: { objects: number } };
    expect(summary.data).toMatchObject({ loadedAt: "1970-01-01T00:00:00.000Z", objects: 46, namespaces: 3 });
  });

  it("gives the verdict eval gives, without a token (asking is not changing)", async () => {
    for (const [from, to, port] of [
      ["shop/storefront", "shop/checkout-api", "tcp/9090"],
      ["shop/debug-toolbox", "shop-data/orders-db", "tcp/5432"],
    ] as const) {
      const response = await post("/api/eval", JSON.stringify({ from, to, port }));
      expect(response.status).toBe(200);
      const { data } = (await response.json()) as { data: { verdict: string; flowLog: unknown } };
      const src = parseEndpointRef(from);
      const dst = parseEndpointRef(to);
      const spec = parsePortSpec(port);
      if (!src.ok || !dst.ok || !spec.ok) throw new Error("bad test input");
      const want = evaluateFlow(state.loaded!.engine, { src: src.value, dst: dst.value, ...spec.value });
      expect(data).toMatchObject(JSON.parse(JSON.stringify(want)) as object);
    }
  });

  it("names the field that is wrong", async () => {
    expect(await failure(await post("/api/eval", "{"))).toMatchObject([400, { type: "bad_request" }]);
    expect(await failure(await post("/api/eval", JSON.stringify({ form: "a" })))).toEqual([
      400,
      {
        type: "bad_request",
        message: "unknown field form; fields are from, to, port, pending",
        field: "form",
      },
    ]);
    const port = await post(
      "/api/eval",
      JSON.stringify({ from: "shop/storefront", to: "shop/api", port: "tcp/99999" }),
    );
    expect(await failure(port)).toMatchObject([422, { type: "unprocessable", field: "port" }]);
    const name = await post(
      "/api/eval",
      JSON.stringify({ from: "shop/storefrnt", to: "shop/api", port: "tcp/1" }),
    );
    expect((await failure(name))[1].message).toMatch(/did you mean shop\/storefront\?/);
    const plain = await app.request("/api/eval", { method: "POST", body: "from=a" });
    expect(await failure(plain)).toMatchObject([
      400,
      { message: "send a JSON body (Content-Type: application/json)" },
    ]);
  });

  it("refuses a mutating call without the right token (401), whatever the route", async () => {
    for (const headers of [
      {},
      { authorization: "Bearer wrong-token-0000000000" },
      { authorization: token },
    ]) {
      const response = await app.request("/api/silences", { method: "DELETE", headers });
      expect(await failure(response)).toEqual([
        401,
        {
          type: "unauthorized",
          message: "this request changes the server: send Authorization: Bearer <token>",
        },
      ]);
    }
    const allowed = await app.request("/api/silences", {
      method: "DELETE",
      headers: { authorization: `Bearer ${token}` },
    });
    expect((await failure(allowed))[0]).toBe(404);
  });

  it("refuses an oversized body with 413 and unknown routes with 404, in the same shape", async () => {
    const big = await post("/api/eval", JSON.stringify({ from: "x".repeat(5000), to: "a", port: "tcp/1" }));
    expect(await failure(big)).toEqual([
      413,
      { type: "payload_too_large", message: "request bodies are limited to 4096 bytes" },
    ]);
    expect(await failure(await app.request("/api/nothing"))).toEqual([
      404,
      { type: "not_found", message: "no route GET /api/nothing" },
    ]);
  });

  it("answers an unexpected failure without its details, and logs only where it happened", async () => {
    const broken = createApp({
      state: {
        get loaded(): never {
          throw new Error("secret detail /etc/netward/smtp-password");
        },
        lastError: undefined,
      } as unknown as SnapshotState,
      token,
      version: "1",
      log: (m) => logged.push(m),
    });
    const response = await broken.request("/api/snapshot");
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(text).not.toMatch(/secret|smtp|at \w+ \(/);
    expect(logged.join("\n")).not.toMatch(/secret/);
  });

  it("takes flow records with the token, attributes and stores them, and answers queries", async () => {
    const lines = readFileSync(join(root, "examples/flows/kernel-log/syslog-3164.log"));
    const send = (headers: Record<string, string>, query = "") =>
      app.request(`/api/flows${query}`, { method: "POST", body: lines, headers });
    expect((await failure(await send({})))[0]).toBe(401);
    const auth = { authorization: `Bearer ${token}`, "content-type": "text/plain" };
    const r = await send(auth);
    expect(r.status).toBe(200);
    expect(((await r.json()) as { data: unknown }).data).toEqual({
      records: 4,
      denied: 4,
      drift: 0,
      rows: 3,
      format: "kernel-log",
      bad: 0,
      issues: [],
    });
    const q = await app.request(`/api/flows?filter=${encodeURIComponent("action = deny")}&groupBy=policy`);
    expect(((await q.json()) as { data: unknown }).data).toEqual({
      groups: [
        {
          key: { policy: "default|shop/default-deny-all|-1|deny" },
          num_flows: 4,
          packets: 4,
          bytes: 263,
          drift: 0,
        },
      ],
    });
    expect(await failure(await send(auth, "?format=flowz"))).toMatchObject([400, { field: "format" }]);
    const bad = await app.request("/api/flows?filter=actoin%20%3D%20deny");
    expect(await failure(bad)).toMatchObject([
      400,
      { message: "filter, column 1: unknown field actoin, did you mean action?" },
    ]);
  });

  it("survives 10,000 malformed ingest requests (and as many evals) and still answers", async () => {
    const samples = [
      "calico-flowlog/flows.log",
      "kernel-log/syslog-3164.log",
      "hubble/observe.jsonl",
    ].flatMap((f) =>
      readFileSync(join(root, "examples/flows", f), "utf8")
        .split("\n")
        .filter(Boolean),
    );
    const bodies = fc.sample(
      fc.oneof(
        fc
          .tuple(fc.constantFrom(...samples), fc.nat(), fc.string({ maxLength: 20 }))
          .map(([line, cut, junk]) => `${line.slice(0, cut % (line.length + 1))}${junk}\n${line}`),
        fc.string({ maxLength: 200 }),
        fc.json(),
        fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString("latin1")),
        fc
          .record({ from: fc.anything(), to: fc.anything(), port: fc.anything() })
          .map((r) => JSON.stringify(r) ?? ""),
      ),
      { numRuns: 10_000, seed: 5 },
    );
    const statuses = new Set<number>();
    const auth = { authorization: `Bearer ${token}` };
    for (const body of bodies) {
      statuses.add((await post("/api/flows", body, auth)).status);
      statuses.add((await post("/api/eval", body)).status);
    }
    expect([...statuses].every((s) => s === 200 || (s >= 400 && s < 500))).toBe(true);
    expect((await app.request("/api/health")).status).toBe(200);
  });
});
