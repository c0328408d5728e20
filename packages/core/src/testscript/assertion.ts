// Parses one assertion line: `allow|deny [pending] <src> -> <dst> <port> [via <hep>] [by <clause>]`.
import { parseEndpointRef, parsePortSpec } from "../eval/flow-spec-parse.js";
import type { EndpointRef, FlowSpec } from "../eval/types.js";
import { parseByClause } from "./by-clause.js";
import type { Token } from "./tokens.js";
import type { AssertStep, ByClause } from "./types.js";

/** A line's parse result: the value, or an error at a column with, when likely, a fix. */
export type LineResult<T> =
  { ok: true; value: T } | { ok: false; column: number; error: string; fix?: string };

const shape =
  "write allow|deny [pending] <src> -> <dst> <protocol>/<port> [via hep:<node>/<name>] [by <clause>]";

const fail = (at: Token, error: string, fix?: string): LineResult<never> =>
  fix === undefined ? { ok: false, column: at.column, error } : { ok: false, column: at.column, error, fix };

function endpoint(t: Token): LineResult<EndpointRef> {
  const r = parseEndpointRef(t.text);
  return r.ok ? r : fail(t, r.error);
}

function portFix(text: string): string | undefined {
  const m = /^(\w+)[:/](\w+)$/.exec(text);
  if (/^\d+$/.test(text)) return `write tcp/${text} (or udp/${text}, sctp/${text})`;
  if (m && /^\d+$/.test(m[1]!) && /^[a-z]+$/i.test(m[2]!)) return `write ${m[2]!.toLowerCase()}/${m[1]!}`;
  if (m && text.includes(":")) return `write ${m[1]!.toLowerCase()}/${m[2]!}`;
  return undefined;
}

function port(t: Token): LineResult<Pick<FlowSpec, "protocol" | "dstPort" | "icmpType" | "icmpCode">> {
  const r = parsePortSpec(t.text);
  return r.ok ? r : fail(t, r.error, portFix(t.text));
}

function via(word: Token | undefined, at: Token): LineResult<EndpointRef> {
  if (word === undefined) return fail(at, "via needs the host endpoint that forwards the connection", shape);
  const r = endpoint(word);
  if (r.ok && r.value.kind !== "hostendpoint")
    return fail(
      word,
      `via ${JSON.stringify(word.text)} is not a host endpoint`,
      "write via hep:<node>/<name>",
    );
  return r;
}

function byPart(at: Token, word: Token | undefined, extra: Token | undefined): LineResult<ByClause> {
  if (at.text !== "by")
    return at.text.includes("|")
      ? fail(at, `unexpected ${JSON.stringify(at.text)} after the port`, `write by ${at.text}`)
      : fail(at, `unexpected ${JSON.stringify(at.text)} after the port; only via and by may follow`, shape);
  if (word === undefined)
    return fail(at, "by needs a clause: <tier>|<policy>[|<rule>], profile, failsafe or no-policy");
  if (extra !== undefined) return fail(extra, `unexpected ${JSON.stringify(extra.text)} after the by clause`);
  const r = parseByClause(word.text);
  return r.ok ? r : fail(word, r.error, r.fix);
}

/** Parses the tokens of an assertion line (the first token is `allow` or `deny`). */
export function parseAssertion(tokens: readonly Token[]): LineResult<Omit<AssertStep, "kind" | "line">> {
  const [head, ...tail] = tokens as [Token, ...Token[]];
  const expect = head.text as "allow" | "deny";
  const pending = tail[0]?.text === "pending";
  const rest = pending ? tail.slice(1) : tail;
  if (pending && rest[0]?.text === "pending") return fail(rest[0], "pending is given twice");
  const arrow = rest.findIndex((t) => t.text === "->");
  if (arrow < 0) {
    const glued = rest.find((t) => t.text.includes("->"));
    if (glued) return fail(glued, "put spaces around ->", `write ${glued.text.replace("->", " -> ")}`);
    return fail(rest[1] ?? rest[0] ?? head, "missing -> between source and destination", shape);
  }
  if (arrow === 0) return fail(rest[0]!, "missing the source before ->", shape);
  if (arrow > 1) {
    const stray = rest[1]!;
    return stray.text === "pending"
      ? fail(stray, "pending goes right after allow or deny", `write ${expect} pending ...`)
      : fail(stray, `unexpected ${JSON.stringify(stray.text)}: one source endpoint before ->`, shape);
  }
  const [srcTok, , dstTok, portTok, ...tailToks] = rest;
  const src = endpoint(srcTok!);
  if (!src.ok) return src;
  if (dstTok === undefined) return fail(rest[1]!, "missing the destination after ->", shape);
  const dst = endpoint(dstTok);
  if (!dst.ok) return dst;
  if (portTok === undefined)
    return fail(
      dstTok,
      "missing the protocol and port after the destination",
      "add e.g. tcp/8080, udp/53 or icmp",
    );
  const p = port(portTok);
  if (!p.ok) return p;
  const flow: FlowSpec = { src: src.value, dst: dst.value, ...p.value };
  let byToks = tailToks;
  if (tailToks[0]?.text === "via") {
    const v = via(tailToks[1], tailToks[0]);
    if (!v.ok) return v;
    flow.via = v.value;
    byToks = tailToks.slice(2);
  }
  const [byTok, byWord, extra] = byToks;
  const text = [head, ...tail].map((t) => t.text).join(" ");
  if (byTok === undefined) return { ok: true, value: { text, expect, pending, flow } };
  const by = byPart(byTok, byWord, extra);
  if (!by.ok) return by;
  return { ok: true, value: { text, expect, pending, flow, by: by.value } };
}
