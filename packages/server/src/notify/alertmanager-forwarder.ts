// The Alertmanager forwarder: alerts POSTed to one or more Alertmanagers' /api/v2/alerts, for teams that keep theirs.
import type { Notification } from "./notification.js";
import { postJSON, type Delivery, type Receiver } from "./receiver.js";

/** The /api/v2/alerts body: each alert's labels, annotations, times and generator URL (resolved ones with their end). */
export function postableAlerts(n: Notification): Record<string, unknown>[] {
  return n.alerts.map((a) => {
    const out: Record<string, unknown> = {
      labels: a.labels,
      annotations: a.annotations,
      startsAt: a.startsAt,
      generatorURL: a.generatorURL,
    };
    if (a.status === "resolved") out["endsAt"] = a.endsAt;
    return out;
  });
}

/** A receiver forwarding to Alertmanagers; delivered when one of them took the alerts, retried when none did. */
export function alertmanagerForwarder(name: string, urls: readonly string[]): Receiver {
  return {
    name,
    kind: "alertmanager",
    async send(n, signal): Promise<Delivery> {
      const body = postableAlerts(n);
      const results = await Promise.all(
        urls.map((u) => postJSON(`${u.replace(/\/+$/, "")}/api/v2/alerts`, body, signal)),
      );
      if (results.some((r) => r.outcome === "delivered")) return { outcome: "delivered" };
      return (
        results.find((r) => r.outcome === "retry") ??
        results[0] ?? { outcome: "failed", reason: "no Alertmanager configured" }
      );
    },
  };
}
