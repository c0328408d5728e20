// Golden tests for the JSON flow samples under examples/flows (Calico flow logs, Whisker, netward JSONL).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  calicoFlowLogParser,
  netwardJsonlParser,
  parseWhiskerDocument,
  whiskerParser,
  type Flow,
  type LineParser,
} from "@netward/core";
import { describe, expect, it } from "vitest";
import { parseFlowFile, type ParsedFlowFile } from "../inputs/flow-file.js";

const root = join(import.meta.dirname, "../../../..");
const goldenDir = join(import.meta.dirname, "golden");
const update = process.env["UPDATE_GOLDEN"] === "1";

type Parsed = ParsedFlowFile;

/** Parses a sample file the way the server reads files. */
function parseSample(parser: LineParser, path: string): ParsedFlowFile {
  const file = `examples/flows/${path}`;
  return parseFlowFile(readFileSync(join(root, file)), parser, file);
}

function parseDocument(path: string): Parsed {
  const file = `examples/flows/${path}`;
  return { ...parseWhiskerDocument(readFileSync(join(root, file), "utf8"), file), skipped: [] };
}

const formats: [string, Record<string, () => Parsed>][] = [
  [
    "calico-flowlog",
    {
      "flows.log": () => parseSample(calicoFlowLogParser, "calico-flowlog/flows.log"),
      "malformed.log": () => parseSample(calicoFlowLogParser, "calico-flowlog/malformed.log"),
    },
  ],
  [
    "whisker",
    {
      "flows.jsonl": () => parseSample(whiskerParser, "whisker/flows.jsonl"),
      "watch-stream.txt": () => parseSample(whiskerParser, "whisker/watch-stream.txt"),
      "list.json": () => parseDocument("whisker/list.json"),
      "malformed.jsonl": () => parseSample(whiskerParser, "whisker/malformed.jsonl"),
    },
  ],
  [
    "netward-jsonl",
    {
      "flows.jsonl": () => parseSample(netwardJsonlParser, "netward/flows.jsonl"),
      "malformed.jsonl": () => parseSample(netwardJsonlParser, "netward/malformed.jsonl"),
    },
  ],
];

describe("JSON flow samples match their golden files", () => {
  for (const [format, samples] of formats) {
    it(format, () => {
      const all = Object.fromEntries(Object.entries(samples).map(([name, parse]) => [name, parse()]));
      const got = `${JSON.stringify(all, null, 2)}\n`;
      const file = join(goldenDir, `${format}.json`);
      if (update || !existsSync(file)) writeFileSync(file, got);
      expect(got).toBe(readFileSync(file, "utf8"));
    });
  }
});

describe("JSON flow samples", () => {
  it.each([
    [calicoFlowLogParser, "calico-flowlog/flows.log", 28],
    [whiskerParser, "whisker/flows.jsonl", 25],
    [netwardJsonlParser, "netward/flows.jsonl", 26],
  ] as const)("%o %s: every line a flow", (parser, path, n) => {
    const r = parseSample(parser, path);
    expect(r.issues).toEqual([]);
    expect(r.skipped).toEqual([]);
    expect(r.flows).toHaveLength(n);
    expect(r.flows.map((f) => f.origin.line)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });

  it("whisker: the event stream and the list document give the same flows as the lines they hold", () => {
    const lines = parseSample(whiskerParser, "whisker/flows.jsonl").flows;
    const strip = (f: Flow) => ({ ...f, origin: undefined });
    const stream = parseSample(whiskerParser, "whisker/watch-stream.txt");
    expect(stream.issues).toEqual([]);
    expect(stream.skipped).toEqual([1, 2, 4, 6, 8, 10]);
    expect(stream.flows.map(strip)).toEqual(lines.slice(0, 4).map(strip));
    const list = parseDocument("whisker/list.json");
    expect(list.issues).toEqual([]);
    expect(list.flows.map(strip)).toEqual(lines.slice(0, 6).map(strip));
  });

  it.each([
    [
      calicoFlowLogParser,
      "calico-flowlog/malformed.log",
      ["flow-syntax", "flow-field", "flow-syntax", "flow-syntax", "flow-syntax", "flow-field"],
      ["dest_port", "action"],
    ],
    [
      whiskerParser,
      "whisker/malformed.jsonl",
      ["flow-syntax", "flow-field", "flow-syntax", "flow-syntax", "flow-syntax", "flow-field"],
      ["dest_port", "policies.enforced[1].kind"],
    ],
    [
      netwardJsonlParser,
      "netward/malformed.jsonl",
      ["flow-syntax", "flow-field", "flow-syntax", "flow-syntax", "flow-syntax", "flow-field"],
      ["src.port", "srcPort"],
    ],
  ] as const)("%o %s: the good records kept, one issue per bad line", (parser, path, codes, fields) => {
    const r = parseSample(parser, path);
    expect(r.flows.map((f) => f.origin.line)).toEqual([1, 3, 8, 11]);
    expect(r.skipped).toEqual([5]);
    expect(r.issues.map((i) => i.line)).toEqual([2, 4, 6, 7, 9, 10]);
    expect(r.issues.map((i) => i.code)).toEqual(codes);
    expect([r.issues[1]?.path, r.issues[5]?.path]).toEqual(fields);
    for (const i of r.issues) {
      expect(i.file).toBe(`examples/flows/${path}`);
      expect(i.message).toMatch(new RegExp(`^line ${i.line}: `));
    }
  });
});
