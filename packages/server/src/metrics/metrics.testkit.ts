// Test helpers for the metrics: the shop cluster's engine, its flow samples attributed, a fake clock, series values.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Attributor, type AttributedFlow, type Engine } from "@netward/core";
import type { Registry } from "prom-client";
import { loadEngine } from "../cli/load-engine.js";
import { parseFlowBytes } from "../flows/ingest-pipeline.js";

const root = join(import.meta.dirname, "../../../..");

/** The shop example with the flow samples' cluster (pod history, network sets), as the samples are attributed. */
export function shopEngine(): Promise<Engine> {
  return loadEngine([join(root, "examples/shop"), join(root, "examples/flows/cluster")], {
    calicoVersion: "v3.31",
    namespace: "default",
  });
}

/** The records of a flow sample (`examples/flows/<file>`), attributed against the engine, by line. */
export function attributedSample(engine: Engine, file: string): Map<number, AttributedFlow> {
  const read = parseFlowBytes(new Uint8Array(readFileSync(join(root, "examples/flows", file))), file, {
    format: "auto",
    year: 2026,
    bootTime: Date.UTC(2026, 10, 21),
  });
  const attributor = new Attributor(engine);
  return new Map(read.flows.map((f) => [f.origin.line ?? 0, attributor.attribute(f)]));
}

/** A clock tests move by hand (milliseconds). */
export class FakeClock {
  constructor(public ms = 1_000_000) {}
  readonly now = (): number => this.ms;
}

/** The value of one series of a metric, or undefined when the series does not exist. */
export async function seriesValue(
  registry: Registry,
  name: string,
  labels: Record<string, string>,
): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const wanted = Object.entries(labels);
  return values.find(
    (v) =>
      Object.keys(v.labels).length === wanted.length &&
      wanted.every(([k, x]) => (v.labels as Record<string, unknown>)[k] === x),
  )?.value;
}

/** The number of series a metric has. */
export async function seriesCount(registry: Registry, name: string): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) throw new Error(`no metric ${name}`);
  return (await metric.get()).values.length;
}
