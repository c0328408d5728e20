// Schema and cross-field rules for networking.k8s.io/v1 NetworkPolicy, as the API server validates it.
import {
  array,
  intOrString,
  int,
  object,
  oneOf,
  string,
  type Check,
  type Schema,
} from "../../schema/schema.js";
import { cidrContains, parseCIDR } from "../../net/ip.js";
import { cidrCheck } from "../cidr-check.js";
import { portNameProblem } from "../names.js";
import { labelSelector, resource } from "./k8s-meta.js";
import { k8sProtocol } from "./k8s-workloads.js";

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
    { protocol: k8sProtocol, port: intOrString(portValue), endPort: int(1, 65535) },
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

const ipBlock = object(
  { cidr: string(cidrCheck(false)), except: array(string(cidrCheck(false))) },
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
  } else if (has("ipBlock") && (has("podSelector") || has("namespaceSelector"))) {
    ctx.report(
      {
        code: "conflicting-fields",
        message: "ipBlock cannot be combined with podSelector or namespaceSelector in one peer",
        fix: "split it into two peers (list items)",
      },
      [...path, "ipBlock"],
      "key",
    );
  }
};

const peer = object(
  { podSelector: labelSelector, namespaceSelector: labelSelector, ipBlock },
  { check: peerRule },
);

const policyTypesRule: Check<readonly unknown[]> = (types, path, ctx) => {
  types.forEach((t, i) => {
    if (types.indexOf(t) !== i)
      ctx.report({ code: "invalid-value", message: `${String(t)} is listed twice` }, [...path, i]);
  });
};

/** The NetworkPolicy spec (ingress/egress rules, peers, ports, policyTypes). */
export const k8sPolicySpec: Schema = object({
  podSelector: labelSelector,
  ingress: array(object({ from: array(peer), ports })),
  egress: array(object({ to: array(peer), ports })),
  policyTypes: array(oneOf("Ingress", "Egress"), policyTypesRule),
});

/** networking.k8s.io/v1 NetworkPolicy. */
export const k8sNetworkPolicy = resource(k8sPolicySpec, { specRequired: true });
