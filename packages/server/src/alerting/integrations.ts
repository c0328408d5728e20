// The integrations of the configured receivers: one delivery lane each (`<receiver>/<kind>`), with its send_resolved.
import type { Receiver as ReceiverConfig } from "../config/serve-config.js";
import { alertmanagerForwarder } from "../notify/alertmanager-forwarder.js";
import { emailReceiver } from "../notify/email.js";
import type { Receiver } from "../notify/receiver.js";
import { slackReceiver } from "../notify/slack.js";
import { webhookReceiver } from "../notify/webhook.js";

/** One integration of a receiver: the lane that delivers it and whether it wants resolved notifications. */
export interface Integration {
  /** The configured receiver's name, as routes name it. */
  readonly receiver: string;
  readonly kind: Receiver["kind"];
  /** Whether resolved notifications are sent to it (defaults as Alertmanager's: only webhooks do). */
  readonly sendResolved: boolean;
  /** The lane delivering it; its name is `<receiver>/<kind>`. */
  readonly lane: Receiver;
}

/** The lane name of a receiver's integration. */
const laneName = (receiver: string, kind: Receiver["kind"]): string => `${receiver}/${kind}`;

/** The receiver and integration a lane name stands for (receiver names may hold `/`; kinds do not). */
export function laneParts(lane: string): { receiver: string; integration: string } {
  const slash = lane.lastIndexOf("/");
  return { receiver: lane.slice(0, slash), integration: lane.slice(slash + 1) };
}

/** Every integration of every receiver, in the order written; a receiver with none drops what is routed to it. */
export function integrationsOf(receivers: readonly ReceiverConfig[]): Integration[] {
  const out: Integration[] = [];
  for (const r of receivers) {
    const name = r.name;
    if (r.slack !== undefined) {
      const { sendResolved = false, ...slack } = r.slack;
      out.push({
        receiver: name,
        kind: "slack",
        sendResolved,
        lane: slackReceiver(laneName(name, "slack"), slack),
      });
    }
    if (r.email !== undefined) {
      const { sendResolved = false, ...email } = r.email;
      out.push({
        receiver: name,
        kind: "email",
        sendResolved,
        lane: emailReceiver(laneName(name, "email"), email),
      });
    }
    if (r.webhook !== undefined)
      out.push({
        receiver: name,
        kind: "webhook",
        sendResolved: r.webhook.sendResolved ?? true,
        lane: webhookReceiver(laneName(name, "webhook"), r.webhook.url),
      });
    if (r.alertmanager !== undefined)
      out.push({
        receiver: name,
        kind: "alertmanager",
        sendResolved: true,
        lane: alertmanagerForwarder(laneName(name, "alertmanager"), r.alertmanager.urls),
      });
  }
  return out;
}
