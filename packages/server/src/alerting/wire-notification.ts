// Turns the dispatcher's notifications into the receivers' (Alertmanager's webhook v4 fields, times as text).
import {
  commonOf,
  type Notification as GroupNotification,
  type NotifiedAlert as GroupAlert,
} from "@netward/core";
import type { Notification, NotifiedAlert } from "../notify/notification.js";

/** What Alertmanager writes as the end of a firing alert: Go's zero time. */
export const zeroTime = "0001-01-01T00:00:00Z";

/** A label map with its keys in order, as Go's JSON encoder writes maps (and so Alertmanager's bodies). */
function sorted(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(labels)
      .sort()
      .map((k) => [k, labels[k]!]),
  );
}

/** One alert as receivers get it: RFC 3339 times, the zero time as the end of a firing alert. */
function wireAlert(a: GroupAlert): NotifiedAlert {
  return {
    status: a.status,
    labels: sorted(a.labels),
    annotations: sorted(a.annotations),
    startsAt: new Date(a.startsAt).toISOString(),
    endsAt: a.status === "firing" || a.endsAt === undefined ? zeroTime : new Date(a.endsAt).toISOString(),
    generatorURL: a.generatorURL ?? "",
    fingerprint: a.fingerprint,
  };
}

/** The notification as receivers get it, linking back to `externalURL`. */
export function wireNotification(n: GroupNotification, externalURL: string): Notification {
  return {
    receiver: n.receiver,
    status: n.status,
    alerts: n.alerts.map(wireAlert),
    groupLabels: sorted(n.groupLabels),
    commonLabels: sorted(n.commonLabels),
    commonAnnotations: sorted(n.commonAnnotations),
    externalURL: externalURL.replace(/\/+$/, ""),
    groupKey: n.groupKey,
    truncatedAlerts: 0,
  };
}

/**
 * The notification an integration that does not want resolved alerts gets (Alertmanager's send_resolved: false):
 * only the firing alerts, with common labels and annotations of those, and nothing when none is firing.
 */
export function withoutResolved(n: Notification): Notification | undefined {
  const alerts = n.alerts.filter((a) => a.status === "firing");
  if (alerts.length === 0) return undefined;
  if (alerts.length === n.alerts.length) return n;
  const commonLabels = sorted(commonOf(alerts.map((a) => a.labels)));
  const commonAnnotations = sorted(commonOf(alerts.map((a) => a.annotations)));
  return { ...n, status: "firing", alerts, commonLabels, commonAnnotations };
}
