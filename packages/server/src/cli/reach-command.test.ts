// Tests for `netward reach`: golden outputs for every format on the examples, the JSON contract, filters and errors.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { netward } from "./cli.testkit.js";

const examples = ["shop", "calico-tiers", "hosts"];
const formats = ["text", "json", "csv", "md", "dot", "mermaid"];
const goldenDir = join(import.meta.dirname, "golden/reach");
const update = process.env["UPDATE_GOLDEN"] === "1";

describe("netward reach golden outputs", () => {
  for (const example of examples) {
    for (const format of formats) {
      it(`${example} -o ${format}`, () => {
        const r = netward(["reach", `examples/${example}`, "-o", format]);
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        const file = join(goldenDir, `${example}.${format}`);
        if (update || !existsSync(file)) writeFileSync(file, r.stdout);
        expect(r.stdout).toBe(readFileSync(file, "utf8"));
      });
    }
  }
});

describe("netward reach --exposure", () => {
  for (const format of ["text", "json"]) {
    it(`calico-tiers -o ${format}`, () => {
      const r = netward(["reach", "examples/calico-tiers", "--exposure", "--no-external", "-o", format]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const file = join(goldenDir, `calico-tiers.exposure.${format}`);
      if (update || !existsSync(file)) writeFileSync(file, r.stdout);
      expect(r.stdout).toBe(readFileSync(file, "utf8"));
    });
  }

  it("names hypothetical ends in JSON and keeps them out of each other's pairs", () => {
    const { connections } = JSON.parse(
      netward(["reach", "examples/calico-tiers", "--exposure", "-o", "json"]).stdout,
    ) as { connections: { src: { kind: string }; dst: { kind: string } }[] };
    expect(connections.length).toBeGreaterThan(0);
    for (const c of connections) {
      const kinds = [c.src.kind, c.dst.kind];
      expect(kinds.filter((k) => k === "hypothetical")).toHaveLength(1);
    }
  });
});

type Peer = {
  kind: string;
  namespace?: string;
  name?: string;
  workloadKind?: string;
  node?: string;
  range?: string;
};
type Connection = { src: Peer; dst: Peer; conns: "all" | { protocol: string; ports?: [number, number][] }[] };

const json = (args: string[]) =>
  JSON.parse(netward(["reach", ...args, "-o", "json"]).stdout) as { connections: Connection[] };

describe("netward reach", () => {
  it("keeps the DESIGN.md JSON contract", () => {
    const { connections } = json(["examples/shop"]);
    expect(connections.length).toBeGreaterThan(10);
    for (const c of connections) {
      for (const p of [c.src, c.dst]) {
        expect(["workload", "pod", "hostendpoint", "external"]).toContain(p.kind);
        if (p.kind === "external") expect(p.range).toMatch(/^[\d.]+-[\d.]+$/);
        else if (p.kind !== "hostendpoint") expect(p.namespace).toBeTruthy();
      }
      expect(c.src).not.toEqual(c.dst);
      if (c.conns !== "all") for (const e of c.conns) expect(typeof e.protocol).toBe("string");
    }
    expect(connections).toContainEqual({
      src: { kind: "workload", namespace: "shop", name: "checkout-api", workloadKind: "Deployment" },
      dst: { kind: "workload", namespace: "shop-data", name: "orders-db", workloadKind: "StatefulSet" },
      conns: [{ protocol: "TCP", ports: [[5432, 5432]] }],
    });
  });

  it("filters by focus and direction, port, and what to show", () => {
    const into = json(["examples/shop", "--focus", "shop-data", "--direction", "ingress"]).connections;
    expect(into.length).toBeGreaterThan(0);
    expect(into.every((c) => c.dst.namespace === "shop-data")).toBe(true);
    const out = json(["examples/shop", "--focus", "shop/checkout-api", "--direction", "egress"]).connections;
    expect(out.every((c) => c.src.name === "checkout-api")).toBe(true);
    const pg = json(["examples/shop", "--port", "tcp/5432"]).connections;
    expect(pg.map((c) => c.dst.name)).toContain("orders-db");
    expect(pg.every((c) => JSON.stringify(c.conns) === '[{"protocol":"TCP","ports":[[5432,5432]]}]')).toBe(
      true,
    );
    const denied = json(["examples/shop", "--show", "denied", "--no-external"]).connections;
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((c) => Array.isArray(c.conns) && c.conns.length === 0)).toBe(true);
    const perPod = json(["examples/shop", "--per-pod", "--no-external"]).connections;
    expect(perPod.some((c) => c.src.kind === "pod")).toBe(true);
  });

  it("refuses unknown formats, filters and focus targets (exit 2)", () => {
    for (const args of [
      ["-o", "yaml"],
      ["--direction", "ingress"],
      ["--focus", "shop/nope"],
      ["--port", "tcp/0"],
      ["--show", "some"],
    ]) {
      const r = netward(["reach", "examples/shop", ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^error: /);
    }
  });
});
