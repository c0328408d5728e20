// Schemas and cross-field rules for Calico policies: (Global)NetworkPolicy and the three staged kinds.
import { array, bool, number, object, oneOf, string, type Check, type Schema } from "../../schema/schema.js";
import { selectorCheck } from "../selector-check.js";
import { labelSelector, resource } from "./k8s-meta.js";
import { k8sPolicySpec } from "./k8s-netpol.js";
import { rules } from "./calico-rule.js";
import { calicoMeta, tierNameCheck } from "./calico-names.js";

type Obj = Readonly<Record<string, unknown>>;

const types = array(oneOf("Ingress", "Egress"), (list, path, ctx) => {
  list.forEach((t, i) => {
    if (list.indexOf(t) !== i)
      ctx.report({ code: "invalid-value", message: `${String(t)} is listed twice` }, [...path, i]);
  });
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
  tier: string(tierNameCheck),
  order: number,
  selector: string(selectorCheck),
  serviceAccountSelector: string(selectorCheck),
  types,
  ingress: rules("ingress"),
  egress: rules("egress"),
  performanceHints: array(oneOf("AssumeNeededOnEveryNode")),
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
    ctx.report(conflict("preDNAT and doNotTrack cannot both be true"), [...path, "doNotTrack"], "key");
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
};

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

/** A staged Delete carries only the name and tier of the policy it would delete. */
const deleteIsEmpty: Check<Obj> = (spec, path, ctx) => {
  if (spec["stagedAction"] !== "Delete") return;
  for (const [field, value] of Object.entries(spec)) {
    if (field === "stagedAction" || field === "tier" || value === null || value === undefined) continue;
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

const withStaged = (...checks: Check<Obj>[]): Check<Obj> => allOf(stagedActionRule, deleteIsEmpty, ...checks);

/** projectcalico.org/v3 NetworkPolicy. */
export const calicoNetworkPolicy = resource(object(namespacedFields, { check: noGlobalSelector }), {
  meta: calicoMeta,
  specRequired: true,
});

/** projectcalico.org/v3 GlobalNetworkPolicy. */
export const globalNetworkPolicy = resource(
  object(globalFields, { check: allOf(noGlobalSelector, globalRules) }),
  { meta: calicoMeta, specRequired: true },
);

/** projectcalico.org/v3 StagedNetworkPolicy. */
export const stagedNetworkPolicy = resource(
  object({ ...namespacedFields, stagedAction }, { check: withStaged(noGlobalSelector) }),
  {
    meta: calicoMeta,
    specRequired: true,
  },
);

/** projectcalico.org/v3 StagedGlobalNetworkPolicy. */
export const stagedGlobalNetworkPolicy = resource(
  object({ ...globalFields, stagedAction }, { check: withStaged(noGlobalSelector, globalRules) }),
  { meta: calicoMeta, specRequired: true },
);

const k8sSpec = k8sPolicySpec.kind === "object" ? k8sPolicySpec.fields : {};

/** projectcalico.org/v3 StagedKubernetesNetworkPolicy: a Kubernetes NetworkPolicy spec plus stagedAction. */
export const stagedKubernetesNetworkPolicy: Schema = resource(
  object({ ...k8sSpec, podSelector: labelSelector, stagedAction }, { check: withStaged() }),
  { specRequired: true },
);
