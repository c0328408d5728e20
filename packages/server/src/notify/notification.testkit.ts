// Test helpers for notifications: a one-alert notification per group, and a real HTTP server answering from a script.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import type { Notification } from "./notification.js";

/** A notification of one `Denied` alert in group `group`, firing or resolved. */
export function groupNote(group: string, status: "firing" | "resolved" = "firing"): Notification {
  return {
    receiver: "team",
    status,
    alerts: [
      {
        status,
        labels: { alertname: "Denied", group },
        annotations: { summary: "denied" },
        startsAt: "2026-01-01T00:00:00Z",
        endsAt: "0001-01-01T00:00:00Z",
        generatorURL: "http://netward.example",
        fingerprint: `fp-${group}`,
      },
    ],
    groupLabels: { group },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: "http://netward.example",
    groupKey: `{}:{group="${group}"}`,
    truncatedAlerts: 0,
  };
}

/** One answer of a scripted server: a status and headers. */
export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
}

/**
 * A real HTTP server on loopback answering each request with the next answer of a list (the last repeats),
 * recording what it answered, when each request arrived, and the groupKey of its JSON body.
 */
export async function scriptedServer(answers: readonly ScriptedAnswer[], path = "/hook") {
  const answered: { status: number; arrivedAt: number; groupKey: unknown }[] = [];
  const server = createServer((req, res) => {
    const arrivedAt = performance.now();
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const a = answers[Math.min(answered.length, answers.length - 1)]!;
      let groupKey: unknown;
      try {
        groupKey = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { groupKey?: unknown }).groupKey;
      } catch {
        groupKey = undefined;
      }
      answered.push({ status: a.status, arrivedAt, groupKey });
      res.writeHead(a.status, a.headers ?? {}).end("x");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    answered,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
