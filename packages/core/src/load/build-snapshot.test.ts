// Tests for building the snapshot: API defaults, implied objects, and references between objects.
import { describe, expect, it } from "vitest";
import { loadValues } from "./testkit.js";
import { buildSnapshot } from "./build-snapshot.js";
import type { LoadOptions } from "./loader.js";

function snapshotOf(values: unknown[], options: LoadOptions = {}) {
  const loaded = loadValues(values, options);
  expect(loaded.issues.filter((i) => i.severity === "error")).toEqual([]);
  return buildSnapshot(loaded.objects, options);
}

const calico = (kind: string, name: string, spec: object, namespace?: string) => ({
  apiVersion: "projectcalico.org/v3",
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
  spec,
});
const allow = { action: "Allow" };

describe("buildSnapshot", () => {
  it("defaults Calico types from the rules present, keeping explicit types", () => {
    const { snapshot } = snapshotOf([
      calico("GlobalNetworkPolicy", "none", {}),
      calico("GlobalNetworkPolicy", "in", { ingress: [allow] }),
      calico("GlobalNetworkPolicy", "out", { egress: [allow] }),
      calico("GlobalNetworkPolicy", "both", { ingress: [allow], egress: [allow] }),
      calico("GlobalNetworkPolicy", "explicit", { types: ["Egress"], ingress: [allow] }),
    ]);
    expect(Object.fromEntries(snapshot.calicoPolicies.map((p) => [p.name, p.types]))).toEqual({
      none: ["Ingress"],
      in: ["Ingress"],
      out: ["Egress"],
      both: ["Ingress", "Egress"],
      explicit: ["Egress"],
    });
  });

  it("puts Calico policies without a tier in the default tier and defaults staged actions", () => {
    const { snapshot } = snapshotOf([
      calico("NetworkPolicy", "p", {}, "a"),
      calico("StagedNetworkPolicy", "s", {}, "a"),
    ]);
    expect(snapshot.calicoPolicies.map((p) => [p.tier, p.stagedAction])).toEqual([
      ["default", undefined],
      ["default", "Set"],
    ]);
  });

  it("defaults Kubernetes policyTypes and port protocols, and keeps empty peers and ports meaning all", () => {
    const policy = (name: string, spec: object) => ({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name, namespace: "a" },
      spec,
    });
    const { snapshot } = snapshotOf([
      policy("ingress-only", { ingress: [{}] }),
      policy("with-egress", {
        egress: [{ to: [], ports: [{}, { port: 53, protocol: "UDP" }, { port: "dns" }] }],
      }),
      policy("empty-egress", { egress: [] }),
    ]);
    const [a, b, c] = snapshot.k8sPolicies;
    expect(a!.policyTypes).toEqual(["Ingress"]);
    expect(a!.ingress).toEqual([{ peers: [], ports: [] }]);
    expect(b!.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(b!.egress[0]!.ports).toEqual([
      { protocol: "TCP" },
      { protocol: "UDP", port: 53 },
      { protocol: "TCP", port: "dns" },
    ]);
    expect(c!.policyTypes).toEqual(["Ingress"]);
  });

  it("adds Calico's built-in tiers unless declared, named per version", () => {
    expect(snapshotOf([]).snapshot.tiers.map((t) => `${t.name}:${t.order}:${t.defaultAction}`)).toEqual([
      "adminnetworkpolicy:1000:Pass",
      "default:1000000:Deny",
      "baselineadminnetworkpolicy:10000000:Pass",
    ]);
    expect(snapshotOf([], { calicoVersion: "v3.32" }).snapshot.tiers.map((t) => t.name)).toEqual([
      "kube-admin",
      "default",
      "kube-baseline",
    ]);
    const declared = snapshotOf([calico("Tier", "security", { order: 100 })]).snapshot.tiers;
    expect(declared[0]).toMatchObject({
      name: "security",
      order: 100,
      defaultAction: "Deny",
      builtIn: false,
    });
  });

  it("drops policies in tiers that do not exist, and names the fix", () => {
    const loaded = loadValues([calico("GlobalNetworkPolicy", "security.p", { tier: "security" })]);
    const { snapshot, issues } = buildSnapshot(loaded.objects);
    expect(snapshot.calicoPolicies).toEqual([]);
    expect(issues).toMatchObject([
      {
        code: "unknown-tier",
        severity: "error",
        fix: expect.stringContaining("Tier named security") as string,
      },
    ]);
  });

  it("gives every namespace its kubernetes.io/metadata.name label and infers undeclared ones", () => {
    const { snapshot } = snapshotOf([
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "a", labels: { env: "prod" } } },
      { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "x", namespace: "b" } },
    ]);
    expect(snapshot.namespaces).toMatchObject([
      { name: "a", labels: { env: "prod", "kubernetes.io/metadata.name": "a" }, declared: true },
      { name: "b", labels: { "kubernetes.io/metadata.name": "b" }, declared: false },
    ]);
  });

  it("builds workloads from pod templates, with service accounts, ports and pod IPs", () => {
    const container = {
      name: "c",
      ports: [
        { name: "http", containerPort: 8080 },
        { containerPort: 53, protocol: "UDP" },
      ],
    };
    const template = {
      metadata: { labels: { app: "web" } },
      spec: { serviceAccountName: "web", containers: [container] },
    };
    const { snapshot } = snapshotOf([
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", namespace: "a" },
        spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template },
      },
      {
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: { name: "cron", namespace: "a" },
        spec: { schedule: "* * * * *", jobTemplate: { spec: { template } } },
      },
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          name: "p",
          namespace: "a",
          ownerReferences: [
            { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-1", uid: "u", controller: true },
          ],
        },
        spec: { serviceAccount: "legacy", containers: [{ name: "c" }] },
        status: { podIP: "10.0.0.5", podIPs: [{ ip: "10.0.0.5" }, { ip: "fd00::5" }] },
      },
    ]);
    const [deploy, cron, pod] = snapshot.workloads;
    expect(deploy).toMatchObject({
      labels: { app: "web" },
      serviceAccount: "web",
      replicas: 3,
      ports: [
        { name: "http", port: 8080, protocol: "TCP" },
        { port: 53, protocol: "UDP" },
      ],
    });
    expect(cron).toMatchObject({ kind: "CronJob", labels: { app: "web" }, replicas: 1 });
    expect(pod).toMatchObject({
      serviceAccount: "legacy",
      ips: ["10.0.0.5", "fd00::5"],
      owner: { kind: "ReplicaSet", name: "web-1" },
    });
  });

  it("warns about host endpoints naming undefined profiles", () => {
    const hep = calico("HostEndpoint", "h", {
      node: "n1",
      interfaceName: "eth0",
      profiles: ["missing", "kns.default"],
    });
    expect(snapshotOf([hep]).issues).toMatchObject([{ code: "unknown-profile", severity: "warning" }]);
  });
});
