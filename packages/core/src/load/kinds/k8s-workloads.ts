// Schemas for every workload kind netward turns into endpoints (Deployment to CronJob), via their pod templates.
import { any, int, object, string, type Check } from "../../schema/schema.js";
import { isMapping } from "../../schema/validate.js";
import { labelSelector, labels, resource } from "./k8s-meta.js";
import { podTemplate } from "./k8s-pod.js";

type Obj = Readonly<Record<string, unknown>>;

const replicas = int(0);
const selectorAndTemplate = { selector: labelSelector, template: podTemplate };

/** The labels of a workload spec's pod template (absent or malformed labels count as none). */
function templateLabels(spec: Obj): Obj {
  const template = isMapping(spec["template"]) ? spec["template"] : {};
  const meta = isMapping(template["metadata"]) ? template["metadata"] : {};
  return isMapping(meta["labels"]) ? meta["labels"] : {};
}

/** Whether a (validated) Kubernetes LabelSelector matches a label set. */
function labelSelectorMatches(selector: Obj, labelSet: Obj): boolean {
  const matchLabels = isMapping(selector["matchLabels"]) ? selector["matchLabels"] : {};
  const expressions = Array.isArray(selector["matchExpressions"]) ? selector["matchExpressions"] : [];
  return (
    Object.entries(matchLabels).every(([k, v]) => labelSet[k] === v) &&
    expressions.every((e: Obj) => {
      const key = String(e["key"]);
      const has = Object.hasOwn(labelSet, key);
      const listed = Array.isArray(e["values"]) && e["values"].includes(labelSet[key]);
      switch (e["operator"]) {
        case "In":
          return has && listed;
        case "NotIn":
          return !has || !listed;
        case "Exists":
          return has;
        default:
          return !has;
      }
    })
  );
}

const doesNotMatch = (kind: string) => ({
  code: "conflicting-fields",
  message: `the ${kind}'s spec.selector does not match its pod template's labels`,
  fix: "make spec.template.metadata.labels carry the labels spec.selector asks for",
});

/**
 * apps/v1 workloads: the selector must be non-empty and match the pod template's labels (Kubernetes
 * `ValidateDeploymentSpec` and its siblings reject "empty selector" and "`selector` does not match template `labels`").
 */
function selectorMatchesTemplate(kind: string): Check<Obj> {
  return (spec, path, ctx) => {
    const selector = spec["selector"];
    if (!isMapping(selector) || !isMapping(spec["template"])) return;
    const matchLabels = isMapping(selector["matchLabels"]) ? Object.keys(selector["matchLabels"]) : [];
    const expressions = Array.isArray(selector["matchExpressions"]) ? selector["matchExpressions"] : [];
    if (matchLabels.length + expressions.length === 0) {
      ctx.report({ code: "invalid-value", message: `an empty selector is invalid for a ${kind}` }, [
        ...path,
        "selector",
      ]);
    } else if (!labelSelectorMatches(selector, templateLabels(spec))) {
      ctx.report(doesNotMatch(kind), [...path, "template", "metadata", "labels"]);
    }
  };
}

const appsRequired = { required: ["selector", "template"] };

/** Deployment. */
export const deployment = resource(
  object(
    {
      replicas,
      ...selectorAndTemplate,
      strategy: any,
      minReadySeconds: any,
      revisionHistoryLimit: any,
      paused: any,
      progressDeadlineSeconds: any,
    },
    { ...appsRequired, check: selectorMatchesTemplate("Deployment") },
  ),
  { specRequired: true },
);

/** StatefulSet. */
export const statefulSet = resource(
  object(
    {
      replicas,
      ...selectorAndTemplate,
      serviceName: string(),
      podManagementPolicy: any,
      updateStrategy: any,
      revisionHistoryLimit: any,
      volumeClaimTemplates: any,
      minReadySeconds: any,
      persistentVolumeClaimRetentionPolicy: any,
      ordinals: any,
    },
    { ...appsRequired, check: selectorMatchesTemplate("StatefulSet") },
  ),
  { specRequired: true },
);

/** DaemonSet. */
export const daemonSet = resource(
  object(
    { ...selectorAndTemplate, updateStrategy: any, minReadySeconds: any, revisionHistoryLimit: any },
    { ...appsRequired, check: selectorMatchesTemplate("DaemonSet") },
  ),
  { specRequired: true },
);

/** ReplicaSet. */
export const replicaSet = resource(
  object(
    { replicas, ...selectorAndTemplate, minReadySeconds: any },
    { ...appsRequired, check: selectorMatchesTemplate("ReplicaSet") },
  ),
  { specRequired: true },
);

/**
 * A ReplicationController's selector (a plain label map) defaults to the template's labels; whichever it ends
 * up as must be non-empty and match the template (Kubernetes `ValidateReplicationControllerSpec`).
 */
const rcSelectorRule: Check<Obj> = (spec, path, ctx) => {
  const selector = isMapping(spec["selector"]) ? spec["selector"] : {};
  const podLabels = templateLabels(spec);
  if (Object.keys(selector).length === 0) {
    if (Object.keys(podLabels).length === 0)
      ctx.report(
        {
          code: "missing-field",
          message: "a ReplicationController needs spec.selector or labels on its pod template",
        },
        path,
        "key",
      );
  } else if (!Object.entries(selector).every(([k, v]) => podLabels[k] === v)) {
    ctx.report(doesNotMatch("ReplicationController"), [...path, "template", "metadata", "labels"]);
  }
};

/** ReplicationController (its selector is a plain label map). */
export const replicationController = resource(
  object(
    { replicas, selector: labels, template: podTemplate, minReadySeconds: any },
    { required: ["template"], check: rcSelectorRule },
  ),
  { specRequired: true },
);

const jobSpecFields = [
  "parallelism",
  "completions",
  "activeDeadlineSeconds",
  "podFailurePolicy",
  "successPolicy",
  "backoffLimit",
  "backoffLimitPerIndex",
  "maxFailedIndexes",
  "manualSelector",
  "ttlSecondsAfterFinished",
  "completionMode",
  "suspend",
  "podReplacementPolicy",
  "managedBy",
];

const jobSpec = object(
  { ...selectorAndTemplate, ...Object.fromEntries(jobSpecFields.map((f) => [f, any])) },
  { required: ["template"] },
);

/** Job. */
export const job = resource(jobSpec, { specRequired: true });

/** CronJob (its pods come from spec.jobTemplate.spec.template). */
export const cronJob = resource(
  object(
    {
      schedule: string(),
      timeZone: any,
      startingDeadlineSeconds: any,
      concurrencyPolicy: any,
      suspend: any,
      jobTemplate: object({ metadata: any, spec: jobSpec }, { required: ["spec"] }),
      successfulJobsHistoryLimit: any,
      failedJobsHistoryLimit: any,
    },
    { required: ["schedule", "jobTemplate"] },
  ),
  { specRequired: true },
);
