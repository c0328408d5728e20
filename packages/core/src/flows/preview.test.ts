// Tests for policy preview on stored flows: which verdicts staged policies would change, under which policy.
import { dbIngressFrom, engineOf, shopPod } from "./flows.testkit.js";
import { describe, expect, it } from "vitest";
import type { AggregatedFlow } from "./aggregate.js";
import { previewFlows } from "./preview.js";

const staged = (name: string, action: string, from: string) => ({
  apiVersion: "projectcalico.org/v3",
  kind: "StagedNetworkPolicy",
  metadata: { name, namespace: "shop" },
  spec: {
    order: 10,
    selector: "app == 'db'",
    types: ["Ingress"],
    ingress: [
      { action, protocol: "TCP", source: { selector: `app == '${from}'` }, destination: { ports: [5432] } },
    ],
  },
});

const engine = engineOf([
  shopPod("web-7d9f8b-x2k4q", "web", "10.0.0.1"),
  shopPod("debug", "debug", "10.0.0.3"),
  shopPod("db-0", "db", "10.0.0.2"),
  dbIngressFrom("web"),
  staged("default.lockdown", "Deny", "web"),
  staged("default.let-debug", "Allow", "debug"),
]);

const row = (src: string, dst: string, dstPort: number, count: number): AggregatedFlow => ({
  bucket: 0,
  verdict: "allow",
  level: 1,
  src,
  dst,
  dstPort,
  protocol: 6,
  count,
  packets: 0,
  bytes: 0,
  drift: 0,
});

describe("previewFlows", () => {
  const preview = previewFlows(engine, [
    row("10.0.0.1", "10.0.0.2", 5432, 5),
    row("shop/web-7d9f8b-*", "shop/db-0", 5432, 7),
    row("10.0.0.3", "10.0.0.2", 5432, 2),
    row("10.0.0.1", "10.0.0.2", 80, 9),
    row("10.9.9.9", "10.0.0.2", 5432, 1),
    row("pub", "10.0.0.2", 5432, 4),
    row("shop/gone-*", "10.0.0.2", 5432, 3),
  ]);

  it("groups the flows whose verdict changes under the staged policy that changes it, most flows first", () => {
    expect(
      preview.groups.map((g) => [g.policy, g.allowed, g.denied, g.changes.map((c) => c.row.src)]),
    ).toEqual([
      ["default|shop/default.lockdown|0|deny", 0, 12, ["10.0.0.1", "shop/web-7d9f8b-*"]],
      ["default|shop/default.let-debug|0|allow", 2, 0, ["10.0.0.3"]],
    ]);
    const first = preview.groups[0]!.changes[0]!;
    expect([first.enforced.verdict, first.pending.verdict]).toEqual(["allow", "deny"]);
  });

  it("replays what it can and says why it skipped the rest", () => {
    expect(preview.replayed).toBe(5);
    expect(preview.skipped).toEqual([
      { reason: "source aggregated to pub, no address kept", records: 1, flows: 4 },
      { reason: "source shop/gone-* is not in the manifests", records: 1, flows: 3 },
    ]);
  });

  it("finds nothing to change when nothing is staged", () => {
    const plain = engineOf([shopPod("web-1", "web", "10.0.0.1"), shopPod("db-0", "db", "10.0.0.2")]);
    const none = previewFlows(plain, [row("10.0.0.1", "10.0.0.2", 5432, 5)]);
    expect(none).toEqual({ replayed: 1, groups: [], skipped: [] });
  });
});
