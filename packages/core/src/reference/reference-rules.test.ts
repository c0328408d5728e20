// The reference evaluator's rule matching on hand-built snapshots: effective selectors and criteria (SEMANTICS §4).
import { describe, expect, it } from "vitest";
import type { CalicoPolicy, CalicoRule, EntityRule } from "../model/calico.js";
import type { FlowSpec } from "../eval/types.js";
import { referenceVerdict } from "./reference.js";
import { calicoPolicy, cluster, flow, pod, rule } from "./testkit.js";

const red = { name: "red", labels: { team: "red", "kubernetes.io/metadata.name": "red" }, declared: true };
const blue = {
  name: "blue",
  labels: { team: "blue", "kubernetes.io/metadata.name": "blue" },
  declared: true,
};
const http = { name: "http", protocol: "TCP" as const, port: 8080 };
const workloads = [
  pod("red/a", { app: "a" }, { ips: ["10.0.0.1", "fd00::1"], serviceAccount: "sa-1" }),
  pod(
    "red/b",
    { app: "b" },
    { ips: ["10.0.0.2", "fd00::2"], ports: [http, { name: "dns", protocol: "UDP", port: 53 }] },
  ),
  pod("blue/a", { app: "a" }, { ips: ["10.0.0.3", "fd00::3"] }),
  pod("blue/b", { app: "b" }, { ips: ["10.0.0.4"], ports: [{ ...http, port: 9090 }] }),
];
const sets = [
  {
    kind: "GlobalNetworkSet" as const,
    name: "g",
    labels: { app: "a" },
    nets: ["192.168.0.0/16", "10.0.0.2/32"],
    source: workloads[0]!.source,
  },
];

/** Ingress verdict at `dst` with one policy holding one ingress rule (namespaced in `red` unless global). */
function ingress(r: CalicoRule, f: FlowSpec, more: Partial<CalicoPolicy> = {}, global = false): string {
  const p = calicoPolicy(global ? "p" : "red/p", { ingress: [r], ...more });
  const s = cluster({ namespaces: [red, blue], workloads, networkSets: sets, calicoPolicies: [p] });
  return referenceVerdict(s, f).ingress;
}

describe("effective selectors (§4)", () => {
  it("scopes a namespaced policy and its rule selectors to its namespace", () => {
    const r = rule("Allow", { source: { selector: "app == 'a'" } });
    expect(ingress(r, flow("red/a", "red/b"))).toBe("allow");
    expect(ingress(r, flow("blue/a", "red/b"))).toBe("deny");
    expect(ingress(r, flow("red/a", "blue/b"))).toBe("allow");
    expect(ingress(r, flow("blue/a", "red/b"), {}, true)).toBe("allow");
  });

  it("prefixes rule namespaceSelectors with pcns., and reads all() and global() as namespaced or not", () => {
    const from = (namespaceSelector: string, src: string): string =>
      ingress(rule("Allow", { source: { namespaceSelector, selector: "app == 'a'" } }), flow(src, "red/b"));
    expect(from("team == 'blue'", "blue/a")).toBe("allow");
    expect(from("team == 'blue'", "red/a")).toBe("deny");
    expect(from("all()", "blue/a")).toBe("allow");
    expect(from("global()", "blue/a")).toBe("deny");
    expect(from("global()", "192.168.1.1")).toBe("allow");
  });

  it("does not limit a rule with only nets to the policy's namespace", () => {
    expect(ingress(rule("Allow", { source: { nets: ["10.0.0.0/24"] } }), flow("blue/a", "red/b"))).toBe(
      "allow",
    );
  });

  it("evaluates notSelector cluster-wide, and folds it into the positive selector when there is one", () => {
    const only = rule("Allow", { source: { notSelector: "app == 'a'" } });
    expect(ingress(only, flow("red/b", "red/b"))).toBe("allow");
    expect(ingress(only, flow("red/a", "red/b"))).toBe("deny");
    expect(ingress(only, flow("blue/b", "red/b"))).toBe("deny");
    const globalOnly = rule("Allow", { source: { notSelector: "app == 'a'" } });
    expect(ingress(globalOnly, flow("8.8.8.8", "red/b"), {}, true)).toBe("allow");
    expect(ingress(globalOnly, flow("192.168.1.1", "red/b"), {}, true)).toBe("deny");
    expect(ingress(globalOnly, flow("10.0.0.2", "red/a"), {}, true)).toBe("deny");
    const folded = rule("Allow", { source: { selector: "app == 'b'", notSelector: "app == 'a'" } });
    expect(ingress(folded, flow("10.0.0.2", "red/a"), {}, true)).toBe("allow");
  });

  it("selects with a GNP namespaceSelector and with serviceAccountSelector at policy level", () => {
    const allowAll = rule("Allow");
    const denyAll = { ...calicoPolicy("d", { ingress: [rule("Deny")], order: 2 }) };
    const verdict = (p: CalicoPolicy, dst: string): string =>
      referenceVerdict(
        cluster({ namespaces: [red, blue], workloads, calicoPolicies: [p, denyAll] }),
        flow("8.8.8.8", dst),
      ).ingress;
    const byNamespace = calicoPolicy("n", {
      namespaceSelector: "team == 'red'",
      ingress: [allowAll],
      order: 1,
    });
    expect(verdict(byNamespace, "red/b")).toBe("allow");
    expect(verdict(byNamespace, "blue/b")).toBe("deny");
    const byAccount = calicoPolicy("s", {
      serviceAccountSelector: "projectcalico.org/name == 'sa-1'",
      ingress: [allowAll],
      order: 1,
    });
    expect(verdict(byAccount, "red/a")).toBe("allow");
    expect(verdict(byAccount, "red/b")).toBe("deny");
  });

  it("matches serviceAccounts by name and by the pcsa. selector", () => {
    expect(
      ingress(rule("Allow", { source: { serviceAccounts: { names: ["sa-1"] } } }), flow("red/a", "red/b")),
    ).toBe("allow");
    expect(
      ingress(rule("Allow", { source: { serviceAccounts: { names: ["sa-2"] } } }), flow("red/a", "red/b")),
    ).toBe("deny");
    const bySelector = rule("Allow", {
      source: { serviceAccounts: { names: [], selector: "projectcalico.org/name == 'sa-1'" } },
    });
    expect(ingress(bySelector, flow("red/a", "red/b"))).toBe("allow");
  });
});

describe("rule criteria (§4)", () => {
  it("matches nets and notNets in the flow's family only", () => {
    const nets = rule("Allow", { source: { nets: ["10.0.0.0/30"] } });
    expect(ingress(nets, flow("10.0.0.1", "red/b"))).toBe("allow");
    expect(ingress(nets, flow("fd00::1", "red/b"))).toBe("deny");
    const notV6 = rule("Allow", { source: { notNets: ["fd00::/64"] } });
    expect(ingress(notV6, flow("fd00::3", "red/b"))).toBe("deny");
    expect(ingress(notV6, flow("10.0.0.3", "red/b"))).toBe("deny");
    const mixed = rule("Allow", { source: { nets: ["10.0.0.0/30", "fd00::/126"] } });
    expect(ingress(mixed, flow("fd00::1", "red/b"))).toBe("allow");
  });

  it("uses the pod's address of the flow's family, IPv4 first", () => {
    const v6 = rule("Allow", { ipVersion: 6 });
    expect(ingress(v6, flow("red/a", "red/b"))).toBe("deny");
    expect(ingress(v6, flow("fd00::1", "red/b"))).toBe("allow");
    expect(ingress(rule("Allow", { ipVersion: 6 }), flow("blue/a", "red/b"))).toBe("deny");
  });

  it("matches numeric ports, ranges, numeric strings and notPorts", () => {
    const to = (ports: (number | string)[], notPorts: (number | string)[], dstPort: number): string =>
      ingress(
        rule("Allow", { protocol: "TCP", destination: { ports, notPorts } }),
        flow("red/a", "red/b", { dstPort }),
      );
    expect(to([80], [], 80)).toBe("allow");
    expect(to(["8000:8100"], [], 8080)).toBe("allow");
    expect(to(["443"], [], 443)).toBe("allow");
    expect(to([], ["1:1000"], 80)).toBe("deny");
    expect(to([], ["1:1000"], 8080)).toBe("allow");
  });

  it("resolves named ports on endpoints with the destination address that match the positive selector", () => {
    const named = (destination: Partial<EntityRule>, dst: string, dstPort: number, protocol = 6): string =>
      ingress(
        rule("Allow", {
          protocol: protocol === 17 ? "UDP" : "TCP",
          destination: { ports: ["http", "dns"], ...destination },
        }),
        flow("red/a", dst, { dstPort, protocol }),
        {},
        true,
      );
    expect(named({}, "red/b", 8080)).toBe("allow");
    expect(named({}, "red/b", 80)).toBe("deny");
    expect(named({}, "blue/b", 9090)).toBe("allow");
    expect(named({ selector: "app == 'a'" }, "red/b", 8080)).toBe("deny");
    expect(named({}, "red/b", 53, 17)).toBe("allow");
    expect(named({}, "red/b", 53)).toBe("deny");
    const notNamed = rule("Allow", { protocol: "TCP", destination: { notPorts: ["http"] } });
    expect(ingress(notNamed, flow("red/a", "red/b", { dstPort: 8080 }))).toBe("deny");
    expect(ingress(notNamed, flow("red/a", "red/b", { dstPort: 81 }))).toBe("allow");
  });

  it("matches protocol and notProtocol by name or number", () => {
    expect(ingress(rule("Allow", { protocol: "TCP" }), flow("red/a", "red/b"))).toBe("allow");
    expect(ingress(rule("Allow", { protocol: "6" }), flow("red/a", "red/b"))).toBe("allow");
    expect(ingress(rule("Allow", { protocol: 17 }), flow("red/a", "red/b"))).toBe("deny");
    expect(ingress(rule("Allow", { notProtocol: "TCP" }), flow("red/a", "red/b"))).toBe("deny");
    expect(ingress(rule("Allow", { notProtocol: 132 }), flow("red/a", "red/b"))).toBe("allow");
  });

  it("matches icmp and notICMP type and code", () => {
    const ping = flow("red/a", "red/b", { protocol: 1, icmpType: 8, icmpCode: 0 });
    expect(ingress(rule("Allow", { protocol: "ICMP", icmp: { type: 8 } }), ping)).toBe("allow");
    expect(ingress(rule("Allow", { protocol: "ICMP", icmp: { type: 8, code: 1 } }), ping)).toBe("deny");
    expect(ingress(rule("Allow", { protocol: "ICMP", notICMP: { type: 8 } }), ping)).toBe("deny");
    expect(ingress(rule("Allow", { protocol: "ICMP", notICMP: { type: 0 } }), ping)).toBe("allow");
    expect(
      ingress(rule("Allow", { protocol: "ICMPv6", icmp: { type: 128 } }), { ...ping, protocol: 58 }),
    ).toBe("deny");
  });

  it("treats http matches as matching at L3/L4", () => {
    const r = rule("Allow", { http: { methods: ["GET"], paths: [] } });
    expect(ingress(r, flow("red/a", "red/b"))).toBe("allow");
  });
});
