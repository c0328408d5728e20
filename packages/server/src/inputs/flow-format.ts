// Which flow format a file is in, from its first bytes, and the parser for each line-oriented format.
import {
  calicoFlowLogParser,
  hubbleParser,
  kernelLogParser,
  netwardJsonlParser,
  whiskerParser,
  type FlowFormat,
  type LineParser,
} from "@netward/core";

/** Every format name `--format` accepts. */
export const flowFormats: readonly FlowFormat[] = [
  "calico-flowlog",
  "whisker",
  "hubble",
  "kernel-log",
  "pcap",
  "netward-jsonl",
];

const pcapMagics = [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a];

/** Guesses the format from a file's first bytes: capture magic numbers, then the first record's shape. */
export function detectFlowFormat(head: Uint8Array): FlowFormat | undefined {
  if (head.length >= 4) {
    const magic = new DataView(head.buffer, head.byteOffset, 4).getUint32(0);
    if (pcapMagics.includes(magic)) return "pcap";
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(head);
  const start = text.replace(/^(\s|:[^\n]*\n)*/, "").replace(/^data:\s*/, "");
  if (/^(\{|\[\s*[{\]])/.test(start)) {
    const sample = start.slice(0, 4096);
    if (/"flow"\s*:|"verdict"\s*:|"node_name"\s*:/.test(sample)) return "hubble";
    if (/"src"\s*:\s*\{/.test(sample)) return "netward-jsonl";
    if (/"source_name_aggr"\s*:|"num_flows"\s*:/.test(sample)) return "calico-flowlog";
    if (/"source_name"\s*:|"items"\s*:/.test(sample)) return "whisker";
    return undefined;
  }
  if (/\bSRC=\S+ DST=\S+/.test(text)) return "kernel-log";
  return undefined;
}

/** The line parser of a line-oriented format (pcap is binary and has its own reader). */
export function lineParserFor(
  format: Exclude<FlowFormat, "pcap">,
  options: { year?: number; bootTime?: number },
): LineParser {
  switch (format) {
    case "calico-flowlog":
      return calicoFlowLogParser;
    case "whisker":
      return whiskerParser;
    case "hubble":
      return hubbleParser;
    case "netward-jsonl":
      return netwardJsonlParser;
    case "kernel-log":
      return kernelLogParser(options);
  }
}
