// The generic webhook receiver: Alertmanager's webhook v4 body, field for field.
import type { Notification } from "./notification.js";
import { postJSON, type Delivery, type Receiver } from "./receiver.js";

/** The body Alertmanager 0.25's webhook_configs posts (version "4"), keys in its order. */
export function webhookBody(n: Notification): Record<string, unknown> {
  return {
    receiver: n.receiver,
    status: n.status,
    alerts: n.alerts.map((a) => ({
      status: a.status,
      labels: a.labels,
      annotations: a.annotations,
      startsAt: a.startsAt,
      endsAt: a.endsAt,
      generatorURL: a.generatorURL,
      fingerprint: a.fingerprint,
    })),
    groupLabels: n.groupLabels,
    commonLabels: n.commonLabels,
    commonAnnotations: n.commonAnnotations,
    externalURL: n.externalURL,
    version: "4",
    groupKey: n.groupKey,
    truncatedAlerts: n.truncatedAlerts,
  };
}

/** A receiver posting the v4 body to a URL (a secret: it often carries a token). */
export function webhookReceiver(name: string, url: string): Receiver {
  return {
    name,
    kind: "webhook",
    send: (n, signal): Promise<Delivery> => postJSON(url, webhookBody(n), signal),
  };
}
