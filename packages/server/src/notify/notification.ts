// A notification as Alertmanager hands one to a receiver (its webhook v4 message), and the default texts built from it.

/** One alert in a notification. */
export interface NotifiedAlert {
  status: "firing" | "resolved";
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  /** `0001-01-01T00:00:00Z` while firing, as Alertmanager writes it. */
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

/** A group's notification: the fields of Alertmanager's webhook v4 body. */
export interface Notification {
  receiver: string;
  status: "firing" | "resolved";
  alerts: NotifiedAlert[];
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  groupKey: string;
  truncatedAlerts: number;
}

const sortedValues = (labels: Record<string, string>, skip: ReadonlySet<string> = new Set()) =>
  Object.keys(labels)
    .filter((k) => !skip.has(k))
    .sort()
    .map((k) => labels[k]!);

/**
 * Alertmanager's default subject (`__subject`): `[FIRING:n] <group label values> (<other common label values>)`,
 * or `[RESOLVED] ...`; values in label-name order.
 */
export function defaultSubject(n: Notification): string {
  const firing = n.alerts.filter((a) => a.status === "firing").length;
  const status = n.status === "firing" ? `FIRING:${firing}` : "RESOLVED";
  const group = sortedValues(n.groupLabels).join(" ");
  const rest = sortedValues(n.commonLabels, new Set(Object.keys(n.groupLabels)));
  return `[${status}] ${group}${rest.length > 0 ? ` (${rest.join(" ")})` : ""}`;
}

/** The link to the alerts of this receiver in the Alertmanager-style UI (`title_link`). */
export function alertsLink(n: Notification): string {
  return `${n.externalURL}/#/alerts?receiver=${encodeURIComponent(n.receiver)}`;
}

/** The plain-text details of each alert: summary, description, and its labels, firing ones first. */
export function alertDetails(n: Notification): string {
  const block = (a: NotifiedAlert) => {
    const lines = [];
    if (a.annotations["summary"] !== undefined) lines.push(`*Summary:* ${a.annotations["summary"]}`);
    if (a.annotations["description"] !== undefined)
      lines.push(`*Description:* ${a.annotations["description"]}`);
    lines.push("*Details:*");
    for (const k of Object.keys(a.labels).sort()) lines.push(`  • *${k}:* \`${a.labels[k]}\``);
    return lines.join("\n");
  };
  const firing = n.alerts.filter((a) => a.status === "firing");
  const resolved = n.alerts.filter((a) => a.status === "resolved");
  const parts = [];
  if (firing.length > 0) parts.push(`*Firing*\n${firing.map(block).join("\n\n")}`);
  if (resolved.length > 0) parts.push(`*Resolved*\n${resolved.map(block).join("\n\n")}`);
  return parts.join("\n\n");
}
