// The email receiver: Alertmanager's default subject, text and HTML bodies, sent over SMTP with nodemailer.
import { createTransport } from "nodemailer";
import type { EmailReceiver } from "../config/serve-config.js";
import { alertDetails, alertsLink, defaultSubject, type Notification } from "./notification.js";
import type { Delivery, Receiver } from "./receiver.js";

/** An email receiver's settings as the config file has them, less send_resolved (the pipeline's); `authPassword` is a secret. */
export type EmailConfig = Omit<EmailReceiver, "sendResolved">;

const escapeHTML = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The HTML body: the subject as a heading, each alert's labels and annotations in a table, and the link. */
export function emailHTML(n: Notification): string {
  const rows = n.alerts
    .map((a) => {
      const cells = [
        ...Object.keys(a.labels)
          .sort()
          .map((k) => `${k} = ${a.labels[k]}`),
        ...Object.keys(a.annotations)
          .sort()
          .map((k) => `${k}: ${a.annotations[k]}`),
      ];
      return `<tr><td><strong>${a.status}</strong><br>${cells.map(escapeHTML).join("<br>")}<br>Source: <a href="${escapeHTML(a.generatorURL)}">${escapeHTML(a.generatorURL)}</a></td></tr>`;
    })
    .join("\n");
  const subject = escapeHTML(defaultSubject(n));
  return `<!DOCTYPE html>\n<html><head><meta charset="UTF-8"><title>${subject}</title></head><body>\n<h2>${subject}</h2>\n<p><a href="${escapeHTML(alertsLink(n))}">View in netward</a></p>\n<table>\n${rows}\n</table>\n</body></html>\n`;
}

/** A receiver sending over SMTP; SMTP 4xx answers and connection failures are retried, 5xx refusals are not. */
export function emailReceiver(name: string, config: EmailConfig): Receiver {
  const [host = "", portText = "25"] = config.smarthost.split(/:(?=\d+$)/);
  const port = Number(portText);
  const transport = createTransport({
    host,
    port,
    secure: port === 465,
    requireTLS: config.requireTLS ?? true,
    ignoreTLS: config.requireTLS === false,
    ...(config.authUsername === undefined
      ? {}
      : { auth: { user: config.authUsername, pass: config.authPassword ?? "" } }),
  });
  return {
    name,
    kind: "email",
    async send(n): Promise<Delivery> {
      try {
        await transport.sendMail({
          from: config.from,
          to: config.to,
          subject: defaultSubject(n),
          text: `${defaultSubject(n)}\n\n${alertDetails(n).replace(/\*/g, "")}\n\n${alertsLink(n)}\n`,
          html: emailHTML(n),
        });
        return { outcome: "delivered" };
      } catch (err) {
        const e = err as { responseCode?: number; code?: string };
        const reason = `the mail server refused or failed (${e.responseCode ?? e.code ?? "error"})`;
        return e.responseCode !== undefined && e.responseCode >= 500
          ? { outcome: "failed", reason }
          : { outcome: "retry", reason };
      }
    },
  };
}
