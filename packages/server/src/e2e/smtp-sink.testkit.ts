// Test helper: a real SMTP server (npm smtp-server) on loopback that accepts any mail without authentication and keeps it.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { parseMail, type MailText } from "./mail-text.testkit.js";

/** One email the sink accepted: the envelope, the raw message, its parsed form and when it arrived (ms since epoch). */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  mail: MailText;
  receivedAt: number;
}

/** A running SMTP sink: its port, the mails so far, and close. */
export interface SmtpSink {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/** Starts an SMTP sink on 127.0.0.1 at a port the OS picks; authentication optional, no STARTTLS. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    closeTimeout: 1_000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const envelope = session.envelope;
        mails.push({
          from: envelope.mailFrom === false ? "" : envelope.mailFrom.address,
          to: envelope.rcptTo.map((r) => r.address),
          raw,
          mail: parseMail(raw),
          receivedAt: Date.now(),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise((resolve) => server.close(resolve)) };
}
