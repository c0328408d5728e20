// Golden tests for the kernel log and Hubble samples under examples/flows: every record parsed, skipped or reported.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hubbleParser, kernelLogParser, type LineParser } from "@netward/core";
import { describe, expect, it } from "vitest";
import { parseFlowFile, type ParsedFlowFile } from "../inputs/flow-file.js";

const root = join(import.meta.dirname, "../../../..");
const goldenDir = join(import.meta.dirname, "golden");
const update = process.env["UPDATE_GOLDEN"] === "1";
/** The samples' nodes booted at 2026-11-21T00:00:00Z (dmesg uptimes count from there); the logs are of 2026. */
const kernelLog = kernelLogParser({ year: 2026, bootTime: Date.UTC(2026, 10, 21) });

/** Parses a sample file the way the server reads files. */
function parseSample(parser: LineParser, path: string): ParsedFlowFile {
  const file = `examples/flows/${path}`;
  return parseFlowFile(readFileSync(join(root, file)), parser, file);
}

const samples: [string, LineParser, string][] = [
  ["kernel-log-syslog-3164", kernelLog, "kernel-log/syslog-3164.log"],
  ["kernel-log-syslog-5424", kernelLog, "kernel-log/syslog-5424.log"],
  ["kernel-log-journald", kernelLog, "kernel-log/journald.log"],
  ["kernel-log-dmesg", kernelLog, "kernel-log/dmesg.log"],
  ["kernel-log-malformed", kernelLog, "kernel-log/malformed.log"],
  ["hubble-observe", hubbleParser, "hubble/observe.jsonl"],
  ["hubble-malformed", hubbleParser, "hubble/malformed.jsonl"],
];

describe("flow log samples match their golden files", () => {
  for (const [name, parser, path] of samples) {
    it(name, () => {
      const got = `${JSON.stringify(parseSample(parser, path), null, 2)}\n`;
      const file = join(goldenDir, `${name}.json`);
      if (update || !existsSync(file)) writeFileSync(file, got);
      expect(got).toBe(readFileSync(file, "utf8"));
    });
  }
});

describe("flow log samples", () => {
  const counts: [string, LineParser, number, number[]][] = [
    ["kernel-log/syslog-3164.log", kernelLog, 4, [2, 4, 7, 8]],
    ["kernel-log/syslog-5424.log", kernelLog, 4, [1, 4]],
    ["kernel-log/journald.log", kernelLog, 3, [1, 3, 5, 7]],
    ["kernel-log/dmesg.log", kernelLog, 4, [1, 4]],
    ["hubble/observe.jsonl", hubbleParser, 9, [3, 4, 10, 12, 13]],
  ];
  for (const [path, parser, flows, skipped] of counts) {
    it(`${path}: ${flows} flows, no issues`, () => {
      const r = parseSample(parser, path);
      expect(r.issues).toEqual([]);
      expect(r.flows).toHaveLength(flows);
      expect(r.skipped).toEqual(skipped);
    });
  }

  it("kernel-log/malformed.log: one flow, one other kernel message, an issue on each bad line", () => {
    const r = parseSample(kernelLog, "kernel-log/malformed.log");
    expect(r.flows.map((f) => f.origin.line)).toEqual([1]);
    expect(r.skipped).toEqual([5]);
    expect(r.issues.map((i) => [i.line, i.code, i.path])).toEqual([
      [2, "flow-field", "SPT"],
      [3, "flow-field", "SRC"],
      [4, "flow-syntax", "DST"],
      [6, "flow-field", "TYPE"],
      [7, "flow-field", "timestamp"],
      [8, "flow-field", "PROTO"],
      [9, "flow-syntax", "timestamp"],
      [10, "flow-syntax", "DPT"],
    ]);
    for (const i of r.issues) expect(i.file).toBe("examples/flows/kernel-log/malformed.log");
  });

  it("hubble/malformed.jsonl: one flow, two skips, an issue on each bad line", () => {
    const r = parseSample(hubbleParser, "hubble/malformed.jsonl");
    expect(r.flows.map((f) => f.origin.line)).toEqual([1]);
    expect(r.skipped).toEqual([7, 10]);
    expect(r.issues.map((i) => [i.line, i.code, i.path])).toEqual([
      [2, "flow-syntax", undefined],
      [3, "flow-field", "flow.l4.TCP.destination_port"],
      [4, "flow-field", "flow.IP.source"],
      [5, "flow-syntax", "flow.IP"],
      [6, "flow-field", "flow.verdict"],
      [8, "flow-field", "flow.time"],
      [9, "flow-field", "flow.source.labels"],
      [11, "flow-syntax", undefined],
    ]);
  });
});
