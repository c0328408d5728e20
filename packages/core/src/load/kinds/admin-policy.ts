// Schemas for AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1).
import { array, int, object, oneOf, string, type Check, type Schema } from "../../schema/schema.js";
import { cidrCheck } from "../cidr-check.js";
import { portNameCheck } from "../names.js";
import { labelSelector, objectMeta, resource } from "./k8s-meta.js";
import { k8sProtocol, portNumber } from "./k8s-pod.js";

type Obj = Readonly<Record<string, unknown>>;

/** Reports an object that does not set exactly one of its fields (ANP subjects, peers and ports). */
function exactlyOne(what: string): Check<Obj> {
  return (value, path, ctx) => {
    const set = Object.keys(value).filter((k) => value[k] !== undefined && value[k] !== null);
    if (set.length === 0)
      ctx.report({ code: "missing-field", message: `${what} needs exactly one field` }, path, "key");
    else if (set.length > 1) {
      ctx.report(
        {
          code: "conflicting-fields",
          message: `${what} sets ${set.join(" and ")}; exactly one is allowed`,
          fix: "split it into separate list items",
        },
        path,
        "key",
      );
    }
  };
}

const pods = object(
  { namespaceSelector: labelSelector, podSelector: labelSelector },
  { required: ["namespaceSelector", "podSelector"] },
);
const port = portNumber;

/** A list the CRD bounds with minItems/maxItems (and, for `listType=set`, no repeats). */
function bounded(min: number, max: number, set = false): Check<readonly unknown[]> {
  return (list, path, ctx) => {
    if (list.length < min)
      ctx.report(
        { code: "missing-field", message: `the list is empty; at least ${min} item is needed` },
        path,
      );
    if (list.length > max)
      ctx.report(
        { code: "invalid-value", message: `${list.length} items; at most ${max} are allowed` },
        path,
        "key",
      );
    if (set)
      list.forEach((item, i) => {
        if (list.indexOf(item) !== i)
          ctx.report({ code: "invalid-value", message: `${String(item)} is listed twice` }, [...path, i]);
      });
  };
}

const ports = array(
  object(
    {
      portNumber: object({ protocol: k8sProtocol, port }, { required: ["port"] }),
      portRange: object(
        { protocol: k8sProtocol, start: port, end: port },
        {
          required: ["start", "end"],
          check: (r, path, ctx) => {
            if (Number(r["end"]) < Number(r["start"]))
              ctx.report(
                {
                  code: "invalid-port",
                  message: `port range ends (${String(r["end"])}) before it starts (${String(r["start"])})`,
                },
                [...path, "end"],
              );
          },
        },
      ),
      namedPort: string(portNameCheck),
    },
    { check: exactlyOne("a port") },
  ),
  bounded(1, 100),
);

const ingressPeer = object({ namespaces: labelSelector, pods }, { check: exactlyOne("an ingress peer") });
const egressPeer = object(
  {
    namespaces: labelSelector,
    pods,
    nodes: labelSelector,
    networks: array(string(cidrCheck(false)), bounded(1, 25, true)),
  },
  { check: exactlyOne("an egress peer") },
);

const maxHundred = bounded(0, 100);
const peers = bounded(1, 100);

const nameField = string((name, path, ctx) => {
  if (name.length > 100)
    ctx.report({ code: "invalid-value", message: "rule names are at most 100 characters" }, path);
});

const namedPortsNeedPods: Check<Obj> = (rule, path, ctx) => {
  const to = Array.isArray(rule["to"]) ? (rule["to"] as Obj[]) : [];
  const hasNamed =
    Array.isArray(rule["ports"]) && (rule["ports"] as Obj[]).some((p) => p["namedPort"] !== undefined);
  if (hasNamed && to.some((p) => p["nodes"] !== undefined || p["networks"] !== undefined)) {
    ctx.report(
      { code: "conflicting-fields", message: "named ports cannot be used with nodes or networks peers" },
      [...path, "ports"],
      "key",
    );
  }
};

function spec(actions: string[], withPriority: boolean): Schema {
  const action = oneOf(...actions);
  const ingress = array(
    object(
      { name: nameField, action, from: array(ingressPeer, peers), ports },
      { required: ["action", "from"] },
    ),
    maxHundred,
  );
  const egress = array(
    object(
      { name: nameField, action, to: array(egressPeer, peers), ports },
      { required: ["action", "to"], check: namedPortsNeedPods },
    ),
    maxHundred,
  );
  const subject = object({ namespaces: labelSelector, pods }, { check: exactlyOne("subject") });
  return object(
    { ...(withPriority ? { priority: int(0, 1000) } : {}), subject, ingress, egress },
    { required: withPriority ? ["priority", "subject"] : ["subject"] },
  );
}

/** AdminNetworkPolicy (cluster-scoped; priority 0-1000; Allow, Deny or Pass). */
export const adminNetworkPolicy = resource(spec(["Allow", "Deny", "Pass"], true), {
  meta: objectMeta(),
  specRequired: true,
});

const onlyDefault: Check<Obj> = (doc, path, ctx) => {
  const name = (doc["metadata"] as Obj | undefined)?.["name"];
  if (name !== undefined && name !== "default") {
    ctx.report(
      {
        code: "invalid-name",
        message: `a BaselineAdminNetworkPolicy must be named default, not ${JSON.stringify(name)}`,
        fix: "rename it to default",
      },
      [...path, "metadata", "name"],
    );
  }
};

/** BaselineAdminNetworkPolicy (cluster-scoped singleton named `default`; Allow or Deny). */
export const baselineAdminNetworkPolicy: Schema = {
  ...resource(spec(["Allow", "Deny"], false), { meta: objectMeta(), specRequired: true }),
  check: onlyDefault,
};
