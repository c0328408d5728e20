// Tests for `netward serve` as a process: it serves the API, reloads edited manifests, keeps the last good snapshot, and keeps its token secret.
import { createSocket } from "node:dgram";
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "./cli.testkit.js";
import { server, stopServers } from "./serve.testkit.js";

const dir = mkdtempSync(join(tmpdir(), "netward-serve-"));
afterAll(() => {
  stopServers();
  rmSync(dir, { recursive: true, force: true });
});

async function verdict(url: string): Promise<string> {
  const response = await fetch(`${url}api/eval`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ from: "shop/storefront", to: "shop/checkout-api", port: "tcp/9090" }),
  });
  return ((await response.json()) as { data: { verdict: string } }).data.verdict;
}

/** `netward serve` over the shop and its pod history on a free port, with a data folder of its own. */
const shopServer = (data: string, ...extra: string[]) =>
  server(
    join(repoRoot, "examples/shop"),
    join(repoRoot, "examples/flows/cluster"),
    "--port",
    "0",
    "--data",
    join(dir, data),
    ...extra,
  );

describe("netward serve", () => {
  it("reloads edited manifests, keeps the last good snapshot on a broken edit, and stops on SIGTERM", async () => {
    const manifests = join(dir, "shop");
    cpSync(join(repoRoot, "examples/shop"), manifests, { recursive: true });
    const data = join(dir, "data");
    const s = server(manifests, "--port", "0", "--data", data);
    await s.until("listening", () => s.url() !== "");
    expect(await verdict(s.url())).toBe("allow");

    const policies = join(manifests, "policies-shop.yaml");
    const original = readFileSync(policies, "utf8");
    writeFileSync(policies, original.replace("port: 9090", "port: 9091"));
    await s.until("the edit to take effect", async () => (await verdict(s.url())) === "deny");

    writeFileSync(
      policies,
      `${original}\n---\nkind: NetworkPolicy\napiVersion: networking.k8s.io/v1\nmetadata: {name: Broken}\nspec: {podSelector: 7}\n`,
    );
    await s.until("the broken edit to be reported", async () => {
      const summary = (await (await fetch(`${s.url()}api/snapshot`)).json()) as {
        data: { lastReloadError?: string };
      };
      return summary.data.lastReloadError !== undefined;
    });
    const summary = (await (await fetch(`${s.url()}api/snapshot`)).json()) as {
      data: { lastReloadError: string };
    };
    expect(summary.data.lastReloadError).toMatch(
      /^2 errors in the manifests \(\S*policies-shop\.yaml:\d+: .*\); still answering from the last good snapshot$/,
    );
    expect(await verdict(s.url())).toBe("deny");
    const metrics = await (await fetch(`${s.url()}metrics`)).text();
    expect(metrics).toMatch(/^netward_snapshot_ok 0$/m);
    expect(metrics).toMatch(/^netward_snapshot_reloads_total\{result="error"\} 1$/m);
    expect(s.out.stderr).toMatch(/snapshot refused: 2 errors in the manifests/);

    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);
    const token = readFileSync(join(data, "api-token"), "utf8").trim();
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(data, "api-token")).mode & 0o777).toBe(0o600);
    expect(s.out.stdout + s.out.stderr).not.toContain(token);
    expect(s.out.stdout).toMatch(/API token for mutating routes: created in \S+api-token/);
  });

  it("binds 127.0.0.1 unless told otherwise, and refuses a bad port", async () => {
    const s = server(join(repoRoot, "examples/shop"), "--port", "0", "--data", join(dir, "data2"));
    await s.until("listening", () => s.url() !== "");
    expect(s.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);
    const bad = server(join(repoRoot, "examples/shop"), "--port", "70000");
    expect(await bad.exited).toBe(2);
    expect(bad.out.stderr).toMatch(/--port must be 0-65535, not 70000/);
  });

  it("replays flow files into the store, moved to the present, and counts them in /metrics", async () => {
    const s = shopServer(
      "data3",
      "--replay",
      join(repoRoot, "examples/flows/netward/flows.jsonl"),
      "--replay-every",
      "1s",
    );
    await s.until("listening", () => s.url() !== "");
    const total = async () => {
      const r = (await (await fetch(`${s.url()}api/flows?groupBy=action&since=1h`)).json()) as {
        data: { groups: { num_flows: number }[] };
      };
      return r.data.groups.reduce((n, g) => n + g.num_flows, 0);
    };
    await s.until("two replays stored", async () => (await total()) >= 2 * 26);
    const metrics = await (await fetch(`${s.url()}metrics`)).text();
    expect(metrics).toMatch(
      /^calico_denied_packets\{policy="default\|shop\/default-deny-all\|-1\|deny",srcIP="10\.244\.\d+\.\d+",instance="\S+"\} \d+$/m,
    );
    expect(metrics).toMatch(
      /^netward_ingested_records_total\{format="netward-jsonl"\} (2[6-9]|[3-9]\d|\d{3,})$/m,
    );
    expect(metrics).toMatch(/^netward_snapshot_ok 1$/m);
    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);
  });

  it("takes kernel LOG lines over syslog (UDP) and counts their denials in /metrics", async () => {
    const s = shopServer("data4", "--syslog-udp", "0");
    await s.until("listening for syslog", () => /syslog \(kernel LOG lines\) on udp\/\d+/.test(s.out.stdout));
    const udpPort = Number(/on udp\/(\d+)/.exec(s.out.stdout)![1]);
    const lines = readFileSync(join(repoRoot, "examples/flows/kernel-log/syslog-3164.log"), "utf8")
      .split("\n")
      .filter((l) => l.includes("calico-packet"));
    const socket = createSocket("udp4");
    for (const line of lines) await new Promise((r) => socket.send(`<4>${line}`, udpPort, "127.0.0.1", r));
    socket.close();
    await s.until("the denials in /metrics", async () =>
      /^calico_denied_packets\{policy="default\|shop\/default-deny-all\|-1\|deny",srcIP="10\.244\.1\.37",instance="node-b"\} 3$/m.test(
        await (await fetch(`${s.url()}metrics`)).text(),
      ),
    );
    const metrics = await (await fetch(`${s.url()}metrics`)).text();
    expect(metrics).toMatch(/^netward_ingested_records_total\{format="kernel-log"\} 4$/m);
    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);
  });

  it("follows flow files as they grow into the store and /metrics", async () => {
    const log = join(dir, "follow.jsonl");
    const lines = readFileSync(join(repoRoot, "examples/flows/netward/flows.jsonl"), "utf8")
      .trim()
      .split("\n");
    writeFileSync(log, `${lines.slice(0, 10).join("\n")}\n`);
    const s = shopServer("data5", "--follow", log);
    await s.until("listening", () => s.url() !== "");
    const ingested = async () =>
      Number(
        /^netward_ingested_records_total\{format="netward-jsonl"\} (\d+)$/m.exec(
          await (await fetch(`${s.url()}metrics`)).text(),
        )?.[1] ?? 0,
      );
    await s.until("the first 10 records", async () => (await ingested()) === 10);
    writeFileSync(log, `${lines.join("\n")}\n`);
    await s.until("all the records", async () => (await ingested()) === lines.length);
    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);
  });
});
