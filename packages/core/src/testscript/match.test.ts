// Tests for checking verdicts against assertions: which side and which hit a `by` clause looks at.
import { describe, expect, it } from "vitest";
import type { FlowVerdict, Hit, SideVerdict } from "../eval/types.js";
import { parseByClause } from "./by-clause.js";
import { assertionHolds, sideCause } from "./match.js";

const hit = (
  tier: string,
  ns: string | undefined,
  name: string,
  ruleIndex: number,
  action: Hit["action"],
  kind: Hit["kind"] = ns ? "NetworkPolicy" : "GlobalNetworkPolicy",
): Hit =>
  ns === undefined
    ? { tier, kind, name, ruleIndex, action }
    : { tier, kind, namespace: ns, name, ruleIndex, action };
const side = (verdict: SideVerdict["verdict"], hits: Hit[], reason?: string): SideVerdict =>
  reason === undefined ? { verdict, hits } : { verdict, hits, reason };
const flow = (egress: SideVerdict, ingress: SideVerdict): FlowVerdict => ({
  verdict: egress.verdict === "allow" && ingress.verdict === "allow" ? "allow" : "deny",
  egress,
  ingress,
});
const holds = (expectText: "allow" | "deny", byText: string | undefined, v: FlowVerdict): boolean => {
  if (byText === undefined) return assertionHolds({ expect: expectText }, v);
  const by = parseByClause(byText);
  if (!by.ok) throw new Error(by.error);
  return assertionHolds({ expect: expectText, by: by.value }, v);
};

const profileAllow = side("allow", [hit("__PROFILE__", undefined, "kns.shop", 0, "allow", "Profile")]);
const endOfTier: Hit = {
  ...hit("default", "shop", "db-allow", -1, "deny"),
  selectedBy: [
    { tier: "default", kind: "NetworkPolicy", namespace: "shop", name: "db-allow" },
    { tier: "default", kind: "KubernetesNetworkPolicy", namespace: "shop", name: "default-deny" },
  ],
};

describe("assertionHolds", () => {
  it("compares the verdict when there is no by clause", () => {
    const v = flow(profileAllow, profileAllow);
    expect(holds("allow", undefined, v)).toBe(true);
    expect(holds("deny", undefined, v)).toBe(false);
  });

  it("looks at egress first for deny, then ingress", () => {
    const egressDeny = side("deny", [hit("security", undefined, "security.block", 2, "deny")]);
    const ingressDeny = side("deny", [hit("default", "shop", "x", 0, "deny")]);
    expect(holds("deny", "security|security.block|2", flow(egressDeny, ingressDeny))).toBe(true);
    expect(holds("deny", "security|security.block", flow(egressDeny, ingressDeny))).toBe(true);
    expect(holds("deny", "default|shop/x", flow(egressDeny, ingressDeny))).toBe(false);
    expect(holds("deny", "default|shop/x|0", flow(profileAllow, ingressDeny))).toBe(true);
    expect(holds("deny", "security|security.block|1", flow(egressDeny, ingressDeny))).toBe(false);
  });

  it("accepts either side for allow", () => {
    const policyAllow = side("allow", [hit("default", "shop", "allow-api", 1, "allow")]);
    expect(holds("allow", "default|shop/allow-api|1", flow(profileAllow, policyAllow))).toBe(true);
    expect(holds("allow", "profile", flow(profileAllow, policyAllow))).toBe(true);
    expect(holds("allow", "default|shop/allow-api|1", flow(profileAllow, profileAllow))).toBe(false);
  });

  it("matches an end of tier by every policy that selected the endpoint", () => {
    const v = flow(profileAllow, side("deny", [endOfTier]));
    expect(holds("deny", "default|shop/db-allow", v)).toBe(true);
    expect(holds("deny", "default|shop/default-deny", v)).toBe(true);
    expect(holds("deny", "default|shop/default-deny|-1", v)).toBe(true);
    expect(holds("deny", "default|shop/default-deny|0", v)).toBe(false);
    expect(holds("deny", "default|shop/other", v)).toBe(false);
    expect(holds("deny", "security|shop/db-allow", v)).toBe(false);
  });

  it("tells staged from enforced and global from namespaced policies", () => {
    const staged = side("deny", [hit("default", "dev", "x", 0, "deny", "StagedNetworkPolicy")]);
    expect(holds("deny", "default|staged:dev/x", flow(staged, profileAllow))).toBe(true);
    expect(holds("deny", "default|dev/x", flow(staged, profileAllow))).toBe(false);
    const global = side("deny", [hit("default", undefined, "x", 0, "deny")]);
    expect(holds("deny", "default|x", flow(global, profileAllow))).toBe(true);
    expect(holds("deny", "default|dev/x", flow(global, profileAllow))).toBe(false);
    expect(holds("deny", "default|staged:x", flow(global, profileAllow))).toBe(false);
  });

  it("skips log and pass hits to find the deciding one", () => {
    const s = side("deny", [
      hit("security", undefined, "security.log", 0, "log"),
      hit("platform", undefined, "platform.p", 0, "pass"),
      hit("default", "shop", "d", 1, "deny"),
    ]);
    expect(holds("deny", "default|shop/d|1", flow(s, profileAllow))).toBe(true);
    expect(holds("deny", "platform|platform.p", flow(s, profileAllow))).toBe(false);
    expect(holds("deny", "security|security.log", flow(s, profileAllow))).toBe(false);
  });

  it("names the end of the profiles, failsafes and sides without policy", () => {
    const profileDeny = side("deny", [hit("__PROFILE__", undefined, "host-baseline", -1, "deny", "Profile")]);
    expect(holds("deny", "profile", flow(profileDeny, profileAllow))).toBe(true);
    expect(holds("deny", "no-policy", flow(profileDeny, profileAllow))).toBe(false);
    const failsafe = side("allow", [], "failsafe inbound tcp/22");
    expect(holds("allow", "failsafe", flow(side("allow", [], "not a Calico endpoint"), failsafe))).toBe(true);
    expect(holds("allow", "no-policy", flow(side("allow", [], "not a Calico endpoint"), failsafe))).toBe(
      true,
    );
    expect(holds("allow", "failsafe", flow(profileAllow, profileAllow))).toBe(false);
    const nothing = side("deny", [], "host endpoint with no policy and no profile");
    expect(holds("deny", "no-policy", flow(profileAllow, nothing))).toBe(true);
    expect(holds("deny", "profile", flow(profileAllow, nothing))).toBe(false);
  });
});

describe("assertionHolds with a forwarding host endpoint", () => {
  const forward = (s: SideVerdict): FlowVerdict => ({
    ...flow(profileAllow, side("deny", [hit("default", "web", "deny-all", 0, "deny")])),
    forward: { ...s, direction: "ingress", hostEndpoint: "hep:edge/eth0" },
  });
  it("checks the forwarding side after egress and before ingress", () => {
    const denied = forward(side("deny", [hit("default", undefined, "aof", -1, "deny")]));
    expect(holds("deny", "default|aof", denied)).toBe(true);
    expect(holds("deny", "default|web/deny-all", denied)).toBe(false);
    const passed = forward(side("allow", [hit("default", undefined, "prednat", 0, "allow")]));
    expect(holds("deny", "default|web/deny-all|0", passed)).toBe(true);
  });
  it("accepts the forwarding side's allow", () => {
    const v: FlowVerdict = {
      ...flow(profileAllow, profileAllow),
      forward: {
        ...side("allow", [hit("default", undefined, "prednat", 0, "allow")]),
        direction: "ingress",
        hostEndpoint: "hep:e/x",
      },
    };
    expect(holds("allow", "default|prednat|0", v)).toBe(true);
  });
});

describe("sideCause", () => {
  it("prefers a failsafe reason, then the last hit with the side's action", () => {
    expect(sideCause(side("allow", [hit("t", undefined, "p", 0, "allow")], "Failsafe port"))).toEqual({
      kind: "failsafe",
    });
    const last = hit("t", undefined, "q", 3, "allow");
    expect(sideCause(side("allow", [hit("t", undefined, "p", 0, "log"), last]))).toEqual({
      kind: "hit",
      hit: last,
    });
    expect(sideCause(side("allow", [hit("t", undefined, "p", 0, "pass")]))).toEqual({ kind: "no-policy" });
    const profilePass = hit("__PROFILE__", undefined, "pass-9000", 0, "pass", "Profile");
    expect(sideCause(side("deny", [hit("t", undefined, "p", 0, "pass"), profilePass]))).toEqual({
      kind: "hit",
      hit: profilePass,
    });
  });
});
