// Schemas and cross-field rules for Calico policies: (Global)NetworkPolicy and the three staged kinds.
import { array, bool, number, object, oneOf, string, type Check, type Schema } from "../../schema/schema.js";
import type { FieldPath } from "../../schema/path.js";
import { isMapping } from "../../schema/validate.js";
import { selectorCheck } from "../selector-check.js";
import { labelSelector, resource } from "./k8s-meta.js";
import { k8sPolicySpec } from "./k8s-netpol.js";
import { rules } from "./calico-rule.js";
import { calicoMeta, tierNameCheck } from "./calico-names.js";

type Obj = Readonly<Record<string, unknown>>;

/** Reports the repeats in a list (Calico rejects repeated types and performanceHints). */
const noRepeats: Check<readonly unknown[]> = (list, path, ctx) => {
  list.forEach((t, i) => {
    if (list.indexOf(t) !== i)
      ctx.report(
        { code: "invalid-value", message: `${String(t)} is listed twice`, fix: "remove the repeat" },
        [...path, i],
      );
  });
};

const types = array(oneOf("Ingress", "Egress"), noRepeats);

/** `tier: ""` means the default tier (the field is `omitempty`); any other value must be a tier name. */
const tierField = string((name, path, ctx) => {
  if (name !== "") tierNameCheck(name, path, ctx);
});

const stagedAction = oneOf("Set", "Delete", "Learn", "Ignore");

const stagedActionRule: Check<Obj> = (spec, path, ctx) => {
  const action = spec["stagedAction"];
  if (action === "Learn" || action === "Ignore") {
    ctx.report(
      {
        code: "uncertain-semantics",
        severity: "warning",
        message: `stagedAction ${action} is a Calico Enterprise feature; netward treats the policy as not staged for preview`,
      },
      [...path, "stagedAction"],
    );
  }
};

const namespacedFields = {
  tier: tierField,
  order: number,
  selector: string(selectorCheck),
  serviceAccountSelector: string(selectorCheck),
  types,
  ingress: rules("ingress"),
  egress: rules("egress"),
  performanceHints: array(oneOf("AssumeNeededOnEveryNode"), noRepeats),
};

const globalFields = {
  ...namespacedFields,
  namespaceSelector: string(selectorCheck),
  doNotTrack: bool,
  preDNAT: bool,
  applyOnForward: bool,
};

const conflict = (message: string, fix?: string) => ({
  code: "conflicting-fields",
  message,
  ...(fix ? { fix } : {}),
});

/** Calico's rules for host-endpoint policy flags: preDNAT, doNotTrack and applyOnForward. */
const globalRules: Check<Obj> = (spec, path, ctx) => {
  const preDNAT = spec["preDNAT"] === true;
  const doNotTrack = spec["doNotTrack"] === true;
  if (preDNAT && doNotTrack)
    ctx.report(conflict("preDNAT and doNotTrack cannot both be true"), [...path, "preDNAT"], "key");
  if ((preDNAT || doNotTrack) && spec["applyOnForward"] !== true) {
    const which = preDNAT ? "preDNAT" : "doNotTrack";
    ctx.report(
      conflict(`${which} policies must set applyOnForward: true`, "add applyOnForward: true"),
      [...path, which],
      "key",
    );
  }
  if (preDNAT && Array.isArray(spec["egress"]) && spec["egress"].length > 0) {
    ctx.report(
      conflict(
        "preDNAT policies cannot have egress rules",
        "move the egress rules to a policy without preDNAT",
      ),
      [...path, "egress"],
      "key",
    );
  }
  if (preDNAT && Array.isArray(spec["types"]) && spec["types"].includes("Egress")) {
    ctx.report(conflict("preDNAT policies cannot list Egress in types"), [...path, "types"], "key");
  }
  servicesNeedNamespace(spec, path, ctx);
};

/** In a global policy a service is named with its namespace: ingress sources and egress destinations. */
function servicesNeedNamespace(spec: Obj, path: FieldPath, ctx: Parameters<Check<Obj>>[2]): void {
  for (const [direction, side] of [
    ["ingress", "source"],
    ["egress", "destination"],
  ] as const) {
    const list = spec[direction];
    if (!Array.isArray(list)) continue;
    list.forEach((rule: unknown, i) => {
      const entity = isMapping(rule) ? rule[side] : undefined;
      const services = isMapping(entity) ? entity["services"] : undefined;
      if (!isMapping(services)) return;
      const ns = services["namespace"];
      if (ns === undefined || ns === null || ns === "")
        ctx.report(
          {
            code: "missing-field",
            message: "a service in a global policy needs its namespace",
            fix: "add namespace: <the service's namespace>",
          },
          [...path, direction, i, side, "services"],
          "key",
        );
    });
  }
}

/** global() means "not namespaced" only inside a rule's namespaceSelector; Calico rejects it elsewhere. */
const noGlobalSelector: Check<Obj> = (spec, path, ctx) => {
  for (const field of ["selector", "serviceAccountSelector", "namespaceSelector"]) {
    const value = spec[field];
    if (typeof value === "string" && value.includes("global()")) {
      ctx.report(
        {
          code: "invalid-selector",
          message: `global() can only be used in a rule's namespaceSelector, not in spec.${field}`,
        },
        [...path, field],
      );
    }
  }
};

/** Go zero values: what `reflect.DeepEqual` with an empty spec accepts (`""`, `false`, absent). */
const isZero = (value: unknown): boolean =>
  value === null || value === undefined || value === "" || value === false;

/**
 * A staged Delete carries only the name (and tier) of the policy it would delete: every other spec field must
 * be a zero value. `keep` lists the fields that are allowed anyway: `tier`, and `types`, which Calico's client
 * clears before validating a Delete. `emptyMaps` lists struct fields for which `{}` is the zero value.
 */
const deleteIsEmpty =
  (keep: readonly string[], emptyMaps: readonly string[] = []): Check<Obj> =>
  (spec, path, ctx) => {
    if (spec["stagedAction"] !== "Delete") return;
    for (const [field, value] of Object.entries(spec)) {
      if (field === "stagedAction" || keep.includes(field) || isZero(value)) continue;
      if (emptyMaps.includes(field) && isMapping(value) && Object.values(value).every(isZero)) continue;
      ctx.report(
        {
          code: "conflicting-fields",
          message: `a staged policy with stagedAction Delete must not set ${field}`,
          fix: `remove ${field}`,
        },
        [...path, field],
        "key",
      );
    }
  };

const allOf =
  (...checks: Check<Obj>[]): Check<Obj> =>
  (spec, path, ctx) => {
    for (const check of checks) check(spec, path, ctx);
  };

const withStaged = (...checks: Check<Obj>[]): Check<Obj> =>
  allOf(stagedActionRule, deleteIsEmpty(["tier", "types"]), ...checks);

/** projectcalico.org/v3 NetworkPolicy. */
export const calicoNetworkPolicy = resource(object(namespacedFields, { check: noGlobalSelector }), {
  meta: calicoMeta,
});

/** projectcalico.org/v3 GlobalNetworkPolicy. */
export const globalNetworkPolicy = resource(
  object(globalFields, { check: allOf(noGlobalSelector, globalRules) }),
  { meta: calicoMeta },
);

/** Calico's client refuses StagedNetworkPolicies named like the ones it derives from Kubernetes policies. */
const noKnpPrefix: Check<Obj> = (doc, path, ctx) => {
  const name = isMapping(doc["metadata"]) ? doc["metadata"]["name"] : undefined;
  if (typeof name === "string" && name.startsWith("knp.default.")) {
    ctx.report(
      {
        code: "invalid-name",
        message: `a StagedNetworkPolicy cannot be named with the knp.default. prefix (${JSON.stringify(name)})`,
        fix: `rename it to ${name.slice("knp.default.".length).replaceAll(".", "-")}`,
      },
      [...path, "metadata", "name"],
    );
  }
};

/** projectcalico.org/v3 StagedNetworkPolicy. */
export const stagedNetworkPolicy: Schema = {
  ...resource(object({ ...namespacedFields, stagedAction }, { check: withStaged(noGlobalSelector) }), {
    meta: calicoMeta,
  }),
  check: noKnpPrefix,
};

/** projectcalico.org/v3 StagedGlobalNetworkPolicy. */
export const stagedGlobalNetworkPolicy = resource(
  object({ ...globalFields, stagedAction }, { check: withStaged(noGlobalSelector, globalRules) }),
  { meta: calicoMeta },
);

const k8sSpec = k8sPolicySpec.kind === "object" ? k8sPolicySpec.fields : {};

/**
 * projectcalico.org/v3 StagedKubernetesNetworkPolicy: a Kubernetes NetworkPolicy spec plus stagedAction. Calico
 * validates it as the Calico policy it converts to, so repeated policyTypes are rejected here; a Delete must
 * leave every other field at its zero value (an empty podSelector included).
 */
export const stagedKubernetesNetworkPolicy: Schema = resource(
  object(
    { ...k8sSpec, podSelector: labelSelector, policyTypes: types, stagedAction },
    { check: allOf(stagedActionRule, deleteIsEmpty([], ["podSelector"])) },
  ),
);
