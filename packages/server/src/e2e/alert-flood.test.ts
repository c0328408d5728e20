// A flood of 100,000 denials into `netward serve` with a streaming alert rule: a few grouped notifications, every record kept, memory bounded.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { processLogs, stopProcesses, waitUntil, type TestProcess } from "./e2e-processes.testkit.js";
import { startHttpReceiver, type HttpReceiver } from "./http-receiver.testkit.js";
import { metricSum, peakRssMiB, postFlows, startNetward, streamingRule } from "./netward-alerting.testkit.js";

const dir = mkdtempSync(join(tmpdir(), "netward-flood-"));
const processes: TestProcess[] = [];
let receiver: HttpReceiver | undefined;

afterAll(async () => {
  await stopProcesses(processes);
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

const dbIP = "10.244.3.5";
/** A database pod whose Calico policy denies every ingress: any flow to it is a denial. */
const manifests = `apiVersion: v1
kind: Namespace
metadata:
  name: flood
  labels:
    kubernetes.io/metadata.name: flood
---
apiVersion: v1
kind: Pod
metadata:
  name: db-0
  namespace: flood
  labels:
    app: db
spec:
  nodeName: node-flood-1
  containers:
    - name: db
      image: postgres
status:
  phase: Running
  podIP: ${dbIP}
  podIPs:
    - ip: ${dbIP}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata:
  name: db-deny-all
  namespace: flood
spec:
  tier: default
  order: 100
  selector: app == "db"
  types:
    - Ingress
  ingress:
    - action: Deny
`;

const total = 100_000;
const chunks = 25;
const sources = 500;
/** Sources new in each chunk: chunk c brings sources [c*20, c*20+20) and repeats the earlier ones. */
const newPerChunk = sources / chunks;

/** The address of source `s` (external, so the denied record keeps the address as its source name). */
const sourceIP = (s: number) => `198.18.${s >> 8}.${s & 255}`;

/** Chunk `c` as netward JSONL: its new sources first, then the known ones in turn, to the db over many ports. */
function chunk(c: number): string {
  const known = (c + 1) * newPerChunk;
  const now = Date.now();
  let out = "";
  for (let j = 0; j < total / chunks; j++) {
    const i = c * (total / chunks) + j;
    const s = j < newPerChunk ? c * newPerChunk + j : j % known;
    out +=
      JSON.stringify({
        start: now,
        end: now,
        src: { ip: sourceIP(s), port: 1024 + (i % 60_000) },
        dst: { ip: dbIP, port: 1000 + (i % 5_000) },
        protocol: 6,
        action: "deny",
        count: 1,
      }) + "\n";
  }
  return out;
}

describe("a flood of denials", () => {
  it("groups 100,000 denials from 500 sources into at most one notification per chunk, within 500 MiB", async () => {
    const manifestsDir = join(dir, "manifests");
    mkdirSync(manifestsDir);
    writeFileSync(join(manifestsDir, "flood.yaml"), manifests);
    const hook = (receiver = await startHttpReceiver());
    const nw = await startNetward(
      {
        dir,
        manifests: manifestsDir,
        alerting: {
          rules: [streamingRule("denied-source", 'action="deny"', ["source_name"])],
          route: {
            receiver: "hook",
            group_by: ["alertname"],
            group_wait: "0s",
            group_interval: "1s",
            repeat_interval: "4h",
          },
          receivers: [{ name: "hook", webhook: { url: `${hook.url}/hook` } }],
        },
      },
      processes,
    );
    const pid = nw.process.child.pid!;
    type Body = { alerts: { status: string; labels: Record<string, string> }[] };
    const firing = () =>
      hook.posts.map(
        (p) =>
          new Set(
            (p.body as Body).alerts.filter((a) => a.status === "firing").map((a) => a.labels["source_name"]),
          ),
      );

    const idleMiB = peakRssMiB(pid);
    const started = Date.now();
    let accepted = 0;
    let denied = 0;
    let bad = 0;
    for (let c = 0; c < chunks; c++) {
      const answer = await postFlows(nw, chunk(c), "netward-jsonl");
      accepted += answer.records;
      denied += answer.denied;
      bad += answer.bad;
    }
    const sentMs = Date.now() - started;
    await waitUntil(
      "every source to be notified",
      () => new Set(firing().flatMap((s) => [...s])).size === sources,
      processes,
    );
    const context = () =>
      `notifications' firing counts: ${JSON.stringify(firing().map((s) => s.size))}\n${processLogs(processes)}`;
    console.log(
      `${total} denials in ${chunks} POSTs took ${sentMs} ms; ${hook.posts.length} notifications; netward's peak RSS ${idleMiB.toFixed(0)} MiB before, ${peakRssMiB(pid).toFixed(0)} MiB after`,
    );

    expect({ accepted, denied, bad }).toEqual({ accepted: total, denied: total, bad: 0 });
    expect(await metricSum(nw, "netward_ingested_records_total", 'format="netward-jsonl"')).toBe(total);
    const stored = await fetch(
      `${nw.url}api/flows?filter=${encodeURIComponent('action = "deny"')}&groupBy=action`,
    );
    const groups = ((await stored.json()) as { data: { groups: { num_flows: number }[] } }).data.groups;
    expect(groups.map((g) => g.num_flows)).toEqual([total]);

    // One group (group_by alertname) of 500 alerts. It changes only when a chunk brings new sources, so at most one
    // notification per chunk (25, whatever the speed), against 500 if each alert were sent on its own and 100,000
    // if each denial were; each notification grows the set of firing sources (an unchanged group is not resent).
    const sets = firing();
    expect(sets.length, context()).toBeLessThanOrEqual(chunks);
    for (let k = 1; k < sets.length; k++) {
      expect(sets[k]!.size, context()).toBeGreaterThan(sets[k - 1]!.size);
      for (const s of sets[k - 1]!) expect(sets[k]!.has(s), context()).toBe(true);
    }
    expect([...sets.at(-1)!].sort()).toEqual(Array.from({ length: sources }, (_, s) => sourceIP(s)).sort());
    const lane = 'receiver="hook",integration="webhook"';
    expect(await metricSum(nw, "netward_notifications_total", lane)).toBe(sets.length);
    expect(await metricSum(nw, "netward_notifications_dropped_total", lane)).toBe(0);
    expect(peakRssMiB(pid), context()).toBeLessThan(500);
  }, 240_000);
});
