// Tests for the engine's tier walk and flow verdicts on small hand-written clusters.
import { describe, expect, it } from "vitest";
import { buildSnapshot } from "../load/build-snapshot.js";
import { loadValues } from "../load/testkit.js";
import { compileSnapshot, evaluateFlow, resolveEndpoint } from "./engine.js";
import type { FlowSpec } from "./types.js";

function engineOf(objects: unknown[]) {
  const loaded = loadValues(objects);
  expect(loaded.issues.filter((i) => i.severity === "error")).toEqual([]);
  return compileSnapshot(buildSnapshot(loaded.objects).snapshot);
}

const pod = (ns: string, name: string, labels: Record<string, string>, ip?: string, extra: object = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: ns, labels },
  spec: { containers: [{ name: "c", ports: [{ name: "http", containerPort: 8080 }] }], ...extra },
  ...(ip ? { status: { podIP: ip } } : {}),
});
const calico = (kind: string, name: string, spec: object, namespace?: string) => ({
  apiVersion: "projectcalico.org/v3",
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
  spec,
});
const tier = (name: string, order: number, defaultAction = "Deny") =>
  calico("Tier", name, { order, defaultAction });
const tcp = (src: string, dst: string, port: number): FlowSpec => {
  const ref = (t: string) =>
    t.includes("/")
      ? { kind: "workload" as const, namespace: t.split("/")[0]!, name: t.split("/")[1]! }
      : { kind: "ip" as const, ip: t };
  return { src: ref(src), dst: ref(dst), protocol: 6, dstPort: port };
};

const cluster = [
  pod("a", "web", { app: "web" }, "10.0.0.1"),
  pod("a", "db", { app: "db" }, "10.0.0.2"),
  pod("b", "other", { app: "other" }, "10.0.0.3"),
];

describe("evaluateFlow", () => {
  it("allows through the kns profile when no policy selects either side", () => {
    const v = evaluateFlow(engineOf(cluster), tcp("a/web", "a/db", 80));
    expect(v.verdict).toBe("allow");
    expect(v.ingress.hits).toEqual([
      { tier: "__PROFILE__", kind: "Profile", name: "kns.a", ruleIndex: 0, action: "allow" },
    ]);
  });

  it("denies at the end of a tier and names every policy of the tier that selected the endpoint", () => {
    const e = engineOf([
      ...cluster,
      tier("security", 10),
      calico("GlobalNetworkPolicy", "security.only-icmp", {
        tier: "security",
        selector: "app == 'db'",
        ingress: [{ action: "Allow", protocol: "ICMP" }],
      }),
      calico(
        "NetworkPolicy",
        "security.log",
        { tier: "security", selector: "all()", ingress: [{ action: "Log" }] },
        "a",
      ),
    ]);
    const v = evaluateFlow(e, tcp("a/web", "a/db", 80));
    expect(v.verdict).toBe("deny");
    expect(v.ingress.hits.map((h) => `${h.name}:${h.ruleIndex}:${h.action}`)).toEqual([
      "security.log:0:log",
      "security.only-icmp:-1:deny",
    ]);
    expect(v.ingress.hits.at(-1)!.selectedBy!.map((p) => p.name)).toEqual([
      "security.log",
      "security.only-icmp",
    ]);
  });

  it("Pass skips to the next tier; a tier with defaultAction Pass never denies at its end", () => {
    const e = engineOf([
      ...cluster,
      tier("first", 1),
      tier("second", 2, "Pass"),
      calico("GlobalNetworkPolicy", "first.pass", {
        tier: "first",
        selector: "app == 'db'",
        ingress: [{ action: "Pass" }, { action: "Deny" }],
      }),
      calico("GlobalNetworkPolicy", "second.nothing", {
        tier: "second",
        selector: "app == 'db'",
        ingress: [{ action: "Deny", protocol: "UDP" }],
      }),
    ]);
    const v = evaluateFlow(e, tcp("a/web", "a/db", 80));
    expect(v.verdict).toBe("allow");
    expect(v.ingress.hits.map((h) => `${h.tier}:${h.ruleIndex}:${h.action}`)).toEqual([
      "first:0:pass",
      "second:-1:pass",
      "__PROFILE__:0:allow",
    ]);
  });

  it("orders policies by order, then by name; a missing order comes last", () => {
    const rules = (action: string) => ({ selector: "app == 'db'", ingress: [{ action }] });
    const e = engineOf([
      ...cluster,
      calico("GlobalNetworkPolicy", "b-allow", { ...rules("Allow"), order: 5 }),
      calico("GlobalNetworkPolicy", "a-deny", { ...rules("Deny"), order: 5 }),
      calico("GlobalNetworkPolicy", "first", rules("Allow")),
    ]);
    expect(evaluateFlow(e, tcp("a/web", "a/db", 80)).ingress.hits[0]!.name).toBe("a-deny");
  });

  it("ignores staged policies when enforcing and evaluates them in their slot when pending", () => {
    const e = engineOf([
      ...cluster,
      calico("StagedGlobalNetworkPolicy", "lockdown", {
        selector: "app == 'db'",
        ingress: [{ action: "Deny" }],
      }),
    ]);
    expect(evaluateFlow(e, tcp("a/web", "a/db", 80)).verdict).toBe("allow");
    const pending = evaluateFlow(e, tcp("a/web", "a/db", 80), { pending: true });
    expect(pending.verdict).toBe("deny");
    expect(pending.ingress.hits[0]).toMatchObject({
      kind: "StagedGlobalNetworkPolicy",
      name: "lockdown",
      ruleIndex: 0,
    });
  });

  it("a staged policy alone in a tier does not end the tier when enforcing", () => {
    const e = engineOf([
      ...cluster,
      calico("StagedGlobalNetworkPolicy", "empty", { selector: "app == 'db'", types: ["Ingress"] }),
    ]);
    expect(evaluateFlow(e, tcp("a/web", "a/db", 80)).verdict).toBe("allow");
    expect(evaluateFlow(e, tcp("a/web", "a/db", 80), { pending: true }).verdict).toBe("deny");
  });

  it("matches selectors by IP, so a network set matches the pods inside its nets", () => {
    const trusted = {
      apiVersion: "projectcalico.org/v3",
      kind: "GlobalNetworkSet",
      metadata: { name: "trusted", labels: { trust: "yes" } },
      spec: { nets: ["10.0.0.0/31"] },
    };
    const e = engineOf([
      ...cluster,
      trusted,
      calico("GlobalNetworkPolicy", "only-trusted", {
        selector: "app == 'db'",
        ingress: [{ action: "Allow", source: { selector: "trust == 'yes'" } }],
      }),
    ]);
    expect(evaluateFlow(e, tcp("a/web", "a/db", 80)).verdict).toBe("allow");
    expect(evaluateFlow(e, tcp("b/other", "a/db", 80)).verdict).toBe("deny");
    expect(evaluateFlow(e, tcp("10.0.0.0", "a/db", 80)).verdict).toBe("allow");
  });

  it("resolves named ports on the destination endpoint", () => {
    const e = engineOf([
      ...cluster,
      calico("GlobalNetworkPolicy", "http-only", {
        selector: "app == 'db'",
        ingress: [{ action: "Allow", protocol: "TCP", destination: { ports: ["http"] } }],
      }),
    ]);
    expect(evaluateFlow(e, tcp("a/web", "a/db", 8080)).verdict).toBe("allow");
    expect(evaluateFlow(e, tcp("a/web", "a/db", 8081)).verdict).toBe("deny");
  });

  it("host-networked pods are not Calico endpoints", () => {
    const e = engineOf([
      pod("a", "node-agent", { app: "agent" }, undefined, { hostNetwork: true }),
      ...cluster,
      calico("GlobalNetworkPolicy", "deny-all", { selector: "all()", egress: [{ action: "Deny" }] }),
    ]);
    const v = evaluateFlow(e, tcp("a/node-agent", "10.9.9.9", 443));
    expect(v.verdict).toBe("allow");
    expect(v.egress.reason).toContain("host network");
  });

  it("allows failsafe ports to a host endpoint before any policy", () => {
    const hep = calico("HostEndpoint", "n1-eth0", {
      node: "n1",
      interfaceName: "eth0",
      expectedIPs: ["192.168.0.10"],
    });
    const e = engineOf([
      ...cluster,
      { ...hep, metadata: { name: "n1-eth0", labels: { role: "node" } } },
      calico("GlobalNetworkPolicy", "lock", { selector: "role == 'node'", ingress: [{ action: "Deny" }] }),
    ]);
    const to = (port: number): FlowSpec => ({
      src: { kind: "ip", ip: "203.0.113.5" },
      dst: { kind: "hostendpoint", node: "n1", name: "n1-eth0" },
      protocol: 6,
      dstPort: port,
    });
    expect(evaluateFlow(e, to(22)).ingress.reason).toContain("failsafe");
    expect(evaluateFlow(e, to(22)).verdict).toBe("allow");
    expect(evaluateFlow(e, to(80)).verdict).toBe("deny");
  });

  it("a host endpoint with neither policy nor profile denies", () => {
    const e = engineOf([calico("HostEndpoint", "bare", { node: "n1", interfaceName: "eth1" })]);
    const v = evaluateFlow(e, {
      src: { kind: "ip", ip: "203.0.113.5" },
      dst: { kind: "hostendpoint", node: "n1", name: "bare" },
      protocol: 6,
      dstPort: 80,
    });
    expect(v.ingress).toMatchObject({ verdict: "deny", reason: "no policy and no profile" });
  });

  it("suggests the closest endpoint name", () => {
    expect(resolveEndpoint(engineOf(cluster), { kind: "workload", namespace: "a", name: "wbe" })).toEqual({
      ok: false,
      error: "no pod or workload a/wbe in the loaded manifests; did you mean a/web?",
    });
  });
});

describe("forwarded traffic through a host endpoint", () => {
  const hep = {
    apiVersion: "projectcalico.org/v3",
    kind: "HostEndpoint",
    metadata: { name: "n1-eth0", labels: { role: "node" } },
    spec: { node: "n1", interfaceName: "eth0", expectedIPs: ["192.168.0.10"] },
  };
  const via = { kind: "hostendpoint" as const, node: "n1", name: "n1-eth0" };
  const inbound = (port: number): FlowSpec => ({
    src: { kind: "ip", ip: "203.0.113.5" },
    dst: { kind: "workload", namespace: "a", name: "web" },
    protocol: 6,
    dstPort: port,
    via,
  });

  it("is allowed when no applyOnForward policy selects the host endpoint", () => {
    const e = engineOf([
      ...cluster,
      hep,
      calico("GlobalNetworkPolicy", "host-only", {
        selector: "role == 'node'",
        ingress: [{ action: "Deny" }],
      }),
    ]);
    const v = evaluateFlow(e, inbound(80));
    expect(v.forward).toMatchObject({
      direction: "ingress",
      hostEndpoint: "hep:n1/n1-eth0",
      verdict: "allow",
    });
    expect(v.verdict).toBe("allow");
  });

  it("meets pre-DNAT policy first: a Deny there denies, an Allow skips the forward policies", () => {
    const e = engineOf([
      ...cluster,
      hep,
      calico("GlobalNetworkPolicy", "pre", {
        selector: "role == 'node'",
        preDNAT: true,
        applyOnForward: true,
        ingress: [
          { action: "Deny", protocol: "TCP", destination: { ports: [22] } },
          { action: "Allow", protocol: "TCP", destination: { ports: [443] } },
        ],
      }),
      calico("GlobalNetworkPolicy", "fwd", {
        selector: "role == 'node'",
        applyOnForward: true,
        ingress: [{ action: "Allow", protocol: "TCP", destination: { ports: [80] } }],
      }),
    ]);
    expect(evaluateFlow(e, inbound(22)).forward).toMatchObject({
      verdict: "deny",
      hits: [{ name: "pre", ruleIndex: 0 }],
    });
    expect(evaluateFlow(e, inbound(443)).forward).toMatchObject({
      verdict: "allow",
      hits: [{ name: "pre", ruleIndex: 1 }],
    });
    const forwarded = evaluateFlow(e, inbound(80)).forward!;
    expect(forwarded.verdict).toBe("allow");
    expect(forwarded.hits.map((h) => `${h.name}:${h.ruleIndex}:${h.action}`)).toEqual([
      "pre:-1:pass",
      "fwd:0:allow",
    ]);
    const denied = evaluateFlow(e, inbound(8080)).forward!;
    expect(denied.verdict).toBe("deny");
    expect(denied.hits.at(-1)).toMatchObject({ name: "fwd", ruleIndex: -1, action: "deny" });
    expect(evaluateFlow(e, inbound(8080)).verdict).toBe("deny");
  });

  it("applies the forward egress policy to traffic leaving the node from a pod", () => {
    const e = engineOf([
      ...cluster,
      hep,
      calico("GlobalNetworkPolicy", "egress-fwd", {
        selector: "role == 'node'",
        applyOnForward: true,
        egress: [{ action: "Deny", destination: { nets: ["198.51.100.0/24"] } }, { action: "Allow" }],
      }),
    ]);
    const out = (ip: string): FlowSpec => ({
      src: { kind: "workload", namespace: "a", name: "web" },
      dst: { kind: "ip", ip },
      protocol: 6,
      dstPort: 443,
      via,
    });
    expect(evaluateFlow(e, out("198.51.100.7")).forward).toMatchObject({
      direction: "egress",
      verdict: "deny",
    });
    expect(evaluateFlow(e, out("192.0.2.7")).verdict).toBe("allow");
  });
});

describe("profiles", () => {
  it("a profile Deny or Pass rule denies, with a warning that dataplanes differ", () => {
    const hep = calico("HostEndpoint", "h", { node: "n1", interfaceName: "eth1", profiles: ["edge"] });
    const profile = calico("Profile", "edge", {
      ingress: [{ action: "Pass", protocol: "UDP" }, { action: "Allow" }],
    });
    const e = engineOf([hep, profile]);
    const to = (protocol: number): FlowSpec => ({
      src: { kind: "ip", ip: "203.0.113.5" },
      dst: { kind: "hostendpoint", node: "n1", name: "h" },
      protocol,
      dstPort: 80,
    });
    const udp = evaluateFlow(e, to(17));
    expect(udp.verdict).toBe("deny");
    expect(udp.uncertain).toEqual([
      "profile edge rule 0 Pass: dataplanes differ on Pass in profiles; netward treats it as deny",
    ]);
    expect(evaluateFlow(e, to(6)).verdict).toBe("allow");
  });
});
