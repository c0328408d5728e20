// The Slack incoming-webhook receiver: Alertmanager's default message, `[FIRING:n] <alertname> ...` with each alert's details.
import type { SlackReceiver } from "../config/serve-config.js";
import { alertDetails, alertsLink, defaultSubject, type Notification } from "./notification.js";
import { postJSON, type Delivery, type Receiver } from "./receiver.js";

/** A Slack receiver's settings as the config file has them, less send_resolved (the pipeline's); `apiURL` is a secret. */
export type SlackConfig = Omit<SlackReceiver, "sendResolved">;

/** The JSON Alertmanager's slack_configs posts with its default templates, with netward's details as the text. */
export function slackPayload(n: Notification, config: Omit<SlackConfig, "apiURL">): Record<string, unknown> {
  const title = defaultSubject(n);
  const link = alertsLink(n);
  const payload: Record<string, unknown> = {
    username: config.username ?? "netward",
    attachments: [
      {
        title,
        title_link: link,
        text: alertDetails(n),
        fallback: `${title} | ${link}`,
        callback_id: "",
        footer: "",
        color: n.status === "firing" ? "danger" : "good",
        mrkdwn_in: ["fallback", "pretext", "text"],
      },
    ],
  };
  if (config.channel !== undefined) payload["channel"] = config.channel;
  return payload;
}

/** A receiver posting to a Slack incoming webhook. */
export function slackReceiver(name: string, config: SlackConfig): Receiver {
  return {
    name,
    kind: "slack",
    send: (n, signal): Promise<Delivery> => postJSON(config.apiURL, slackPayload(n, config), signal),
  };
}
