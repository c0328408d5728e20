// Reads and writes the `by` clause of an assertion: `<tier>|<policy>[|<rule>]`, `profile`, `failsafe`, `no-policy`.
import { suggest } from "../schema/suggest.js";
import type { ByClause } from "./types.js";

/** A parse result: the value, or what is wrong and, when likely, the fix. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string; fix?: string };

type PolicyName = { staged: boolean; namespace?: string; name: string };

const keywords = ["profile", "failsafe", "no-policy"] as const;
const label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const example = "e.g. by default|shop/allow-web or by security|security.block|0";

function keyword(text: string): Checked<ByClause> {
  const known = keywords.find((k) => k === text);
  if (known !== undefined) return { ok: true, value: { kind: known } };
  const near = suggest(text, keywords);
  if (near !== undefined)
    return { ok: false, error: `unknown by clause ${JSON.stringify(text)}`, fix: `write by ${near}` };
  return {
    ok: false,
    error: `by ${JSON.stringify(text)} names no tier: write by <tier>|<policy>[|<rule>], profile, failsafe or no-policy`,
    fix: text.includes("/") || text.includes(".") ? `write by <tier>|${text}, ${example}` : example,
  };
}

function policyName(text: string): Checked<PolicyName> {
  const staged = text.startsWith("staged:");
  const rest = staged ? text.slice("staged:".length) : text;
  const slash = rest.indexOf("/");
  const namespace = slash < 0 ? undefined : rest.slice(0, slash);
  const name = rest.slice(slash + 1);
  if (namespace !== undefined && name.startsWith("knp.default."))
    return {
      ok: false,
      error: `${JSON.stringify(text)} is Calico's internal name; name Kubernetes policies as written`,
      fix: `write ${staged ? "staged:" : ""}${namespace}/${name.slice("knp.default.".length)}`,
    };
  if ((namespace !== undefined && !label.test(namespace)) || !subdomain.test(name))
    return {
      ok: false,
      error: `${JSON.stringify(text)} is not a policy name: write <namespace>/<name> for a namespaced policy or <name> for a global one, with staged: in front for a staged policy`,
    };
  return { ok: true, value: namespace === undefined ? { staged, name } : { staged, namespace, name } };
}

/** Parses the word after `by`. */
export function parseByClause(text: string): Checked<ByClause> {
  const parts = text.split("|");
  if (parts.length === 1) return keyword(text);
  const [tier = "", policyText = "", rule, ...extra] = parts;
  if (extra.length > 0) return { ok: false, error: `too many | in by ${JSON.stringify(text)}`, fix: example };
  if (!label.test(tier))
    return {
      ok: false,
      error: `${JSON.stringify(tier)} is not a tier name (lower-case letters, digits and -)`,
    };
  const policy = policyName(policyText);
  if (!policy.ok) return policy;
  const value: ByClause = { kind: "policy", tier, ...policy.value };
  if (rule === undefined) return { ok: true, value };
  if (!/^(-1|0|[1-9]\d{0,5})$/.test(rule))
    return {
      ok: false,
      error: `rule index ${JSON.stringify(rule)} must be a number from 0, or -1 for the end of the tier`,
    };
  return { ok: true, value: { ...value, ruleIndex: Number(rule) } };
}

/** Writes a `by` clause back the way parseByClause reads it. */
export function formatByClause(by: ByClause): string {
  if (by.kind !== "policy") return by.kind;
  const name = `${by.staged ? "staged:" : ""}${by.namespace !== undefined ? `${by.namespace}/` : ""}${by.name}`;
  return `${by.tier}|${name}${by.ruleIndex !== undefined ? `|${by.ruleIndex}` : ""}`;
}
