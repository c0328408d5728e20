// End to end: netward killed (SIGKILL) while a notification waits on a failing receiver sends it exactly once after a restart.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Notification } from "../notify/notification.js";
import { deniedPingLine, manifests, podIP, podManifest } from "./denied-ping-scenario.testkit.js";
import { stopProcesses, waitUntil, type TestProcess } from "./e2e-processes.testkit.js";
import { metricSum, postFlows, startNetward, streamingRule } from "./netward-alerting.testkit.js";

const dir = mkdtempSync(join(tmpdir(), "netward-restart-"));
const first: TestProcess[] = [];
const second: TestProcess[] = [];
let server: Server | undefined;

afterAll(async () => {
  await stopProcesses([...first, ...second]);
  await new Promise((resolve) => server?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** A webhook receiver answering `status.code` to every post, recording each post's answer and body. */
async function webhook() {
  const status = { code: 500 };
  const posts: { answered: number; body: Notification }[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      posts.push({
        answered: status.code,
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Notification,
      });
      res.writeHead(status.code).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, status, posts };
}

describe("a restart with a notification pending", () => {
  it("delivers it exactly once, and notifies the restored alert no second time", async () => {
    const hook = await webhook();
    const manifestsDir = join(dir, "manifests");
    mkdirSync(manifestsDir);
    const probeIP = "10.244.7.10";
    writeFileSync(join(manifestsDir, "pods.yaml"), `${manifests}---\n${podManifest("probe", probeIP)}`);
    const setup = {
      dir,
      manifests: manifestsDir,
      alerting: {
        rules: [streamingRule("denied-traffic", 'action="deny"', ["source_name_aggr"])],
        route: { receiver: "hook", group_by: ["alertname"], group_wait: "0s", group_interval: "1s" },
        receivers: [{ name: "hook", webhook: { url: hook.url } }],
      },
    };
    const before = await startNetward(setup, first);
    await postFlows(before, deniedPingLine(1, new Date()), "kernel-log");
    // The receiver fails: netward retries, so the notification is pending in its log when it is killed.
    await waitUntil(
      "a retry after the receiver's 500",
      async () => (await metricSum(before, "netward_notification_retries_total")) >= 1,
      first,
    );
    before.process.child.kill("SIGKILL");
    await before.process.exited;
    hook.status.code = 200;
    const after = await startNetward(setup, second);
    await waitUntil(
      "the pending notification delivered",
      () => hook.posts.some((p) => p.answered === 200),
      second,
    );
    // The marker: a second pod's denial grows the group, notified at the next group_interval tick.
    await postFlows(
      after,
      deniedPingLine(2, new Date()).replace(`SRC=${podIP} `, `SRC=${probeIP} `),
      "kernel-log",
    );
    await waitUntil(
      "the grown group delivered",
      () => hook.posts.some((p) => p.answered === 200 && p.body.alerts.length === 2),
      second,
    );
    const delivered = hook.posts.filter((p) => p.answered === 200).map((p) => p.body);
    expect(delivered.map((b) => b.alerts.map((a) => a.labels["source_name_aggr"]).sort())).toEqual([
      ["multitool"],
      ["multitool", "probe"],
    ]);
    const [pending, grown] = [delivered[0]!, delivered[1]!];
    expect(grown.alerts.find((a) => a.fingerprint === pending.alerts[0]!.fingerprint)?.startsAt).toBe(
      pending.alerts[0]!.startsAt,
    );
    expect(await metricSum(after, "netward_notifications_total")).toBe(2);
  }, 120_000);
});
