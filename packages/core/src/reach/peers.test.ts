// Tests for which ends reachability reports: workloads with their pods folded in, or every pod.
import { describe, expect, it } from "vitest";
import { compileSnapshot } from "../eval/engine.js";
import { buildSnapshot } from "../load/build-snapshot.js";
import { loadValues } from "../load/testkit.js";
import { endpointPeers, peerLabel } from "./peers.js";

const meta = (name: string, extra: object = {}) => ({ name, namespace: "shop", ...extra });
const owner = (kind: string, name: string) => ({
  ownerReferences: [{ kind, name, controller: true, apiVersion: "v1", uid: "u" }],
});
const template = { metadata: { labels: { app: "api" } }, spec: { containers: [{ name: "c" }] } };
const pod = (name: string, labels: object, more: object = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: meta(name, { labels, ...more }),
  spec: { containers: [{ name: "c" }] },
});

function peers(mode: "workload" | "pod") {
  const loaded = loadValues([
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta("api"),
      spec: { selector: { matchLabels: { app: "api" } }, template },
    },
    {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: meta("api-5d8f", owner("Deployment", "api")),
      spec: { selector: { matchLabels: { app: "api" } }, template },
    },
    pod("api-5d8f-abcde", { app: "api", "pod-template-hash": "5d8f" }, owner("ReplicaSet", "api-5d8f")),
    pod("web-7c9b-xyz12", { app: "web", "pod-template-hash": "7c9b" }, owner("ReplicaSet", "web-7c9b")),
    pod("web-7c9b-aaaaa", { app: "web", "pod-template-hash": "7c9b" }, owner("ReplicaSet", "web-7c9b")),
    pod("job-run-1", { app: "job" }, owner("Job", "nightly")),
    pod("debug", { app: "debug" }),
    {
      apiVersion: "projectcalico.org/v3",
      kind: "WorkloadEndpoint",
      metadata: meta("node1-k8s-api--5d8f--zzzzz-eth0", {
        labels: { app: "api", "pod-template-hash": "5d8f" },
      }),
      spec: {
        node: "node1",
        orchestrator: "k8s",
        pod: "api-5d8f-zzzzz",
        endpoint: "eth0",
        interfaceName: "cali0",
        ipNetworks: ["10.0.0.9/32"],
      },
    },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta("idle"),
      spec: { selector: { matchLabels: { app: "api" } }, template },
    },
  ]);
  const { snapshot } = buildSnapshot(loaded.objects);
  return endpointPeers(compileSnapshot(snapshot), mode).map(
    (p) =>
      `${peerLabel(p.peer)} <- ${p.entry?.name}${p.entry?.workload ? "" : p.workload ? ` (of ${p.workload})` : ""}`,
  );
}

describe("reported ends", () => {
  it("folds pods, ReplicaSets and calicoctl workload endpoints into their Deployment, and groups pods of undeclared owners", () => {
    expect(peers("workload")).toEqual([
      "shop/api [Deployment] <- shop/api",
      "shop/web [Deployment] <- shop/web-7c9b-aaaaa",
      "shop/nightly [Job] <- shop/job-run-1",
      "shop/debug [Pod] <- shop/debug",
      "shop/idle [Deployment] <- shop/idle",
    ]);
  });

  it("lists every pod per pod, and workloads only when none of their pods is loaded", () => {
    expect(peers("pod")).toEqual([
      "shop/api-5d8f-abcde <- shop/api-5d8f-abcde",
      "shop/web-7c9b-xyz12 <- shop/web-7c9b-xyz12",
      "shop/web-7c9b-aaaaa <- shop/web-7c9b-aaaaa",
      "shop/job-run-1 <- shop/job-run-1",
      "shop/debug <- shop/debug",
      "shop/idle [Deployment] <- shop/idle",
      "shop/api-5d8f-zzzzz <- shop/api-5d8f-zzzzz (of shop/api)",
    ]);
  });
});
