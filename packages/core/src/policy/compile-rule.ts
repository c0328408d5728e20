// Compiles Calico rules into the evaluable form: protocol numbers, port ranges, CIDRs by family, selectors.
import type { CalicoRule, EntityRule } from "../model/calico.js";
import { parseCIDR } from "../net/ip.js";
import { compileSelector, parseSelector } from "../selector/index.js";
import { protocolNumber } from "../load/kinds/calico-values.js";
import type { CompiledEntity, CompiledRule, CompiledSelector, NetsByFamily, PortMatch } from "./ir.js";
import { entitySelectorText } from "./selector-text.js";

/** Compiles a selector string; an empty string means "no selector" (undefined). */
export function compileSelectorText(text: string): CompiledSelector | undefined {
  if (text === "") return undefined;
  const parsed = parseSelector(text);
  // Loading validated every selector; a failure here means a composed selector Calico would also drop.
  if (!parsed.ok) return { text, matches: () => false };
  return { text, matches: compileSelector(parsed.selector) };
}

function nets(list: readonly string[]): NetsByFamily | undefined {
  if (list.length === 0) return undefined;
  const out: NetsByFamily = { 4: [], 6: [] };
  for (const text of list) {
    const cidr = parseCIDR(text, true);
    if (cidr) out[cidr.family].push(cidr);
  }
  return out;
}

/** Compiles a port list (numbers, `min:max` strings, names). */
function compilePorts(list: readonly (number | string)[]): PortMatch | undefined {
  if (list.length === 0) return undefined;
  const match: PortMatch = { ranges: [], names: [] };
  for (const p of list) {
    if (typeof p === "number") match.ranges.push({ min: p, max: p });
    else {
      const range = /^(\d+)(?::(\d+))?$/.exec(p);
      if (range) match.ranges.push({ min: Number(range[1]), max: Number(range[2] ?? range[1]) });
      else match.names.push(p);
    }
  }
  return match;
}

function entity(e: EntityRule, namespace: string | undefined): CompiledEntity {
  const out: CompiledEntity = {};
  // Felix folds a notSelector into the positive selector when there is one: one IP set of `(pos) && !(neg)`.
  const positive = entitySelectorText(e, namespace);
  const negative = e.notSelector ?? "";
  const folded = positive !== "" && negative !== "" ? `(${positive}) && !(${negative})` : positive;
  const selector = compileSelectorText(folded);
  if (selector) out.selector = selector;
  const notSelector = positive === "" ? compileSelectorText(negative) : undefined;
  if (notSelector) out.notSelector = notSelector;
  const n = nets(e.nets);
  if (n) out.nets = n;
  const nn = nets(e.notNets);
  if (nn) out.notNets = nn;
  const ports = compilePorts(e.ports);
  if (ports) out.ports = ports;
  const notPorts = compilePorts(e.notPorts);
  if (notPorts) out.notPorts = notPorts;
  return out;
}

/** Compiles one rule of a policy in `namespace` (undefined for global policies and profiles). */
export function compileRule(rule: CalicoRule, index: number, namespace: string | undefined): CompiledRule {
  const out: CompiledRule = {
    index,
    action: rule.action,
    src: entity(rule.source, namespace),
    dst: entity(rule.destination, namespace),
    rule,
  };
  if (rule.ipVersion !== undefined) out.ipVersion = rule.ipVersion;
  if (rule.protocol !== undefined) out.protocol = protocolNumber(rule.protocol) ?? -1;
  if (rule.notProtocol !== undefined) out.notProtocol = protocolNumber(rule.notProtocol) ?? -1;
  if (rule.icmp) out.icmp = rule.icmp;
  if (rule.notICMP) out.notICMP = rule.notICMP;
  const uncertain = [
    rule.http ? "an HTTP match" : "",
    rule.source.services || rule.destination.services ? "a services match" : "",
  ].filter(Boolean);
  if (uncertain.length > 0)
    out.uncertain = `rule ${index} uses ${uncertain.join(" and ")}, which L3/L4 analysis treats as matching`;
  return out;
}
