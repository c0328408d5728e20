// Tests for `netward flows show`: flow records explained one a line, filtered, as text or JSON lines, with dmesg boot times.
import { describe, expect, it } from "vitest";
import { netward } from "./cli.testkit.js";

const manifests = ["-m", "examples/shop", "examples/flows/cluster"];

describe("netward flows show", () => {
  it("explains each record: its ends at the record's time, the deciding rule of each side, and drift", () => {
    const r = netward(["flows", "show", "examples/flows/netward/flows.jsonl", ...manifests]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(26);
    expect(lines[0]).toBe(
      "examples/flows/netward/flows.jsonl:1 2025-03-06T14:05:00.000Z pod shop/storefront-6c9d7f-x8k2p -> pod shop/checkout-api-7d9f8b-q2w9z tcp/9090 | reported allow by src | model allow (egress allow by default|knp shop/allow-storefront-egress|rule 0; ingress allow by default|knp shop/allow-checkout-api-ingress|rule 0)",
    );
  });

  it("keeps only drift, or only denials, and writes JSON lines", () => {
    const drift = netward([
      "flows",
      "show",
      "examples/flows/netward/flows.jsonl",
      ...manifests,
      "--only",
      "drift",
    ]);
    expect(
      drift.stdout
        .trim()
        .split("\n")
        .map((l) => l.split(" ")[0]),
    ).toEqual(["examples/flows/netward/flows.jsonl:7", "examples/flows/netward/flows.jsonl:18"]);
    const denied = netward([
      "flows",
      "show",
      "examples/flows/hubble/observe.jsonl",
      ...manifests,
      "--only",
      "denied",
      "-o",
      "jsonl",
    ]);
    const records = denied.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { enforced: { verdict: string }; flow: { origin: { line: number } } });
    expect(records.map((a) => [a.flow.origin.line, a.enforced.verdict])).toEqual([
      [5, "deny"],
      [8, "deny"],
      [9, "deny"],
    ]);
  });

  it("turns dmesg uptimes into times with --boot-time; without it, finds pods as the snapshot has them now", () => {
    const args = ["flows", "show", "examples/flows/kernel-log/dmesg.log", ...manifests];
    const booted = netward([...args, "--boot-time", "2026-11-21T00:00:00Z"]);
    expect(booted.stdout).toMatch(
      /^\S+:3 2026-11-22T01:20:11\.803Z pod shop\/debug-toolbox -> pod shop-data\/session-cache-6d8f7b9c5-wq4zt tcp\/6379 /m,
    );
    const uptime = netward(args);
    expect(uptime.stdout).toMatch(
      /^\S+:3 1970-01-02T01:20:11\.803Z pod shop\/debug-toolbox -> pod shop-data\/session-cache-6d8f7b9c5-wq4zt tcp\/6379 /m,
    );
    expect(netward([...args, "--boot-time", "yesterday"]).stderr).toMatch(/--boot-time must be a time like/);
    expect(netward([...args, "--only", "some"]).code).toBe(2);
  });
});
