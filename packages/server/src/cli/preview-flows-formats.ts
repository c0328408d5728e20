// Renderers for `netward preview --flows`: stored flows whose verdict the staged policies would change, by policy.
import type { AggregatedFlow, FlowPreview } from "@netward/core";
import { protocolText } from "../flows/attributed-text.js";

function flowText(r: AggregatedFlow): string {
  const protocol = protocolText(r.protocol);
  const port = r.dstPort === undefined ? "" : `/${r.dstPort}`;
  return `${r.src} -> ${r.dst} ${protocol}${port}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function effect(g: FlowPreview["groups"][number]): string {
  return [
    g.denied > 0 ? `${plural(g.denied, "flow")} would be denied` : "",
    g.allowed > 0 ? `${plural(g.allowed, "flow")} would be allowed` : "",
  ]
    .filter(Boolean)
    .join(", ");
}

/** Plain text: a summary line, then each policy with the flows it would change, then what was not replayed. */
export function previewFlowsText(p: FlowPreview, since: string): string {
  const changed = p.groups.reduce((n, g) => n + g.changes.length, 0);
  const lines = [
    `${plural(p.replayed, "stored record")}${since} replayed with the staged policies enforced: ${changed === 0 ? "no verdict would change" : `${plural(changed, "record")} would change`}`,
  ];
  for (const g of p.groups) {
    lines.push("", `${g.policy}: ${effect(g)}`);
    for (const c of g.changes)
      lines.push(
        `  ${new Date(c.row.bucket).toISOString()} ${flowText(c.row)}  ${plural(c.row.count, "flow")}  ${c.enforced.verdict} -> ${c.pending.verdict}`,
      );
  }
  if (p.skipped.length > 0) lines.push("", "Not replayed:");
  for (const s of p.skipped)
    lines.push(`  ${plural(s.flows, "flow")} (${plural(s.records, "record")}): ${s.reason}`);
  return `${lines.join("\n")}\n`;
}

/** JSON: every change with the stored record and both verdicts with their hits. */
export function previewFlowsJSON(p: FlowPreview): string {
  return `${JSON.stringify(p, null, 2)}\n`;
}

/** Markdown for a pull request comment: one table per policy, at most 20 rows each. */
export function previewFlowsMarkdown(p: FlowPreview): string {
  const esc = (s: string) => s.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`);
  const out = [`### Stored flows the staged policies would change`, ""];
  if (p.groups.length === 0)
    out.push(`No verdict of the ${plural(p.replayed, "replayed record")} would change.`);
  for (const g of p.groups) {
    out.push(
      `**${esc(g.policy)}**: ${effect(g)}`,
      "",
      "| bucket | flow | flows | now | staged |",
      "|---|---|---|---|---|",
    );
    for (const c of g.changes.slice(0, 20))
      out.push(
        `| ${new Date(c.row.bucket).toISOString()} | ${esc(flowText(c.row))} | ${c.row.count} | ${c.enforced.verdict} | ${c.pending.verdict} |`,
      );
    if (g.changes.length > 20) out.push(`| … | ${g.changes.length - 20} more | | | |`);
    out.push("");
  }
  return `${out.join("\n")}\n`;
}
