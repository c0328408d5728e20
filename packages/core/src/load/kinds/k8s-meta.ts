// Schemas shared by every Kubernetes-style object: metadata, labels, annotations, label selectors.
import {
  any,
  array,
  map,
  object,
  oneOf,
  string,
  type Check,
  type ObjectSchema,
  type Schema,
} from "../../schema/schema.js";
import {
  labelKeyCheck,
  labelKeyProblem,
  labelNameProblem,
  labelValueCheck,
  nameCheck,
  subdomainProblem,
} from "../names.js";

/** A label map: qualified keys, short string values. */
export const labels: Schema = map(string(labelValueCheck), labelKeyCheck("key"));

/**
 * Annotation keys are qualified names checked in lower case (Kubernetes `ValidateAnnotations` and Calico's
 * `validateObjectMetaAnnotations` both lower-case the key first), so `Example.com/Owner` is accepted.
 */
const annotationKey: Check<string> = (key, path, ctx) => {
  const why = labelKeyProblem(key.toLowerCase());
  if (why !== undefined)
    ctx.report(
      { code: "invalid-value", message: `annotation key ${JSON.stringify(key)} ${why}` },
      path,
      "key",
    );
};

/** An annotation map: qualified keys, any string values. */
export const annotations: Schema = map(string(), annotationKey);

const requireName: Check<Readonly<Record<string, unknown>>> = (meta, path, ctx) => {
  if (meta["name"] === undefined && meta["generateName"] === undefined) {
    ctx.report({ code: "missing-field", message: "missing required field name" }, path, "key");
  }
};

/** ObjectMeta with the name rule of the kind (most kinds use DNS-1123 subdomains). */
export function objectMeta(
  nameProblem: (name: string) => string | undefined = subdomainProblem,
): ObjectSchema {
  return object(
    {
      name: string(nameCheck(nameProblem)),
      generateName: string(),
      namespace: string(nameCheck(labelNameProblem)),
      labels,
      annotations,
      uid: string(),
      resourceVersion: string(),
      generation: any,
      creationTimestamp: any,
      deletionTimestamp: any,
      deletionGracePeriodSeconds: any,
      ownerReferences: array(
        object({
          apiVersion: string(),
          kind: string(),
          name: string(),
          uid: string(),
          controller: any,
          blockOwnerDeletion: any,
        }),
      ),
      finalizers: array(string()),
      managedFields: any,
      selfLink: string(),
    },
    { check: requireName },
  );
}

const operators = ["In", "NotIn", "Exists", "DoesNotExist"];

const expressionValues: Check<Readonly<Record<string, unknown>>> = (expr, path, ctx) => {
  const values = expr["values"];
  const count = Array.isArray(values) ? values.length : 0;
  const op = String(expr["operator"]);
  if ((op === "In" || op === "NotIn") && count === 0) {
    ctx.report(
      { code: "missing-field", message: `operator ${op} needs at least one value in values` },
      path,
      "key",
    );
  }
  if ((op === "Exists" || op === "DoesNotExist") && count > 0) {
    ctx.report(
      { code: "conflicting-fields", message: `operator ${op} takes no values`, fix: "remove values" },
      [...path, "values"],
      "key",
    );
  }
};

/** A Kubernetes LabelSelector (matchLabels and matchExpressions). */
export const labelSelector: Schema = object({
  matchLabels: labels,
  matchExpressions: array(
    object(
      {
        key: string(labelKeyCheck("value")),
        operator: oneOf(...operators),
        values: array(string(labelValueCheck)),
      },
      { required: ["key", "operator"], check: expressionValues },
    ),
  ),
});

/** The top level of a Kubernetes-style object whose `spec` follows `spec`. */
export function resource(
  spec: Schema,
  options: { meta?: ObjectSchema; specRequired?: boolean; extra?: Record<string, Schema> } = {},
): ObjectSchema {
  return object(
    {
      apiVersion: string(),
      kind: string(),
      metadata: options.meta ?? objectMeta(),
      spec,
      status: any,
      ...options.extra,
    },
    { required: options.specRequired ? ["metadata", "spec"] : ["metadata"] },
  );
}
