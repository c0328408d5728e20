// Schemas for Calico's non-policy resources: Tier, HostEndpoint, (Global)NetworkSet, Profile, WorkloadEndpoint.
import {
  any,
  array,
  int,
  integer,
  intOrString,
  number,
  object,
  oneOf,
  string,
  type Check,
  type Schema,
} from "../../schema/schema.js";
import { parseIP } from "../../net/ip.js";
import { cidrCheck } from "../cidr-check.js";
import { labelNameProblem, nameCheck, portNameCheck } from "../names.js";
import { labels, objectMeta, resource } from "./k8s-meta.js";
import { calicoMeta } from "./calico-names.js";
import { rules } from "./calico-rule.js";
import { calicoProtocolCheck, supportsPorts, type ProtocolValue } from "./calico-values.js";

type Obj = Readonly<Record<string, unknown>>;

const ipCheck: Check<string> = (text, path, ctx) => {
  if (parseIP(text) === undefined) {
    const fix = text.includes("/")
      ? { fix: `write the address without a prefix: ${text.slice(0, text.indexOf("/"))}` }
      : {};
    ctx.report(
      { code: "invalid-value", message: `${JSON.stringify(text)} is not an IP address`, ...fix },
      path,
    );
  }
};

/** Skips the check for an empty string, as Go's `omitempty` validation tags do. */
const omitEmpty =
  (check: Check<string>): Check<string> =>
  (text, path, ctx) => {
    if (text !== "") check(text, path, ctx);
  };

const interfaceCheck: Check<string> = (name, path, ctx) => {
  if (name !== "*" && !/^[a-zA-Z0-9_.-]{1,15}$/.test(name)) {
    ctx.report(
      {
        code: "invalid-value",
        message: `interface name ${JSON.stringify(name)} must be * or 1-15 letters, digits, '_', '.' or '-'`,
      },
      path,
    );
  }
};

const portProtocol: Check<Obj> = (port, path, ctx) => {
  if (!supportsPorts(port["protocol"] as ProtocolValue | undefined)) {
    ctx.report(
      {
        code: "invalid-protocol",
        message: `a named port needs protocol TCP, UDP or SCTP, not ${String(port["protocol"])}`,
      },
      [...path, "protocol"],
    );
  }
};

const portNumber = integer((v, p, c) => {
  if (v < 1 || v > 65535) c.report({ code: "invalid-port", message: `port ${v} is out of range 1-65535` }, p);
});

const endpointPort = object(
  { name: string(portNameCheck), protocol: intOrString(calicoProtocolCheck), port: portNumber },
  { required: ["name", "protocol", "port"], check: portProtocol },
);

const defaultActionRule: Check<Obj> = (tier, path, ctx) => {
  const name = (tier["metadata"] as Obj | undefined)?.["name"];
  const spec = tier["spec"] as Obj | undefined;
  const fixedOrder: Readonly<Record<string, number>> = {
    default: 1_000_000,
    adminnetworkpolicy: 1000,
    baselineadminnetworkpolicy: 10_000_000,
  };
  const required = typeof name === "string" ? fixedOrder[name] : undefined;
  if (required !== undefined && spec?.["order"] !== undefined && spec["order"] !== required) {
    ctx.report(
      {
        code: "invalid-value",
        message: `the ${String(name)} tier's order must be ${required}`,
        fix: `set order: ${required}`,
      },
      [...path, "spec", "order"],
    );
  }
  if (name === "default" && spec?.["defaultAction"] === "Pass") {
    ctx.report(
      {
        code: "invalid-value",
        severity: "warning",
        message: "the default tier's defaultAction should be Deny (Calico v3.32 rejects Pass)",
      },
      [...path, "spec", "defaultAction"],
    );
  }
};

/** Tier (names are DNS-1123 labels; reserved tiers have fixed orders). */
export const tier: Schema = {
  ...resource(object({ order: number, defaultAction: oneOf("Deny", "Pass") }), {
    meta: objectMeta(labelNameProblem),
  }),
  check: defaultActionRule,
};

const hostEndpointRule: Check<Obj> = (spec, path, ctx) => {
  if (spec["node"] === undefined)
    ctx.report({ code: "missing-field", message: "a host endpoint needs node" }, path, "key");
  if (spec["interfaceName"] === undefined && spec["expectedIPs"] === undefined) {
    ctx.report(
      { code: "missing-field", message: "a host endpoint needs interfaceName or expectedIPs" },
      path,
      "key",
    );
  }
};

/** HostEndpoint. */
export const hostEndpoint = resource(
  object(
    {
      node: string(nameCheck(labelNameProblem)),
      interfaceName: string(interfaceCheck),
      expectedIPs: array(string(ipCheck)),
      profiles: array(string()),
      ports: array(endpointPort),
    },
    { check: hostEndpointRule },
  ),
  { meta: calicoMeta, specRequired: true },
);

const noNamespaceLabel: Check<Obj> = (set, path, ctx) => {
  const setLabels = (set["metadata"] as Obj | undefined)?.["labels"] as Obj | undefined;
  if (setLabels?.["projectcalico.org/namespace"] !== undefined) {
    ctx.report(
      {
        code: "invalid-label",
        message: "projectcalico.org/namespace is not a valid label name on a network set",
      },
      [...path, "metadata", "labels", "projectcalico.org/namespace"],
      "key",
    );
  }
};

const setNets = array(string(cidrCheck(true)));

/** NetworkSet (namespaced). */
export const networkSet: Schema = {
  ...resource(object({ nets: setNets }), { meta: calicoMeta }),
  check: noNamespaceLabel,
};

/** GlobalNetworkSet. */
export const globalNetworkSet: Schema = {
  ...resource(object({ nets: setNets, allowedEgressDomains: array(string()) }), { meta: calicoMeta }),
  check: noNamespaceLabel,
};

/** Profile. */
export const profile = resource(
  object({ ingress: rules("ingress"), egress: rules("egress"), labelsToApply: labels }),
  { meta: calicoMeta },
);

const wepPort = object(
  {
    name: string(portNameCheck),
    protocol: intOrString(calicoProtocolCheck),
    port: portNumber,
    hostPort: int(0, 65535),
    hostIP: string(omitEmpty(ipCheck)),
  },
  {
    required: ["protocol", "port"],
    check: (port, path, ctx) => {
      portProtocol(port, path, ctx);
      if (port["name"] === undefined && (port["hostPort"] === undefined || port["hostPort"] === 0)) {
        ctx.report(
          {
            code: "missing-field",
            message: "a workload endpoint port needs a name unless it has a hostPort",
          },
          path,
          "key",
        );
      }
    },
  },
);

/** WorkloadEndpoint, as calicoctl prints it. */
export const workloadEndpoint = resource(
  object(
    {
      orchestrator: string(),
      workload: string(),
      node: string(),
      containerID: string(),
      pod: string(),
      endpoint: string(),
      serviceAccountName: string(),
      ipNetworks: array(string(cidrCheck(true))),
      ipNATs: array(object({ internalIP: string(ipCheck), externalIP: string(ipCheck), source: string() })),
      ipv4Gateway: string(),
      ipv6Gateway: string(),
      profiles: array(string()),
      interfaceName: string(),
      mac: string(),
      ports: array(wepPort),
      allowSpoofedSourcePrefixes: array(string()),
      qosControls: any,
    },
    { required: ["interfaceName"] },
  ),
  { meta: calicoMeta, specRequired: true },
);
