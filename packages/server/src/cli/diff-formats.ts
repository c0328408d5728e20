// Renderers for `netward diff` and `netward preview`: text and JSON streamed change by change, Markdown for PR comments.
import {
  connEntries,
  describeDecision,
  formatConnSet,
  formatPortExample,
  peerLabel,
  type ChangeExample,
  type ChangePart,
  type FlowVerdict,
  type Peer,
  type ReachChange,
  type ReachDiff,
  type SideVerdict,
} from "@netward/core";
import type { OutputStream } from "./output-stream.js";
import { peerJSON } from "./reach-formats.js";

/** What the two sides are called: the inputs of `diff`, or `enforced` and `pending` for `preview`. */
export interface DiffLabels {
  before: string;
  after: string;
}

/** Writes a diff and returns how many pairs changed. */
export type DiffRenderer = (diff: ReachDiff, labels: DiffLabels, out: OutputStream) => Promise<number>;

/** A side's verdict and the step that decided it, in plain words. */
interface Decision {
  verdict: string;
  text: string;
}

/** One side (egress or ingress) of a changed part whose deciding step differs between before and after. */
interface SideChange {
  label: string;
  before?: Decision;
  after?: Decision;
}

const sideNames = ["egress", "ingress"] as const;

/** Decisions already described, by side verdict (verdicts are shared between ends alike). */
const described = new WeakMap<SideVerdict, Decision>();

function decision(
  diff: ReachDiff,
  which: "before" | "after",
  v: FlowVerdict,
  side: (typeof sideNames)[number],
): Decision {
  let out = described.get(v[side]);
  if (out === undefined) {
    const engine = diff[which].reach.index.engine;
    const text = describeDecision(engine, v[side], side === "egress" ? "Egress" : "Ingress");
    described.set(v[side], (out = { verdict: v[side].verdict.toUpperCase(), text }));
  }
  return out;
}

/** The sides of an example flow whose decision changed; every side when an end exists on one side only. */
function sideChanges(diff: ReachDiff, c: ReachChange, e: ChangeExample): SideChange[] {
  const out: SideChange[] = [];
  for (const side of sideNames) {
    const before = e.before && decision(diff, "before", e.before, side);
    const after = e.after && decision(diff, "after", e.after, side);
    if (before && after && before.text === after.text && before.verdict === after.verdict) continue;
    const label = side === "egress" ? `egress from ${peerLabel(c.src)}` : `ingress to ${peerLabel(c.dst)}`;
    const s: SideChange = { label };
    if (before) s.before = before;
    if (after) s.after = after;
    out.push(s);
  }
  return out;
}

/** Examples of a part that changed for the same reasons, and those reasons. */
interface ReasonGroup {
  examples: string[];
  sides: SideChange[];
}

/** Groups a part's examples by their side changes, in the order the examples come. */
function reasonGroups(diff: ReachDiff, c: ReachChange, part: ChangePart): ReasonGroup[] {
  const groups = new Map<string, ReasonGroup>();
  for (const e of part.examples) {
    const sides = sideChanges(diff, c, e);
    const key = sides
      .map((x) => `${x.label}|${x.before?.verdict}|${x.before?.text}|${x.after?.verdict}|${x.after?.text}`)
      .join("\n");
    const known = groups.get(key);
    if (known) known.examples.push(formatPortExample(e.example));
    else groups.set(key, { examples: [formatPortExample(e.example)], sides });
  }
  return [...groups.values()];
}

/** A group's examples for people: the first three and how many more. */
function examplesText(g: ReasonGroup, quote: (s: string) => string = (s) => s): string {
  const shown = g.examples.slice(0, 3).map(quote).join(", ");
  return g.examples.length > 4
    ? `${shown} and ${g.examples.length - 3} more`
    : g.examples.map(quote).join(", ");
}

const marks = { added: "+", removed: "-", changed: "~" } as const;
const verdictOf = (x: SideChange["before"]) => x?.verdict ?? "(end absent)";

function partsOf(c: ReachChange): [string, ChangePart][] {
  const out: [string, ChangePart][] = [];
  if (c.added) out.push(["added", c.added]);
  if (c.removed) out.push(["removed", c.removed]);
  return out;
}

function textChange(diff: ReachDiff, c: ReachChange): string {
  const lines = [
    `${marks[c.change]} ${peerLabel(c.src)} -> ${peerLabel(c.dst)}`,
    `    before: ${formatConnSet(c.before)}`,
    `    after:  ${formatConnSet(c.after)}`,
  ];
  for (const [what, part] of partsOf(c)) {
    lines.push(`    ${what}: ${formatConnSet(part.conns)}`);
    for (const g of reasonGroups(diff, c, part)) {
      lines.push(`      e.g. ${examplesText(g)}:`);
      for (const s of g.sides) {
        lines.push(`        ${s.label}: ${verdictOf(s.before)} -> ${verdictOf(s.after)}`);
        if (s.before) lines.push(`          before: ${s.before.text}`);
        if (s.after) lines.push(`          after:  ${s.after.text}`);
      }
    }
  }
  for (const u of c.uncertain ?? []) lines.push(`    uncertain: ${u}`);
  return lines.join("\n") + "\n";
}

interface Counts {
  added: number;
  removed: number;
  changed: number;
}

function summary(n: Counts): string {
  const total = n.added + n.removed + n.changed;
  if (total === 0) return "no connection changed";
  return `${total} pair${total === 1 ? "" : "s"} changed: ${n.added} added, ${n.removed} removed, ${n.changed} changed`;
}

const endsText = (what: string, peers: readonly Peer[]) =>
  peers.length === 0 ? "" : `${what}: ${peers.map(peerLabel).join(", ")}\n`;

const text: DiffRenderer = async (diff, labels, out) => {
  const counts: Counts = { added: 0, removed: 0, changed: 0 };
  await out.write(`--- before: ${labels.before}\n+++ after:  ${labels.after}\n`);
  await out.write(endsText("only before", diff.endsRemoved) + endsText("only after", diff.endsAdded));
  for (const c of diff.changes()) {
    if (out.closed) break;
    counts[c.change]++;
    await out.write(textChange(diff, c));
  }
  await out.write(`${summary(counts)}\n`);
  await out.flush();
  return counts.added + counts.removed + counts.changed;
};

function partJSON(part: ChangePart): Record<string, unknown> {
  return {
    conns: connEntries(part.conns),
    examples: part.examples.map((e) => ({
      port: formatPortExample(e.example),
      before: e.before ?? null,
      after: e.after ?? null,
    })),
  };
}

const json: DiffRenderer = async (diff, labels, out) => {
  const counts: Counts = { added: 0, removed: 0, changed: 0 };
  const head = {
    before: labels.before,
    after: labels.after,
    endsAdded: diff.endsAdded.map(peerJSON),
    endsRemoved: diff.endsRemoved.map(peerJSON),
  };
  await out.write(`${JSON.stringify(head).slice(0, -1)},"changes":[\n`);
  let first = true;
  for (const c of diff.changes()) {
    if (out.closed) break;
    counts[c.change]++;
    const item: Record<string, unknown> = {
      change: c.change,
      src: peerJSON(c.src),
      dst: peerJSON(c.dst),
      before: connEntries(c.before),
      after: connEntries(c.after),
    };
    if (c.added) item["added"] = partJSON(c.added);
    if (c.removed) item["removed"] = partJSON(c.removed);
    if (c.uncertain) item["uncertain"] = c.uncertain;
    await out.write(`${first ? "" : ",\n"}${JSON.stringify(item)}`);
    first = false;
  }
  await out.write(`\n],"summary":${JSON.stringify(counts)}}\n`);
  await out.flush();
  return counts.added + counts.removed + counts.changed;
};

const cell = (s: string) => s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

function mdWhy(diff: ReachDiff, c: ReachChange): string[] {
  const lines: string[] = [];
  for (const [what, part] of partsOf(c)) {
    const pair = `${cell(peerLabel(c.src))} -> ${cell(peerLabel(c.dst))}`;
    lines.push(`- **${what}** ${pair}: ${formatConnSet(part.conns)}`);
    for (const g of reasonGroups(diff, c, part)) {
      lines.push(`  - e.g. ${examplesText(g, code)}:`);
      for (const s of g.sides) {
        lines.push(`    - ${s.label}: ${verdictOf(s.before)} -> ${verdictOf(s.after)}`);
        if (s.before) lines.push(`      - before: ${s.before.text}`);
        if (s.after) lines.push(`      - after: ${s.after.text}`);
      }
    }
  }
  return lines;
}

/** Pairs shown in Markdown: a pull request comment has to stay readable (and under GitHub's 65,536 characters). */
const MD_MAX_PAIRS = 50;

const md: DiffRenderer = async (diff, labels, out) => {
  const counts: Counts = { added: 0, removed: 0, changed: 0 };
  const rows: string[] = [];
  const why: string[] = [];
  for (const c of diff.changes()) {
    counts[c.change]++;
    if (rows.length === MD_MAX_PAIRS) continue;
    const cells = [
      c.change,
      peerLabel(c.src),
      peerLabel(c.dst),
      formatConnSet(c.before),
      formatConnSet(c.after),
    ];
    rows.push(`| ${cells.map(cell).join(" | ")} |`);
    why.push(...mdWhy(diff, c));
  }
  const ends = [
    ...(diff.endsRemoved.length > 0
      ? [`Only before: ${diff.endsRemoved.map((p) => code(peerLabel(p))).join(", ")}.`]
      : []),
    ...(diff.endsAdded.length > 0
      ? [`Only after: ${diff.endsAdded.map((p) => code(peerLabel(p))).join(", ")}.`]
      : []),
  ];
  const total = counts.added + counts.removed + counts.changed;
  const said = summary(counts);
  const parts = [
    `### netward: ${code(labels.before)} -> ${code(labels.after)}`,
    "",
    `${said[0]!.toUpperCase()}${said.slice(1)}.`,
  ];
  if (ends.length > 0) parts.push("", ...ends);
  if (rows.length > 0) {
    parts.push(
      "",
      "| change | source | destination | before | after |",
      "| --- | --- | --- | --- | --- |",
      ...rows,
    );
    if (total > rows.length)
      parts.push("", `... and ${total - rows.length} more; \`-o text\` or \`-o json\` lists them all.`);
    parts.push("", "#### Policies responsible", "", ...why);
  }
  await out.write(parts.join("\n") + "\n");
  await out.flush();
  return total;
};

/** The renderers by format name. */
export const diffRenderers: Readonly<Record<string, DiffRenderer>> = { text, json, md };
