// Tests for `netward flows ingest` and `netward flows query`: every sample format in, drift found both ways, queries out.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { netward } from "./cli.testkit.js";

const dir = mkdtempSync(join(tmpdir(), "netward-flows-"));
const data = join(dir, "data");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A Calico flow log record between two shop workloads, as the destination reported it. */
const record = (src: string, srcNs: string, dst: string, dstNs: string, action: string) =>
  JSON.stringify({
    start_time: 1_764_000_000,
    end_time: 1_764_000_300,
    source_ip: null,
    source_name: "-",
    source_name_aggr: src,
    source_namespace: srcNs,
    source_port: null,
    source_type: "wep",
    dest_ip: null,
    dest_name: "-",
    dest_name_aggr: dst,
    dest_namespace: dstNs,
    dest_port: 5432,
    dest_type: "wep",
    proto: "tcp",
    action,
    reporter: "dst",
    policies: { enforced_policies: [] },
    bytes_in: 100,
    bytes_out: 100,
    packets_in: 2,
    packets_out: 2,
    num_flows: 1,
    num_flows_started: 1,
    num_flows_completed: 1,
    host: "node-b",
  });

describe("netward flows", () => {
  it("ingests every sample format, detecting it, and reports bad records without losing good ones", () => {
    const samples = [
      "calico-flowlog/flows.log",
      "whisker/flows.jsonl",
      "whisker/list.json",
      "hubble/observe.jsonl",
      "kernel-log/dmesg.log",
      "pcap/loopback.pcap",
      "pcap/two-interfaces.pcapng",
      "netward/flows.jsonl",
    ];
    for (const s of samples) {
      const r = netward(["flows", "ingest", `examples/flows/${s}`, "-m", "examples/shop", "--data", data]);
      expect(r.code, `${s}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(
        /^[1-9]\d* flow records read \(\d+ denied, \d+ drift\), 0 bad records skipped; [1-9]\d* aggregated rows stored/,
      );
    }
    const again = netward(["flows", "ingest", "examples/flows/pcap/loopback.pcap", "--data", data]);
    expect(again.stdout).toMatch(/^0 flow records read .* 1 source already ingested\n$/);
    expect(again.stderr).toBe(
      "examples/flows/pcap/loopback.pcap: already ingested (same content); skipped\n",
    );
    const bad = netward(["flows", "ingest", "examples/flows/calico-flowlog/malformed.log", "--data", data]);
    expect(bad.code).toBe(0);
    expect(bad.stdout).toMatch(/^4 flow records read .* 6 bad records skipped/);
    expect(bad.stderr).toMatch(/malformed\.log:10: error: /);
  });

  it("finds drift both ways: a reported allow the policies deny, and a reported deny they allow", () => {
    const file = join(dir, "drift.log");
    writeFileSync(
      file,
      [
        record("debug-toolbox", "shop", "orders-db-*", "shop-data", "allow"),
        record("checkout-api-*", "shop", "orders-db-*", "shop-data", "deny"),
        record("checkout-api-*", "shop", "orders-db-*", "shop-data", "allow"),
      ].join("\n") + "\n",
    );
    const driftData = join(dir, "drift-data");
    const r = netward(["flows", "ingest", file, "-m", "examples/shop", "--data", driftData]);
    expect(r.stdout).toMatch(/^3 flow records read \(1 denied, 2 drift\)/);
    const q = netward(["flows", "query", "drift > 0", "--data", driftData, "-o", "json"]);
    const rows = JSON.parse(q.stdout) as { verdict: string; src: string; drift: number }[];
    expect(rows.map((x) => [x.verdict, x.src, x.drift]).sort()).toEqual([
      ["allow", "shop/checkout-api-*", 1],
      ["deny", "shop/debug-toolbox", 1],
    ]);
  });

  it("queries with filters, groups and top-N, and refuses bad filters with the column", () => {
    const grouped = netward([
      "flows",
      "query",
      "action = deny",
      "--data",
      data,
      "--group-by",
      "policy",
      "--top",
      "1",
    ]);
    expect(grouped.code).toBe(0);
    expect(grouped.stdout.trim().split("\n")).toHaveLength(1);
    expect(grouped.stdout).toMatch(/^policy=\S+ {2}flows=\d+ packets=\d+ bytes=\d+ drift=\d+$/m);
    const bad = netward(["flows", "query", "dest_nmespace = shop", "--data", data]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/column 1: unknown field dest_nmespace/);
    expect(netward(["flows", "query", "--data", data, "--since", "yesterday"]).code).toBe(2);
    expect(netward(["flows", "ingest", "README.md", "--data", data]).code).toBe(2);
    const missing = netward(["flows", "ingest", "no-such-flows.log", "--data", data]);
    expect([missing.code, missing.stderr]).toEqual([
      2,
      "error: cannot read no-such-flows.log: no such file or directory\n",
    ]);
    const gone = netward(["flows", "show", "no-such.jsonl", "-m", "examples/shop"]);
    expect([gone.code, gone.stderr]).toEqual([
      2,
      "error: cannot read no-such.jsonl: no such file or directory\n",
    ]);
  });

  it("prunes rows older than a duration, and only those", () => {
    const pruneData = join(dir, "prune-data");
    netward(["flows", "ingest", "examples/flows/netward/flows.jsonl", "--data", pruneData]);
    const count = () =>
      (JSON.parse(netward(["flows", "query", "--data", pruneData, "-o", "json"]).stdout) as unknown[]).length;
    const before = count();
    expect(before).toBeGreaterThan(0);
    expect(netward(["flows", "prune", "--older-than", "36500d", "--data", pruneData]).stdout).toMatch(
      /^0 aggregated rows older than /,
    );
    expect(count()).toBe(before);
    expect(netward(["flows", "prune", "--older-than", "1d", "--data", pruneData]).stdout).toMatch(
      new RegExp(`^${before} aggregated rows older than `),
    );
    expect(count()).toBe(0);
    expect(netward(["flows", "prune", "--older-than", "soon", "--data", pruneData]).code).toBe(2);
  });

  it("prunes to a size: a limit the data already fits deletes nothing; a bad size or no limit is a usage error", () => {
    const sizeData = join(dir, "size-data");
    netward(["flows", "ingest", "examples/flows/netward/flows.jsonl", "--data", sizeData]);
    const fits = netward(["flows", "prune", "--max-size", "1GiB", "--data", sizeData]);
    expect(fits.code).toBe(0);
    expect(fits.stdout).toMatch(
      /^0 oldest aggregated rows deleted; the data now takes \d+ bytes \(limit 1073741824\)$/m,
    );
    expect(netward(["flows", "prune", "--max-size", "lots", "--data", sizeData]).code).toBe(2);
    expect(netward(["flows", "prune", "--data", sizeData]).stderr).toMatch(/give --older-than, --max-size/);
  });

  it("reads a folder as every file under it, skipping files that are not flow records", () => {
    const folderData = join(dir, "folder-data");
    const folder = netward(["flows", "ingest", "examples/flows/pcap", "--data", folderData]);
    expect(folder.code, folder.stderr).toBe(0);
    expect(folder.stderr).toMatch(
      /^examples\/flows\/pcap\/README\.md: not a flow file netward reads \(format not recognised\); skipped$/m,
    );
    const files = [
      "any-nano.pcap",
      "loopback-truncated.pcap",
      "loopback.pcap",
      "tun-rawip.pcap",
      "two-interfaces.pcapng",
    ];
    const one = netward([
      "flows",
      "ingest",
      ...files.map((f) => `examples/flows/pcap/${f}`),
      "--data",
      join(dir, "files-data"),
    ]);
    expect(folder.stdout.replace(folderData, "D")).toBe(one.stdout.replace(join(dir, "files-data"), "D"));
    const follow = netward(["flows", "ingest", "--follow", "examples/flows/pcap", "--data", folderData]);
    expect([follow.code, follow.stderr]).toEqual([
      2,
      "error: examples/flows/pcap is a folder; follow its log files themselves (e.g. examples/flows/pcap/flows.log): rotation is handled\n",
    ]);
  });
});
