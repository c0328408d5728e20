// Golden attributed output for every flow sample: each record parsed, its ends found in the shop cluster's pod history, verdicts and drift.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Attributor, type AttributedFlow, type Engine } from "@netward/core";
import { beforeAll, describe, expect, it } from "vitest";
import { loadEngine } from "../cli/load-engine.js";
import { attributedText } from "./attributed-text.js";
import { parseFlowBytes } from "./ingest-pipeline.js";

const root = join(import.meta.dirname, "../../../..");
const goldenDir = join(import.meta.dirname, "golden", "attributed");
const update = process.env["UPDATE_GOLDEN"] === "1";

/** The samples (every folder but the manifests cluster/ and staged/); dmesg uptimes count from a boot on 2026-11-21. */
const samples = readdirSync(join(root, "examples/flows"))
  .filter((dir) => dir !== "cluster" && dir !== "staged")
  .flatMap((dir) =>
    readdirSync(join(root, "examples/flows", dir))
      .filter((f) => !/\.(md|sh)$/.test(f))
      .map((f) => `examples/flows/${dir}/${f}`),
  )
  .sort();

let engine: Engine;
const attributed = new Map<string, AttributedFlow[]>();

beforeAll(async () => {
  engine = await loadEngine([join(root, "examples/shop"), join(root, "examples/flows/cluster")], {
    calicoVersion: "v3.31",
    namespace: "default",
  });
  for (const file of samples) {
    const read = parseFlowBytes(new Uint8Array(readFileSync(join(root, file))), file, {
      format: "auto",
      year: 2026,
      bootTime: Date.UTC(2026, 10, 21),
    });
    const attributor = new Attributor(engine);
    attributed.set(
      file,
      read.flows.map((f) => attributor.attribute(f)),
    );
  }
});

describe("attributed flow samples match their golden files", () => {
  it.each(samples)("%s", (file) => {
    const got = attributed
      .get(file)!
      .map((a) => `${attributedText(a)}\n`)
      .join("");
    const golden = join(goldenDir, `${file.slice("examples/flows/".length).replace("/", "-")}.txt`);
    if (update || !existsSync(golden)) {
      mkdirSync(goldenDir, { recursive: true });
      writeFileSync(golden, got);
    }
    expect(got).toBe(readFileSync(golden, "utf8"));
  });
});

describe("attributed flow samples", () => {
  const all = () => [...attributed.values()].flat();

  it("find every pod address of the cluster in the pod history, at the flow's time", () => {
    const unknown = all()
      .flatMap((a) => [[a.flow.src.ip, a.src] as const, [a.flow.dst.ip, a.dst] as const])
      .filter(([ip, end]) => ip !== undefined && /^(10\.244\.|fd00:10:244:)/.test(ip) && end.kind !== "pod")
      .map(([ip, end]) => `${ip} ${end.kind}`);
    expect(unknown).toEqual([]);
  });

  it("resolve a reused address to the pod that held it then", () => {
    const holders = new Set(
      all()
        .filter((a) => a.flow.src.ip === "10.244.0.21")
        .map((a) => `${new Date(a.flow.start).getUTCFullYear()} ${a.src.name}`),
    );
    expect([...holders].sort()).toEqual([
      "2025 shop/storefront-6c9d7f-x8k2p",
      "2026 shop/storefront-7d9f8b6c4-x2x9k",
    ]);
  });

  it("attribute every record that has an address or a known name", () => {
    const missing = all().filter((a) => a.enforced === undefined && (a.flow.src.ip ?? a.flow.dst.ip));
    expect(missing.map(attributedText)).toEqual([]);
  });
});
