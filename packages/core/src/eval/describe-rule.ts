// Short, plain descriptions of what a rule matches on, for explanations.
import type { CalicoRule, EntityRule } from "../model/calico.js";

function side(name: string, e: EntityRule): string[] {
  const parts: string[] = [];
  if (e.selector) parts.push(`${name} selector ${e.selector}`);
  if (e.namespaceSelector) parts.push(`${name} namespaceSelector ${e.namespaceSelector}`);
  if (e.notSelector) parts.push(`${name} notSelector ${e.notSelector}`);
  if (e.serviceAccounts) {
    const sa = [
      e.serviceAccounts.names.length > 0 ? `names ${e.serviceAccounts.names.join(", ")}` : "",
      e.serviceAccounts.selector ?? "",
    ].filter(Boolean);
    parts.push(`${name} serviceAccounts ${sa.join(" and ")}`);
  }
  if (e.nets.length > 0) parts.push(`${name} nets ${e.nets.join(", ")}`);
  if (e.notNets.length > 0) parts.push(`${name} notNets ${e.notNets.join(", ")}`);
  if (e.ports.length > 0) parts.push(`${name} ports ${e.ports.join(", ")}`);
  if (e.notPorts.length > 0) parts.push(`${name} notPorts ${e.notPorts.join(", ")}`);
  if (e.services)
    parts.push(`${name} service ${e.services.namespace ? `${e.services.namespace}/` : ""}${e.services.name}`);
  return parts;
}

/** What a rule matches on, e.g. `protocol TCP, destination namespaceSelector env == 'dev'`, or `anything`. */
export function describeRule(rule: CalicoRule): string {
  const parts: string[] = [];
  if (rule.ipVersion !== undefined) parts.push(`IPv${rule.ipVersion}`);
  if (rule.protocol !== undefined) parts.push(`protocol ${rule.protocol}`);
  if (rule.notProtocol !== undefined) parts.push(`not protocol ${rule.notProtocol}`);
  if (rule.icmp)
    parts.push(
      `icmp type ${rule.icmp.type ?? "any"}${rule.icmp.code !== undefined ? ` code ${rule.icmp.code}` : ""}`,
    );
  if (rule.notICMP)
    parts.push(
      `not icmp type ${rule.notICMP.type ?? "any"}${rule.notICMP.code !== undefined ? ` code ${rule.notICMP.code}` : ""}`,
    );
  parts.push(...side("source", rule.source), ...side("destination", rule.destination));
  if (rule.http) parts.push("an HTTP match");
  return parts.length > 0 ? parts.join(", ") : "anything";
}
