// Graph renderers for `netward reach`: Graphviz dot and Mermaid, nodes grouped by namespace.
import { formatConnSet, type ReachConnection, type ReachPeer } from "@netward/core";

/** A graph renderer: the nodes (given once, before any edge), then one edge per connection. */
export interface GraphRenderer {
  head(nodes: readonly ReachPeer[], id: (p: ReachPeer) => string): string;
  edge(c: ReachConnection, id: (p: ReachPeer) => string): string;
  tail: string;
}

function nodeText(p: ReachPeer): string {
  const peer = p.peer;
  if (peer.kind === "workload") return `${peer.name} [${peer.workloadKind}]`;
  if (peer.kind === "pod") return peer.name;
  if (peer.kind === "hostendpoint") return `hep:${peer.node}/${peer.name}`;
  return peer.kind === "external" ? peer.range : peer.description;
}

function byNamespace(nodes: readonly ReachPeer[]): [string | undefined, ReachPeer[]][] {
  const groups = new Map<string | undefined, ReachPeer[]>();
  for (const n of nodes) {
    const ns = n.peer.kind === "workload" || n.peer.kind === "pod" ? n.peer.namespace : undefined;
    const list = groups.get(ns);
    if (list) list.push(n);
    else groups.set(ns, [n]);
  }
  return [...groups];
}

const dotText = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;

const mermaidText = (s: string) =>
  `"${s.replace(/&/g, "#amp;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;")}"`;

const edgeLabel = (c: ReachConnection) => formatConnSet(c.conns) + (c.uncertain ? " (uncertain)" : "");

/** The graph renderers by format name. */
export const graphRenderers: Readonly<Record<string, GraphRenderer>> = {
  dot: {
    head(nodes, id) {
      const lines = ["digraph netward {", "  rankdir=LR;", '  node [shape=box, fontname="Helvetica"];'];
      byNamespace(nodes).forEach(([ns, members], i) => {
        const indent = ns === undefined ? "  " : "    ";
        if (ns !== undefined) lines.push(`  subgraph cluster_${i} {`, `    label=${dotText(ns)};`);
        for (const n of members) {
          const shape =
            n.peer.kind === "external"
              ? ", shape=ellipse"
              : n.peer.kind === "hostendpoint"
                ? ", shape=component"
                : "";
          lines.push(`${indent}${id(n)} [label=${dotText(nodeText(n))}${shape}];`);
        }
        if (ns !== undefined) lines.push("  }");
      });
      return lines.join("\n") + "\n";
    },
    edge: (c, id) => `  ${id(c.src)} -> ${id(c.dst)} [label=${dotText(edgeLabel(c))}];\n`,
    tail: "}\n",
  },
  mermaid: {
    head(nodes, id) {
      const lines = ["graph LR"];
      byNamespace(nodes).forEach(([ns, members], i) => {
        const indent = ns === undefined ? "  " : "    ";
        if (ns !== undefined) lines.push(`  subgraph ns${i}[${mermaidText(ns)}]`);
        for (const n of members) lines.push(`${indent}${id(n)}[${mermaidText(nodeText(n))}]`);
        if (ns !== undefined) lines.push("  end");
      });
      return lines.join("\n") + "\n";
    },
    edge: (c, id) => `  ${id(c.src)} -->|${mermaidText(edgeLabel(c))}| ${id(c.dst)}\n`,
    tail: "",
  },
};
