// Schema and cross-field rules for networking.k8s.io/v1 NetworkPolicy, as the API server validates it.
import { array, intOrString, object, oneOf, string, type Check, type Schema } from "../../schema/schema.js";
import { cidrContains, parseCIDR } from "../../net/ip.js";
import { cidrCheck } from "../cidr-check.js";
import { portNameProblem } from "../names.js";
import { labelSelector, resource } from "./k8s-meta.js";
import { k8sProtocol, portNumber } from "./k8s-pod.js";

type Obj = Readonly<Record<string, unknown>>;

const portValue: Check<number | string> = (port, path, ctx) => {
  if (typeof port === "number") {
    if (port < 1 || port > 65535)
      ctx.report({ code: "invalid-port", message: `port ${port} is out of range 1-65535` }, path);
    return;
  }
  const why = portNameProblem(port);
  if (why === undefined) return;
  const range = /^(\d+)\s*[-:]\s*(\d+)$/.exec(port);
  const fix = range
    ? { fix: `write port: ${range[1]} and endPort: ${range[2]}` }
    : /^\d+$/.test(port)
      ? { fix: `remove the quotes: ${port}` }
      : {};
  ctx.report(
    {
      code: "invalid-port",
      message: `port ${JSON.stringify(port)} is neither a number nor a valid port name: it ${why}`,
      ...fix,
    },
    path,
  );
};

const endPortRule: Check<Obj> = (p, path, ctx) => {
  const endPort = p["endPort"];
  if (typeof endPort !== "number") return;
  const port = p["port"];
  if (port === undefined || port === null) {
    ctx.report(
      {
        code: "conflicting-fields",
        message: "endPort needs a numeric port",
        fix: "add port: <first port of the range>",
      },
      [...path, "endPort"],
      "key",
    );
  } else if (typeof port === "string") {
    ctx.report(
      {
        code: "conflicting-fields",
        message: `endPort cannot be used with the named port ${JSON.stringify(port)}`,
        fix: "use a numeric port, or remove endPort",
      },
      [...path, "endPort"],
      "key",
    );
  } else if (typeof port === "number" && endPort < port) {
    ctx.report(
      {
        code: "invalid-port",
        message: `endPort ${endPort} is less than port ${port}`,
        fix: `swap them: port: ${endPort}, endPort: ${port}`,
      },
      [...path, "endPort"],
    );
  }
};

const ports = array(
  object(
    { protocol: k8sProtocol, port: intOrString(portValue), endPort: portNumber },
    { check: endPortRule },
  ),
);

const exceptRule: Check<Obj> = (block, path, ctx) => {
  const outer = parseCIDR(String(block["cidr"]));
  const except = block["except"];
  if (!outer || !Array.isArray(except)) return;
  except.forEach((e: unknown, i) => {
    const inner = parseCIDR(String(e));
    if (inner && !(cidrContains(outer, inner) && inner.prefix > outer.prefix)) {
      ctx.report(
        {
          code: "invalid-cidr",
          message: `except entry ${String(e)} is not strictly inside cidr ${String(block["cidr"])}`,
        },
        [...path, "except", i],
      );
    }
  });
};

const strictCIDR = cidrCheck(false);

/** ipBlock.cidr: an empty string is "Required" for the API server, anything else a CIDR with a prefix. */
const ipBlockCIDR: Check<string> = (text, path, ctx) => {
  if (text === "") ctx.report({ code: "missing-field", message: "ipBlock.cidr is empty" }, path);
  else strictCIDR(text, path, ctx);
};

const ipBlock = object(
  { cidr: string(ipBlockCIDR), except: array(string(strictCIDR)) },
  { required: ["cidr"], check: exceptRule },
);

const peerRule: Check<Obj> = (peer, path, ctx) => {
  const has = (k: string) => peer[k] !== undefined && peer[k] !== null;
  if (!has("podSelector") && !has("namespaceSelector") && !has("ipBlock")) {
    ctx.report(
      { code: "missing-field", message: "a peer needs podSelector, namespaceSelector or ipBlock" },
      path,
      "key",
    );
  } else if (has("ipBlock")) {
    const selector = ["podSelector", "namespaceSelector"].find(has);
    if (selector === undefined) return;
    ctx.report(
      {
        code: "conflicting-fields",
        message: `${selector} cannot be combined with ipBlock in one peer`,
        fix: "split it into two peers (list items)",
      },
      [...path, selector],
      "key",
    );
  }
};

const peer = object(
  { podSelector: labelSelector, namespaceSelector: labelSelector, ipBlock },
  { check: peerRule },
);

/** More than two policyTypes is rejected; a repeat within two is accepted (Kubernetes ValidateNetworkPolicySpec). */
const policyTypesRule: Check<readonly unknown[]> = (types, path, ctx) => {
  if (types.length > 2)
    ctx.report(
      {
        code: "invalid-value",
        message: `${types.length} policyTypes; at most two (Ingress, Egress) are allowed`,
      },
      path,
    );
};

/** The NetworkPolicy spec (ingress/egress rules, peers, ports, policyTypes). */
export const k8sPolicySpec: Schema = object({
  podSelector: labelSelector,
  ingress: array(object({ from: array(peer), ports })),
  egress: array(object({ to: array(peer), ports })),
  policyTypes: array(oneOf("Ingress", "Egress"), policyTypesRule),
});

/** networking.k8s.io/v1 NetworkPolicy. */
export const k8sNetworkPolicy = resource(k8sPolicySpec);
