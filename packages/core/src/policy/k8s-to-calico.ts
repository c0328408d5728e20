// Kubernetes NetworkPolicy to Calico policy, as Calico's converter does it (tier default, order 1000, knp.default.).
import type { CalicoRule, EntityRule } from "../model/calico.js";
import type { StagedK8sPolicy } from "../model/calico.js";
import type { K8sLabelSelector, K8sNetworkPolicy, K8sPeer, K8sRule } from "../model/k8s.js";
import { andSelectors, labelSelectorToSelector, printSelector, type Selector } from "../selector/index.js";
import type { PolicyInput } from "./policy-input.js";
import { ORCHESTRATOR_LABEL } from "./selector-text.js";

const k8sPods: Selector = { kind: "eq", label: ORCHESTRATOR_LABEL, value: "k8s" };

function isEmpty(ls: K8sLabelSelector): boolean {
  return Object.keys(ls.matchLabels).length === 0 && ls.matchExpressions.length === 0;
}

/** A pod selector in Calico form: `projectcalico.org/orchestrator == 'k8s' && <labels>`. */
export function podSelectorText(ls: K8sLabelSelector): string {
  return printSelector(andSelectors(k8sPods, labelSelectorToSelector(ls)));
}

/** A namespace selector in Calico form; an empty one means every namespace (`all()`). */
function namespaceSelectorText(ls: K8sLabelSelector): string {
  return isEmpty(ls) ? "all()" : printSelector(labelSelectorToSelector(ls));
}

function peerEntity(peer: K8sPeer | undefined): EntityRule {
  const e: EntityRule = { nets: [], notNets: [], ports: [], notPorts: [] };
  if (peer === undefined) return e;
  if (peer.ipBlock) return { ...e, nets: [peer.ipBlock.cidr], notNets: [...peer.ipBlock.except] };
  // Calico converts the pod part even when it is absent, so every non-ipBlock peer selects Kubernetes pods only.
  e.selector = podSelectorText(peer.podSelector ?? { matchLabels: {}, matchExpressions: [] });
  if (peer.namespaceSelector) e.namespaceSelector = namespaceSelectorText(peer.namespaceSelector);
  return e;
}

/** One Calico rule per (protocol x peer), protocols sorted, all ports of a protocol in one rule. */
export function convertRule(rule: K8sRule, ingress: boolean): CalicoRule[] {
  const byProtocol = new Map<string, (number | string)[] | undefined>();
  if (rule.ports.length === 0) byProtocol.set("", undefined);
  for (const p of rule.ports) {
    if (byProtocol.get(p.protocol) === undefined && byProtocol.has(p.protocol)) continue;
    if (p.port === undefined) byProtocol.set(p.protocol, undefined);
    else {
      const port = typeof p.port === "number" && p.endPort !== undefined ? `${p.port}:${p.endPort}` : p.port;
      byProtocol.set(p.protocol, [...(byProtocol.get(p.protocol) ?? []), port]);
    }
  }
  const peers: (K8sPeer | undefined)[] = rule.peers.length > 0 ? rule.peers : [undefined];
  const out: CalicoRule[] = [];
  for (const protocol of [...byProtocol.keys()].sort()) {
    const ports = byProtocol.get(protocol) ?? [];
    for (const peer of peers) {
      const remote = peerEntity(peer);
      const local: EntityRule = { nets: [], notNets: [], ports: [], notPorts: [] };
      const r: CalicoRule = ingress
        ? { action: "Allow", source: remote, destination: { ...local, ports } }
        : { action: "Allow", source: local, destination: { ...remote, ports } };
      if (protocol !== "") r.protocol = protocol;
      out.push(r);
    }
  }
  return out;
}

/** A Kubernetes (or staged Kubernetes) NetworkPolicy as the Calico policy Calico derives from it. */
export function k8sPolicyInput(p: K8sNetworkPolicy | StagedK8sPolicy, staged: boolean): PolicyInput {
  const name = `${staged ? "staged:" : ""}knp.default.${p.name}`;
  return {
    ref: {
      tier: "default",
      kind: staged ? "StagedKubernetesNetworkPolicy" : "KubernetesNetworkPolicy",
      namespace: p.namespace,
      name: p.name,
    },
    sortName: `${p.namespace}/${name}`,
    staged,
    spec: {
      selector: podSelectorText(p.podSelector),
      namespace: p.namespace,
      order: 1000,
      types: p.policyTypes,
      ingress: p.ingress.flatMap((r) => convertRule(r, true)),
      egress: p.egress.flatMap((r) => convertRule(r, false)),
      doNotTrack: false,
      preDNAT: false,
      applyOnForward: false,
    },
  };
}
