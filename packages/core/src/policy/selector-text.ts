// Effective selectors built exactly as Calico's update processors build them: as strings, then parsed once.
import type { CalicoPolicy, EntityRule } from "../model/calico.js";
import { parseSelector, prefixSelectorLabels, printSelector } from "../selector/index.js";

/** Label Calico puts on namespaced endpoints and sets. */
export const NAMESPACE_LABEL = "projectcalico.org/namespace";
/** Label Calico puts on workload endpoints with their service account. */
export const SERVICE_ACCOUNT_LABEL = "projectcalico.org/serviceaccount";
/** Label Calico puts on workload endpoints with their orchestrator. */
export const ORCHESTRATOR_LABEL = "projectcalico.org/orchestrator";
/** Prefix of namespace labels inherited from the `kns.` profile. */
export const NAMESPACE_PREFIX = "pcns.";
/** Prefix of service account labels inherited from the `ksa.` profile. */
export const SERVICE_ACCOUNT_PREFIX = "pcsa.";

/** Calico's parseSelectorAttachPrefix: parse, prefix every label key, print canonically ("" when invalid). */
function attachPrefix(selector: string, prefix: string): string {
  const parsed = parseSelector(selector);
  return parsed.ok ? printSelector(prefixSelectorLabels(parsed.selector, prefix)) : "";
}

/** Calico's prefixAndAppendSelector: `(current) && prefixed(next)`. */
function prefixAndAppend(current: string, next: string | undefined, prefix: string): string {
  if (!next) return current;
  const prefixed = attachPrefix(next, prefix);
  if (prefixed === "") return current;
  return current !== "" ? `(${current}) && ${prefixed}` : prefixed;
}

const quoted = (value: string) => `'${value}'`;

/** The selector a policy uses to pick its endpoints (namespace, service account and namespaceSelector folded in). */
export function policySelectorText(
  p: Pick<CalicoPolicy, "selector" | "namespace" | "namespaceSelector" | "serviceAccountSelector">,
): string {
  let selector = p.selector;
  if (p.namespace !== undefined) {
    const ns = `${NAMESPACE_LABEL} == ${quoted(p.namespace)}`;
    selector = selector === "" ? ns : `(${selector}) && ${ns}`;
    return prefixAndAppend(selector, p.serviceAccountSelector, SERVICE_ACCOUNT_PREFIX);
  }
  if (p.namespaceSelector) {
    selector = prefixAndAppend(selector, p.namespaceSelector, NAMESPACE_PREFIX).replaceAll(
      "all()",
      `has(${NAMESPACE_LABEL})`,
    );
  }
  if (p.serviceAccountSelector) {
    selector = prefixAndAppend(selector, p.serviceAccountSelector, SERVICE_ACCOUNT_PREFIX).replaceAll(
      "all()",
      `has(${SERVICE_ACCOUNT_LABEL})`,
    );
  }
  return selector;
}

function serviceAccountText(sa: NonNullable<EntityRule["serviceAccounts"]>): string {
  const selector = sa.selector ? attachPrefix(sa.selector, SERVICE_ACCOUNT_PREFIX) : "";
  if (sa.names.length === 0) return selector;
  const parsed = parseSelector(`${SERVICE_ACCOUNT_LABEL} in { ${sa.names.map(quoted).join(", ")} }`);
  const names = parsed.ok ? printSelector(parsed.selector) : "";
  return selector !== "" ? `(${selector}) && (${names})` : names;
}

/**
 * The positive selector of a rule side: its selector and service accounts, scoped to the policy's namespace or
 * to the namespaceSelector whenever any selector field (notSelector included) is present.
 */
export function entitySelectorText(entity: EntityRule, namespace: string | undefined): string {
  let nsSelector = "";
  if (entity.namespaceSelector) {
    nsSelector = attachPrefix(entity.namespaceSelector, NAMESPACE_PREFIX)
      .replaceAll("all()", `has(${NAMESPACE_LABEL})`)
      .replaceAll("global()", `!has(${NAMESPACE_LABEL})`);
  } else if (namespace !== undefined) {
    nsSelector = `${NAMESPACE_LABEL} == ${quoted(namespace)}`;
  }
  const parts = [
    entity.serviceAccounts ? serviceAccountText(entity.serviceAccounts) : "",
    entity.selector ?? "",
  ].filter((s) => s !== "");
  let selector = parts.length === 1 ? parts[0]! : parts.length > 1 ? `(${parts.join(") && (")})` : "";
  if (nsSelector !== "" && (selector !== "" || entity.notSelector || entity.namespaceSelector)) {
    selector = selector !== "" ? `(${nsSelector}) && (${selector})` : nsSelector;
  }
  return selector;
}
