// Tests for `netward preview --flows`: stored flows replayed against staged policies, grouped by the policy that changes them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { netward } from "./cli.testkit.js";

const dir = mkdtempSync(join(tmpdir(), "netward-preview-flows-"));
const data = join(dir, "data");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const manifests = ["examples/shop", "examples/flows/cluster"];
const staged = [...manifests, "examples/flows/staged"];

beforeAll(() => {
  const ingest = netward([
    "flows",
    "ingest",
    "examples/flows/calico-flowlog/flows.log",
    "examples/flows/netward/flows.jsonl",
    "-m",
    ...manifests,
    "--data",
    data,
  ]);
  expect(ingest.code, ingest.stderr).toBe(0);
});

describe("netward preview --flows", () => {
  it("lists the stored flows each staged policy would change, and exits 1", () => {
    const r = netward(["preview", "--flows", ...staged, "--data", data]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(
      /^\d+ stored records replayed with the staged policies enforced: 3 records would change$/m,
    );
    expect(r.stdout).toMatch(
      /^default\|shop\/default\.allow-toolbox-to-orders-db\|0\|allow: 3 flows would be allowed$/m,
    );
    expect(r.stdout).toMatch(
      /^ {2}\S+ 10\.244\.1\.37 -> 10\.244\.1\.15 tcp\/5432 {2}2 flows {2}deny -> allow$/m,
    );
    expect(r.stdout).toMatch(/^default\|shop\/default\.no-dns-over-tcp\|0\|deny: 2 flows would be denied$/m);
    expect(r.stdout).toMatch(
      /^ {2}\S+ shop\/checkout-api-7d9f8b-\* -> kube-system\/coredns-76f75df574-\* tcp\/53 {2}2 flows {2}allow -> deny$/m,
    );
    expect(r.stdout).toMatch(
      /^Not replayed:\n {2}20 flows \(1 record\): source node-b-eth0 is not in the manifests$/m,
    );
  });

  it("exits 0 when nothing is staged, and narrows by filter", () => {
    const none = netward(["preview", "--flows", ...manifests, "--data", data]);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toMatch(/replayed with the staged policies enforced: no verdict would change/);
    const dns = netward([
      "preview",
      "--flows",
      ...staged,
      "--data",
      data,
      "--filter",
      "dest_port = 53",
      "-o",
      "json",
    ]);
    expect(dns.code).toBe(1);
    const json = JSON.parse(dns.stdout) as { groups: { policy: string; denied: number }[] };
    expect(json.groups.map((g) => [g.policy, g.denied])).toEqual([
      ["default|shop/default.no-dns-over-tcp|0|deny", 2],
    ]);
  });

  it("writes Markdown for a pull request, and refuses a bad filter or format", () => {
    const md = netward(["preview", "--flows", ...staged, "--data", data, "-o", "md"]);
    expect(md.stdout).toMatch(
      /^\*\*default\\\|shop\/default\.no-dns-over-tcp\\\|0\\\|deny\*\*: 2 flows would be denied$/m,
    );
    expect(md.stdout).toMatch(/^\| bucket \| flow \| flows \| now \| staged \|$/m);
    const bad = netward(["preview", "--flows", ...staged, "--data", data, "--filter", "dst_prt = 53"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--filter, column 1: unknown field dst_prt/);
    expect(netward(["preview", "--flows", ...staged, "--data", data, "-o", "dot"]).code).toBe(2);
  });
});
