// TextExposition against prom-client's own `registry.metrics()`: awkward labels and values, series churn, FlowMetrics.
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { FlowMetrics } from "./flow-metrics.js";
import { attributedSample, FakeClock, shopEngine } from "./metrics.testkit.js";
import { labelText, TextExposition, valueText } from "./text-exposition.js";

const awkward = [
  "",
  'say "hi"',
  "C:\\path\\",
  "line\nbreak",
  "carriage\rreturn\ttab",
  '\\"\n\\n',
  "ümlaut ünïcödé 名前 🚦",
  "e\u0301 zero\u200bwidth",
  "lone \ud800 surrogate",
  "a,b=c}{",
];

/** A registry with every awkward label value, special numbers, an unlabelled gauge, an empty family and a histogram. */
function awkwardRegistry(): { registry: Registry; counter: Counter<"policy" | "srcIP">; gauge: Gauge<"v"> } {
  const registry = new Registry();
  const counter = new Counter({
    name: "calico_denied_things",
    help: 'Help with a \\ backslash,\na newline and "quotes".',
    labelNames: ["policy", "srcIP"],
    registers: [registry],
  });
  awkward.forEach((policy, i) => counter.inc({ policy, srcIP: `10.0.0.${i}` }, i * 0.1));
  counter.inc({ srcIP: "first", policy: "order kept" }, 2 ** 53);
  const gauge = new Gauge({ name: "g", help: "Special values.", labelNames: ["v"], registers: [registry] });
  const values = [NaN, Infinity, -Infinity, -0, 1e21, 1.5e-7, -42.125, Number.MAX_VALUE, Number.MIN_VALUE];
  values.forEach((value, i) => gauge.set({ v: String(i) }, value));
  gauge.set({ v: 7 }, 3);
  new Gauge({ name: "unlabelled", help: "No labels.", registers: [registry] }).set(0.5);
  new Gauge({ name: "empty", help: "No series.", labelNames: ["x"], registers: [registry] });
  const histogram = new Histogram({
    name: "h",
    help: "Kept to prom-client.",
    buckets: [1],
    registers: [registry],
  });
  histogram.observe(0.5);
  return { registry, counter, gauge };
}

describe("TextExposition", () => {
  it("writes what prom-client writes, for awkward label values, special numbers, unlabelled and empty metrics", async () => {
    const { registry } = awkwardRegistry();
    const writer = new TextExposition();
    const expected = await registry.metrics();
    expect(expected).toContain('policy="\\\\\\"\\n\\\\n"');
    expect(expected).toContain('g{v="0"} Nan\n');
    expect(await writer.write(registry)).toBe(expected);
    expect(await writer.write(registry)).toBe(expected);
  });

  it("keeps up with values changing and series removed and created again", async () => {
    const { registry, counter, gauge } = awkwardRegistry();
    const writer = new TextExposition();
    await writer.write(registry);
    counter.inc({ policy: 'say "hi"', srcIP: "10.0.0.1" }, 5);
    counter.remove({ policy: "", srcIP: "10.0.0.0" });
    counter.inc({ srcIP: "10.0.0.0", policy: "" }, 1);
    gauge.remove({ v: "0" });
    gauge.set({ v: "0" }, -1);
    expect(await writer.write(registry)).toBe(await registry.metrics());
  });

  it("writes what prom-client writes for any label values and numbers", async () => {
    const writer = new TextExposition();
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.string({ unit: "binary" }),
            fc.string({ unit: "grapheme" }),
            fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, -0)),
          ),
          {
            maxLength: 20,
          },
        ),
        async (series) => {
          const registry = new Registry();
          const gauge = new Gauge({ name: "x", help: "x", labelNames: ["a", "b"], registers: [registry] });
          for (const [a, b, value] of series) gauge.set({ b, a }, value);
          expect(await writer.write(registry)).toBe(await registry.metrics());
        },
      ),
    );
  });

  it("formats labels and values as the text format wants them", () => {
    expect(labelText({})).toBe("");
    expect(labelText({ a: 'x"\\\ny', b: 3 })).toBe('{a="x\\"\\\\\\ny",b="3"}');
    expect([NaN, Infinity, -Infinity, -0, 1e21].map(valueText)).toEqual([
      "Nan",
      "+Inf",
      "-Inf",
      "0",
      "1e+21",
    ]);
  });

  it("gives promtool text it parses, awkward labels included", async () => {
    const { registry } = awkwardRegistry();
    const text = await new TextExposition().write(registry);
    const run = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
    expect(run.error).toBe(undefined);
    const findings = `${run.stdout}${run.stderr}`.split("\n").filter((l) => l.trim() !== "");
    expect([...new Set(findings)]).toEqual([
      'calico_denied_things counter metrics should have "_total" suffix',
      "calico_denied_things label names should be written in 'snake_case' not 'camelCase'",
    ]);
  });
});

describe("FlowMetrics.metrics", () => {
  it("equals prom-client's exposition of its registry, before and after series expire", async () => {
    const engine = await shopEngine();
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 12));
    const m = new FlowMetrics({ instance: "netward-0", now: clock.now });
    m.loadPolicies(engine);
    for (const file of ["calico-flowlog/flows.log", "hubble/observe.jsonl", "kernel-log/dmesg.log"])
      for (const a of attributedSample(engine, file).values()) m.observe(a);
    const text = await m.metrics();
    expect(text).toContain("calico_denied_packets{");
    expect(text).toBe(await m.registry.metrics());
    const families = text.split("\n").filter((l) => l.startsWith("# TYPE "));
    expect(new Set(families).size).toBe(families.length);
    clock.ms += 30_000;
    m.observe(attributedSample(engine, "kernel-log/dmesg.log").get(5)!);
    clock.ms += 30_000;
    const later = await m.metrics();
    expect(later).not.toBe(text);
    expect(later).toBe(await m.registry.metrics());
  });
});
