// What the API shows of alerting: alerts with their state and muting, notifications with their fate, silences.
import type { Silence } from "@netward/core";

/** One alert of a rule, as GET /api/alerts shows it; times are RFC 3339. */
export interface AlertView {
  rule: string;
  state: "pending" | "firing" | "resolved";
  labels: Record<string, string>;
  annotations: Record<string, string>;
  activeAt: string;
  startsAt: string;
  endsAt?: string;
  value?: number;
  /** The ids of the silences muting it now. */
  silencedBy: string[];
  /** Whether an inhibit rule mutes it now. */
  inhibited: boolean;
}

/** One notification to one integration, as GET /api/alerts/history shows it (newest first). */
export interface NotificationView {
  id: string;
  receiver: string;
  integration: string;
  groupKey: string;
  status: "firing" | "resolved";
  /** The alert names and counts, e.g. `[FIRING:2] denied-traffic`. */
  subject: string;
  alerts: number;
  queuedAt: string;
  /** pending: waiting or retrying; sent; failed: given up (why in `reason`); duplicate: sent already within the repeat interval. */
  outcome: "pending" | "sent" | "failed" | "duplicate";
  settledAt?: string;
  reason?: string;
}

/** A silence as the API shows it, with its state now. */
export interface SilenceView extends Silence {
  state: "pending" | "active" | "expired";
}
