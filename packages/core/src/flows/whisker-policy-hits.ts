// Whisker/Goldmane PolicyHits rendered as Calico v3.32 flow-log policy strings, `<index>|<tier>|<kind>:<ns>/<name>|<action>|<rule>`.
import type { Fields } from "./json-fields.js";

/** Goldmane PolicyKind names (as Whisker writes them) -> the v3.32 flow-log kind code. */
export const whiskerKindCodes: Readonly<Record<string, string>> = {
  CalicoNetworkPolicy: "np",
  GlobalNetworkPolicy: "gnp",
  StagedNetworkPolicy: "snp",
  StagedGlobalNetworkPolicy: "sgnp",
  StagedKubernetesNetworkPolicy: "sknp",
  NetworkPolicy: "knp",
  AdminNetworkPolicy: "kanp",
  BaselineAdminNetworkPolicy: "kbanp",
  ClusterNetworkPolicy: "kcnp",
  ClusterNetworkPolicyAdminTier: "kcnp",
  ClusterNetworkPolicyBaselineTier: "kcnp",
  Profile: "pro",
};

const kinds = [...Object.keys(whiskerKindCodes), "EndOfTier"];
const actions = ["allow", "deny", "pass"] as const;

function namePart(h: Fields): string | undefined {
  const kind = h.oneOf("kind", Object.keys(whiskerKindCodes), { required: true });
  const name = h.string("name", { required: true });
  const ns = h.string("namespace", { none: [""] });
  if (kind === undefined || name === undefined) return undefined;
  return `${whiskerKindCodes[kind]}:${ns === undefined ? "" : `${ns}/`}${name}`;
}

/**
 * One hit as a flow-log policy string. An EndOfTier hit is written as the flow log writes an end-of-tier
 * verdict: the name part of the policy that selected the endpoint (its `trigger`), with rule index -1.
 */
function renderHit(h: Fields): string | undefined {
  const kind = h.oneOf("kind", kinds, { required: true });
  const tier = h.string("tier", { required: true });
  const action = h.oneOf("action", actions, { required: true, fold: true });
  const index = h.count("policy_index", true);
  const rule = h.int("rule_index", -2, Number.MAX_SAFE_INTEGER, true);
  if (kind === undefined) return undefined;
  let part: string | undefined;
  if (kind === "EndOfTier") {
    const trigger = h.child("trigger");
    part = trigger
      ? namePart(trigger)
      : h.fail("trigger", "an EndOfTier hit needs the policy that triggered it");
  } else part = namePart(h);
  if (tier === undefined || action === undefined || index === undefined || rule === undefined || !part)
    return undefined;
  return `${index}|${tier}|${part}|${action}|${rule}`;
}

/** The hits of one list (`policies.enforced` or `policies.pending`) as flow-log strings; problems go to the reader. */
export function renderHits(policies: Fields, key: string): string[] {
  const list = policies.value(key);
  if (list === undefined) return [];
  if (!Array.isArray(list)) return policies.fail(key, "expected an array of policy hits") ?? [];
  const out: string[] = [];
  list.forEach((hit, i) => {
    const h = policies.item(key, i, hit);
    const text = h && renderHit(h);
    if (text !== undefined) out.push(text);
  });
  return out;
}
