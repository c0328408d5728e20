// AdminNetworkPolicy and BaselineAdminNetworkPolicy to Calico GlobalNetworkPolicy, as Calico v3.31 converts them.
import type { AdminPeer, AdminPolicy, AdminPort, AdminRule, AdminSubject } from "../model/admin.js";
import type { CalicoPolicy, CalicoRule, Direction, EntityRule } from "../model/calico.js";
import { emptyEntity } from "./profiles.js";
import { namespaceSelectorText, podSelectorText } from "./k8s-conversion.js";

/** The built-in tier an admin policy kind lives in (v3.31 names). */
export function adminTier(p: AdminPolicy): string {
  return p.kind === "AdminNetworkPolicy" ? "adminnetworkpolicy" : "baselineadminnetworkpolicy";
}

/** Felix's internal name of an admin policy. */
export function adminPolicyKey(p: AdminPolicy): string {
  return p.kind === "AdminNetworkPolicy"
    ? `kanp.adminnetworkpolicy.${p.name}`
    : `kbanp.baselineadminnetworkpolicy.${p.name}`;
}

/** A subject or pod peer as (selector, namespaceSelector) texts. */
function subjectSelectors(s: AdminSubject): { selector: string; namespaceSelector: string } {
  if ("namespaces" in s)
    return { selector: podSelectorText(undefined), namespaceSelector: namespaceSelectorText(s.namespaces) };
  return {
    selector: podSelectorText(s.pods.podSelector),
    namespaceSelector: namespaceSelectorText(s.pods.namespaceSelector),
  };
}

/** A peer as an entity; undefined when Calico cannot convert it (node peers). */
function peerEntity(peer: AdminPeer): EntityRule | undefined {
  if ("nodes" in peer) return undefined;
  if ("networks" in peer) return { ...emptyEntity(), nets: peer.networks };
  if ("namespaces" in peer)
    return { ...emptyEntity(), namespaceSelector: namespaceSelectorText(peer.namespaces) };
  return { ...emptyEntity(), ...subjectSelectors(peer) };
}

/** Ports grouped by protocol; a named port has no protocol of its own and goes with TCP, as in Calico's tests. */
function protocolPorts(ports: readonly AdminPort[]): Map<string, (number | string)[]> {
  if (ports.length === 0) return new Map([["", []]]);
  const groups = new Map<string, (number | string)[]>();
  const add = (protocol: string, port: number | string): void => {
    groups.set(protocol, [...(groups.get(protocol) ?? []), port]);
  };
  for (const p of ports) {
    if ("portNumber" in p) add(p.portNumber.protocol, p.portNumber.port);
    else if ("portRange" in p) add(p.portRange.protocol, `${p.portRange.start}:${p.portRange.end}`);
    else add("TCP", p.namedPort);
  }
  return groups;
}

/** One Calico rule per (protocol x peer); a rule Calico cannot convert becomes deny-all if it denies or passes. */
function rules(r: AdminRule, ingress: boolean): CalicoRule[] {
  const peers = r.peers.length === 0 ? [emptyEntity()] : r.peers.map(peerEntity);
  if (peers.some((p) => p === undefined)) {
    return r.action === "Allow"
      ? []
      : [{ action: "Deny", source: emptyEntity(), destination: emptyEntity() }];
  }
  const out: CalicoRule[] = [];
  for (const [protocol, ports] of protocolPorts(r.ports)) {
    for (const peer of peers as EntityRule[]) {
      const rule: CalicoRule = ingress
        ? { action: r.action, source: peer, destination: { ...emptyEntity(), ports } }
        : { action: r.action, source: emptyEntity(), destination: { ...peer, ports } };
      if (protocol !== "") rule.protocol = protocol;
      out.push(rule);
    }
  }
  return out;
}

/** The GlobalNetworkPolicy Calico derives: admin tier with order = priority, or the baseline tier. */
export function adminToCalico(p: AdminPolicy): CalicoPolicy {
  const ingress = p.ingress.flatMap((r) => rules(r, true));
  const egress = p.egress.flatMap((r) => rules(r, false));
  const types: Direction[] = [];
  if (ingress.length > 0) types.push("Ingress");
  if (egress.length > 0) types.push("Egress");
  const out: CalicoPolicy = {
    kind: "GlobalNetworkPolicy",
    name: adminPolicyKey(p),
    tier: adminTier(p),
    ...subjectSelectors(p.subject),
    types,
    ingress,
    egress,
    doNotTrack: false,
    preDNAT: false,
    applyOnForward: false,
    source: p.source,
  };
  if (p.priority !== undefined) out.order = p.priority;
  return out;
}
