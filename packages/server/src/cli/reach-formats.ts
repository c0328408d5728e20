// Renderers for `netward reach`: text, json, csv and md rows written one connection at a time.
import { connEntries, formatConnSet, peerLabel, type Peer, type ReachConnection } from "@netward/core";

/** A streaming renderer: text before the first row, one piece per row, text after the last. */
export interface RowRenderer {
  head: string;
  row(c: ReachConnection, first: boolean): string;
  tail: string;
}

const connsText = (c: ReachConnection) =>
  formatConnSet(c.conns) + (c.uncertain ? " (uncertain: " + c.uncertain.join("; ") + ")" : "");

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const mdCell = (s: string) => s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The DESIGN.md Peer object, fields in a fixed order. */
export function peerJSON(p: Peer): Record<string, unknown> {
  switch (p.kind) {
    case "workload":
      return { kind: p.kind, namespace: p.namespace, name: p.name, workloadKind: p.workloadKind };
    case "pod":
      return { kind: p.kind, namespace: p.namespace, name: p.name };
    case "hostendpoint":
      return { kind: p.kind, node: p.node, name: p.name };
    case "external":
      return { kind: p.kind, range: p.range };
    case "hypothetical":
      return {
        kind: p.kind,
        description: p.description,
        namespaceLabels: p.namespaceLabels,
        labels: p.labels,
      };
  }
}

/** The renderers by format name. */
export const rowRenderers: Readonly<Record<string, RowRenderer>> = {
  text: {
    head: "",
    row: (c) => `${peerLabel(c.src.peer)} => ${peerLabel(c.dst.peer)} : ${connsText(c)}\n`,
    tail: "",
  },
  json: {
    head: '{"connections":[\n',
    row: (c, first) => {
      const item: Record<string, unknown> = {
        src: peerJSON(c.src.peer),
        dst: peerJSON(c.dst.peer),
        conns: connEntries(c.conns),
      };
      if (c.uncertain) item["uncertain"] = c.uncertain;
      return `${first ? "" : ",\n"}${JSON.stringify(item)}`;
    },
    tail: "\n]}\n",
  },
  csv: {
    head: "src,dst,conns\n",
    row: (c) => [peerLabel(c.src.peer), peerLabel(c.dst.peer), connsText(c)].map(csvField).join(",") + "\n",
    tail: "",
  },
  md: {
    head: "| src | dst | conns |\n|-----|-----|-------|\n",
    row: (c) =>
      `| ${mdCell(peerLabel(c.src.peer))} | ${mdCell(peerLabel(c.dst.peer))} | ${mdCell(connsText(c))} |\n`,
    tail: "",
  },
};
