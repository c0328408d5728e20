// AdminNetworkPolicy and BaselineAdminNetworkPolicy as Calico tiered policies (admin tier by priority, baseline tier).
import type { AdminPeer, AdminPolicy, AdminPort, AdminRule, AdminSubject } from "../model/admin.js";
import type { CalicoRule, EntityRule } from "../model/calico.js";
import type { CalicoVersion } from "../schema/schema.js";
import { andSelectors, labelSelectorToSelector, printSelector, type Selector } from "../selector/index.js";
import { podSelectorText } from "./k8s-to-calico.js";
import type { PolicyInput } from "./policy-input.js";
import { ORCHESTRATOR_LABEL } from "./selector-text.js";

const emptyEntity = (): EntityRule => ({ nets: [], notNets: [], ports: [], notPorts: [] });
const k8sPods: Selector = { kind: "eq", label: ORCHESTRATOR_LABEL, value: "k8s" };

function nsText(subject: AdminSubject): string {
  const ls = "namespaces" in subject ? subject.namespaces : subject.pods.namespaceSelector;
  const sel = labelSelectorToSelector(ls);
  return sel.kind === "all" ? "all()" : printSelector(sel);
}

function podText(subject: AdminSubject): string {
  return "pods" in subject ? podSelectorText(subject.pods.podSelector) : printSelector(k8sPods);
}

/** The peer as a rule side; undefined when Calico cannot express it (node peers). */
function peerEntity(peer: AdminPeer): EntityRule | undefined {
  if ("networks" in peer) return { ...emptyEntity(), nets: [...peer.networks] };
  if ("nodes" in peer) return undefined;
  // A namespaces peer is a namespaceSelector alone (so it also matches network sets there), as Calico converts it.
  if ("namespaces" in peer) return { ...emptyEntity(), namespaceSelector: nsText(peer) };
  return { ...emptyEntity(), selector: podText(peer), namespaceSelector: nsText(peer) };
}

/** Ports grouped per protocol; named ports carry no protocol, so they are matched on TCP, UDP and SCTP. */
function portsByProtocol(ports: readonly AdminPort[]): Map<string, (number | string)[]> {
  const out = new Map<string, (number | string)[]>();
  const add = (protocol: string, port: number | string) =>
    out.set(protocol, [...(out.get(protocol) ?? []), port]);
  for (const p of ports) {
    if ("portNumber" in p) add(p.portNumber.protocol, p.portNumber.port);
    else if ("portRange" in p) add(p.portRange.protocol, `${p.portRange.start}:${p.portRange.end}`);
    else for (const protocol of ["TCP", "UDP", "SCTP"]) add(protocol, p.namedPort);
  }
  return out;
}

/** One Calico rule per (protocol x convertible peer); an inexpressible peer makes Deny and Pass deny every peer. */
export function convertRule(rule: AdminRule, ingress: boolean): CalicoRule[] {
  const action = rule.action;
  const remotes = rule.peers.map(peerEntity);
  const unconvertible = remotes.some((r) => r === undefined);
  const peers = remotes.filter((r): r is EntityRule => r !== undefined);
  // A peer Calico cannot express fails closed: Deny and Pass rules then deny every peer.
  if (unconvertible && action !== "Allow") peers.splice(0, peers.length, emptyEntity());
  const byProtocol = rule.ports.length > 0 ? portsByProtocol(rule.ports) : new Map([["", []]]);
  const out: CalicoRule[] = [];
  for (const [protocol, ports] of [...byProtocol.entries()].sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    for (const remote of peers) {
      const local = emptyEntity();
      const r: CalicoRule = ingress
        ? { action: unconvertible ? "Deny" : action, source: remote, destination: { ...local, ports } }
        : { action: unconvertible ? "Deny" : action, source: local, destination: { ...remote, ports } };
      if (protocol !== "") r.protocol = protocol;
      out.push(r);
    }
  }
  return out;
}

/** An admin or baseline admin policy as the Calico policy Calico derives from it. */
export function adminPolicyInput(p: AdminPolicy, version: CalicoVersion): PolicyInput {
  const baseline = p.kind === "BaselineAdminNetworkPolicy";
  const tier = baseline
    ? version === "v3.32"
      ? "kube-baseline"
      : "baselineadminnetworkpolicy"
    : version === "v3.32"
      ? "kube-admin"
      : "adminnetworkpolicy";
  const prefix = baseline ? "kbanp" : "kanp";
  const input: PolicyInput = {
    ref: { tier, kind: p.kind, name: p.name },
    sortName: `${prefix}.${tier}.${p.name}`,
    staged: false,
    spec: {
      selector: printSelector(andSelectors(k8sPods, { kind: "all" })),
      namespaceSelector: nsText(p.subject),
      ingress: p.ingress.flatMap((r) => convertRule(r, true)),
      egress: p.egress.flatMap((r) => convertRule(r, false)),
      types: [
        ...(p.ingress.length > 0 || p.egress.length === 0 ? ["Ingress" as const] : []),
        ...(p.egress.length > 0 ? ["Egress" as const] : []),
      ],
      doNotTrack: false,
      preDNAT: false,
      applyOnForward: false,
    },
  };
  if ("pods" in p.subject) input.spec.selector = podText(p.subject);
  if (p.priority !== undefined) input.spec.order = p.priority;
  return input;
}
