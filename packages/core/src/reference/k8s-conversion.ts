// Kubernetes NetworkPolicy to Calico NetworkPolicy, following libcalico-go's K8sNetworkPolicyToCalico.
import type { CalicoPolicy, CalicoRule, EntityRule } from "../model/calico.js";
import type { K8sLabelSelector, K8sNetworkPolicy, K8sPeer, K8sPolicyPort, K8sRule } from "../model/k8s.js";
import { parseCIDR, formatCIDR } from "../net/ip.js";
import { andSelectors, labelSelectorToSelector, printSelector } from "../selector/index.js";
import { emptyEntity } from "./profiles.js";
import { equals, ORCHESTRATOR_LABEL } from "./selectors.js";

/** k8sSelectorToCalico for pods: `projectcalico.org/orchestrator == 'k8s'` AND the label selector. */
export function podSelectorText(ls: K8sLabelSelector | undefined): string {
  const orchestrator = equals(ORCHESTRATOR_LABEL, "k8s");
  return printSelector(ls ? andSelectors(orchestrator, labelSelectorToSelector(ls)) : orchestrator);
}

/** k8sSelectorToCalico for namespaces: an empty selector is `all()`. */
export function namespaceSelectorText(ls: K8sLabelSelector): string {
  return printSelector(labelSelectorToSelector(ls));
}

/** A CIDR with host bits cleared, as Go's ParseCIDR + String() give it. */
function masked(cidr: string): string {
  const parsed = parseCIDR(cidr);
  return parsed ? formatCIDR(parsed) : cidr;
}

/** k8sPeerToCalicoFields: the entity for one peer (undefined = no peer, i.e. every peer). */
function peerEntity(peer: K8sPeer | undefined): EntityRule {
  const e = emptyEntity();
  if (peer === undefined) return e;
  if (peer.ipBlock) {
    e.nets = [masked(peer.ipBlock.cidr)];
    e.notNets = peer.ipBlock.except.map(masked);
    return e;
  }
  e.selector = podSelectorText(peer.podSelector);
  if (peer.namespaceSelector) e.namespaceSelector = namespaceSelectorText(peer.namespaceSelector);
  return e;
}

/** Groups ports by protocol; `""` with no ports means any protocol, an empty list means every port. */
function protocolPorts(ports: readonly K8sPolicyPort[]): Map<string, (number | string)[]> {
  const groups = new Map<string, (number | string)[]>();
  if (ports.length === 0) return new Map([["", []]]);
  for (const p of ports) {
    const existing = groups.get(p.protocol);
    if (p.port === undefined) groups.set(p.protocol, []);
    else if (existing === undefined || existing.length > 0) {
      const port = p.endPort !== undefined ? `${p.port}:${p.endPort}` : p.port;
      groups.set(p.protocol, [...(existing ?? []), port]);
    }
  }
  return groups;
}

/** k8sRuleToCalico: one Allow rule per (protocol x peer). */
function rules(r: K8sRule, ingress: boolean): CalicoRule[] {
  const peers: (K8sPeer | undefined)[] = r.peers.length === 0 ? [undefined] : r.peers;
  const out: CalicoRule[] = [];
  for (const [protocol, ports] of [...protocolPorts(r.ports)].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const peer of peers) {
      const peerSide = peerEntity(peer);
      const rule: CalicoRule = ingress
        ? { action: "Allow", source: peerSide, destination: { ...emptyEntity(), ports } }
        : { action: "Allow", source: emptyEntity(), destination: { ...peerSide, ports } };
      if (protocol !== "") rule.protocol = protocol;
      out.push(rule);
    }
  }
  return out;
}

/** The Calico NetworkPolicy `knp.default.<name>` in tier default at order 1000 that Calico derives. */
export function k8sToCalico(p: K8sNetworkPolicy): CalicoPolicy {
  return {
    kind: "NetworkPolicy",
    name: `knp.default.${p.name}`,
    namespace: p.namespace,
    tier: "default",
    order: 1000,
    selector: podSelectorText(p.podSelector),
    types: p.policyTypes.length === 0 ? ["Ingress"] : p.policyTypes,
    ingress: p.ingress.flatMap((r) => rules(r, true)),
    egress: p.egress.flatMap((r) => rules(r, false)),
    doNotTrack: false,
    preDNAT: false,
    applyOnForward: false,
    source: p.source,
  };
}
