// Test child process for the crash test: `enqueue` leaves a notification pending and waits to be killed; `resume` resends what the log holds.
import { DeliveryQueue } from "./delivery-queue.js";
import type { Notification } from "./notification.js";
import { NotificationLog } from "./notification-log.js";
import { realScheduler } from "./scheduler.js";
import { webhookReceiver } from "./webhook.js";

/** The notification the crash test sends: one firing denied-traffic alert. */
const crashNotification: Notification = {
  receiver: "hook",
  status: "firing",
  alerts: [
    {
      status: "firing",
      labels: { alertname: "PolicyDeniedTraffic", source: "shop/frontend", destination: "shop/db" },
      annotations: { summary: "shop/frontend -> shop/db denied" },
      startsAt: "2026-11-22T22:27:20.000Z",
      endsAt: "0001-01-01T00:00:00Z",
      generatorURL: "http://netward.example/alerts",
      fingerprint: "0123456789abcdef",
    },
  ],
  groupLabels: { alertname: "PolicyDeniedTraffic" },
  commonLabels: { alertname: "PolicyDeniedTraffic" },
  commonAnnotations: {},
  externalURL: "http://netward.example",
  groupKey: '{}:{alertname="PolicyDeniedTraffic"}',
  truncatedAlerts: 0,
};

/** Runs one mode: `enqueue` prints "pending" once the first attempt was refused and stays up; `resume` flushes and prints a JSON summary. */
async function main(mode: string, dir: string, url: string): Promise<void> {
  const { log, pending } = NotificationLog.open(dir, { now: realScheduler.now() });
  let retried = 0;
  const queue = new DeliveryQueue({
    receivers: [webhookReceiver("hook", url)],
    log,
    scheduler: realScheduler,
    // In `enqueue` mode the next retry comes about a second after the first, long after the test kills us.
    random: mode === "enqueue" ? () => 0.999 : Math.random,
    onStats: (_receiver, stats) => {
      if (mode === "enqueue" && stats.retried > retried && retried === 0) process.stdout.write("pending\n");
      retried = stats.retried;
    },
  });
  queue.resume(pending);
  const enqueued = queue.enqueue("hook", crashNotification);
  if (mode === "enqueue") {
    setInterval(() => undefined, 1 << 30);
    return;
  }
  const closed = await queue.close({ flushMs: 20_000 });
  log.close();
  process.stdout.write(JSON.stringify({ resumed: pending.length, enqueued, ...closed }) + "\n");
}

const [mode, dir, url] = process.argv.slice(2);
if (mode === undefined || dir === undefined || url === undefined) {
  process.stderr.write("usage: delivery-crash.testkit.js enqueue|resume DIR URL\n");
  process.exitCode = 2;
} else {
  await main(mode, dir, url);
}
