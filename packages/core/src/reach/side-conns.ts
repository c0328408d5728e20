// The connections one side allows between two representatives: the engine run once per protocol and port atom.
import { EPHEMERAL_SOURCE_PORT, evaluateSide, type Engine } from "../eval/engine.js";
import type { FlowContext, FlowSide } from "../eval/flow-context.js";
import { carriesPorts } from "../eval/flow-spec-parse.js";
import { failsafePorts } from "../eval/host-endpoint.js";
import type { Direction } from "../model/calico.js";
import type { IPFamily } from "../net/ip.js";
import type { Endpoint } from "../policy/endpoints.js";
import type { Interval } from "../sets/intervals.js";
import type { ConnSet, ConnSets } from "../sets/conn-set.js";
import type { RuleFacts } from "./criteria.js";

/** The protocols evaluated one by one, and a protocol standing for every other (absent when none is left). */
export interface ProtocolPlan {
  explicit: readonly number[];
  otherRepresentative?: number;
}

/** Plans the protocols: the ones with ports, ICMP and ICMPv6, and every protocol a rule names. */
export function planProtocols(named: Iterable<number>): ProtocolPlan {
  const explicit = new Set([6, 17, 132, 136, 1, 58, ...named]);
  const plan: ProtocolPlan = { explicit: [...explicit].sort((a, b) => a - b) };
  for (let p = 255; p >= 1; p--) {
    if (!explicit.has(p)) return { ...plan, otherRepresentative: p };
  }
  return plan;
}

/** A side's allowed connections, and what the engine could not be sure of while computing them. */
export interface SideConns {
  set: ConnSet;
  uncertain?: string[];
}

/** The destination ports where the rules' verdict may change for a protocol: the start of every atom. */
function atomStarts(protocol: number, facts: RuleFacts, dst: FlowSide, hostEndpoint: boolean): number[] {
  const cuts = new Set<number>([1]);
  for (const key of [protocol, -1]) for (const n of facts.cuts.get(key) ?? []) cuts.add(n);
  if (facts.dstPortNames.size > 0) {
    const endpoints = [dst.endpoint, ...dst.holders.map((h) => h.endpoint)];
    for (const e of endpoints) {
      for (const p of e?.ports ?? []) {
        if (p.protocol !== protocol || !facts.dstPortNames.has(p.name)) continue;
        cuts.add(p.port);
        cuts.add(p.port + 1);
      }
    }
  }
  if (hostEndpoint) {
    for (const list of Object.values(failsafePorts)) {
      for (const [p, port] of list) {
        if (p !== protocol) continue;
        cuts.add(port);
        cuts.add(port + 1);
      }
    }
  }
  return [...cuts].filter((n) => n >= 1 && n <= 65535).sort((a, b) => a - b);
}

/** What a side evaluation needs: the engine, the subject and both flow sides. */
export interface SideQuestion {
  engine: Engine;
  sets: ConnSets;
  plan: ProtocolPlan;
  pending: boolean;
  direction: Direction;
  subject: Endpoint;
  facts: RuleFacts;
  family: IPFamily;
  src: FlowSide;
  dst: FlowSide;
}

/** Evaluates the subject's side for every protocol and port atom and collects what it allows. */
export function sideConns(q: SideQuestion): SideConns {
  const uncertain: string[] = [];
  const allows = (protocol: number, port: number | undefined): boolean => {
    const ported = carriesPorts(protocol);
    const ctx: FlowContext = {
      family: q.family,
      protocol,
      src: ported ? { ...q.src, port: EPHEMERAL_SOURCE_PORT } : q.src,
      dst: port !== undefined ? { ...q.dst, port } : q.dst,
    };
    return evaluateSide(q.engine, q.subject, q.direction, ctx, q.pending, uncertain).verdict === "allow";
  };
  const protocols = new Map<number, Interval[]>();
  const hostEndpoint = q.subject.kind === "hostendpoint";
  for (const protocol of q.plan.explicit) {
    if (!carriesPorts(protocol)) {
      protocols.set(protocol, allows(protocol, undefined) ? [[0, 0]] : []);
      continue;
    }
    const starts = atomStarts(protocol, q.facts, q.dst, hostEndpoint);
    const allowed: Interval[] = [];
    starts.forEach((start, i) => {
      if (allows(protocol, start)) allowed.push([start, (starts[i + 1] ?? 65536) - 1]);
    });
    protocols.set(protocol, allowed);
  }
  const rep = q.plan.otherRepresentative;
  const others = rep !== undefined && allows(rep, undefined);
  const out: SideConns = { set: q.sets.make(protocols, others) };
  if (uncertain.length > 0) out.uncertain = [...new Set(uncertain)];
  return out;
}
