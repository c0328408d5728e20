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
import { formatCIDR, parseCIDR, parseIP } from "../../net/ip.js";
import { isMapping } from "../../schema/validate.js";
import { cidrCheck } from "../cidr-check.js";
import { labelNameProblem, nameCheck, portNameCheck, subdomainProblem } from "../names.js";
import { labels, objectMeta, resource } from "./k8s-meta.js";
import { calicoMeta, type CalicoVersion } from "./calico-names.js";
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

/** Calico's `name` tag: a DNS-1123 subdomain (node, profile and workload names). */
const calicoName = nameCheck(subdomainProblem);

/** Calico's `net` tag: an IP address, or a CIDR with no bits set beyond its prefix length. */
const netCheck: Check<string> = (text, path, ctx) => {
  const cidr = parseCIDR(text, true);
  if (cidr === undefined)
    ctx.report(
      { code: "invalid-cidr", message: `${JSON.stringify(text)} is not an IP address or CIDR` },
      path,
    );
  else if (cidr.hostBitsSet)
    ctx.report(
      {
        code: "invalid-cidr",
        message: `${text} has bits set beyond its prefix length`,
        fix: `write ${formatCIDR(cidr)}`,
      },
      path,
    );
};

/** Absent, null, "" and [] all count as unset, as Go's zero values do. */
const unset = (value: unknown): boolean =>
  value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);

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
  const protocol = port["protocol"] as ProtocolValue | undefined | null;
  if (protocol === undefined || protocol === null) return; // reported as a missing field
  if (!supportsPorts(protocol)) {
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

/** The tiers Calico reserves, per version: their fixed order and, where fixed, their default action. */
const reservedTiers: Readonly<
  Record<CalicoVersion, Readonly<Record<string, { order: number; action?: string }>>>
> = {
  "v3.31": {
    default: { order: 1_000_000 },
    adminnetworkpolicy: { order: 1000 },
    baselineadminnetworkpolicy: { order: 10_000_000 },
  },
  "v3.32": {
    default: { order: 1_000_000, action: "Deny" },
    "kube-admin": { order: 1000, action: "Pass" },
    "kube-baseline": { order: 10_000_000, action: "Pass" },
  },
};

const reservedTierRule: Check<Obj> = (tier, path, ctx) => {
  const name = (tier["metadata"] as Obj | undefined)?.["name"];
  const spec = tier["spec"] as Obj | undefined;
  const version = ctx.calicoVersion ?? "v3.31";
  const reserved = typeof name === "string" ? reservedTiers[version][name] : undefined;
  if (reserved === undefined) return;
  // Calico defaults a missing order to 1,000,000 before validating, so the other reserved tiers must set theirs.
  const order = spec?.["order"] ?? 1_000_000;
  if (order !== reserved.order) {
    const at = spec?.["order"] === undefined ? [...path, "spec"] : [...path, "spec", "order"];
    const message = `the ${String(name)} tier's order must be ${reserved.order}`;
    ctx.report({ code: "invalid-value", message, fix: `set order: ${reserved.order}` }, at);
  }
  const action = spec?.["defaultAction"] ?? "Deny";
  if (reserved.action !== undefined && action !== reserved.action) {
    const message = `Calico ${version} requires the ${String(name)} tier's defaultAction to be ${reserved.action}`;
    ctx.report({ code: "invalid-value", message, fix: `set defaultAction: ${reserved.action}` }, [
      ...path,
      "spec",
      "defaultAction",
    ]);
  } else if (version === "v3.31" && name === "default" && action === "Pass") {
    const message = "the default tier's defaultAction should be Deny (Calico v3.32 rejects Pass)";
    ctx.report({ code: "invalid-value", severity: "warning", message }, [...path, "spec", "defaultAction"]);
  }
};

/** Tier (names are DNS-1123 labels; reserved tiers have fixed orders). */
export const tier: Schema = {
  ...resource(object({ order: number, defaultAction: oneOf("Deny", "Pass") }), {
    meta: objectMeta(labelNameProblem),
  }),
  check: reservedTierRule,
};

const hostEndpointRule: Check<Obj> = (spec, path, ctx) => {
  if (unset(spec["node"]))
    ctx.report({ code: "missing-field", message: "a host endpoint needs node" }, path, "key");
  if (unset(spec["interfaceName"]) && unset(spec["expectedIPs"])) {
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
      node: string(omitEmpty(calicoName)),
      interfaceName: string(omitEmpty(interfaceCheck)),
      expectedIPs: array(string(ipCheck)),
      profiles: array(string(calicoName)),
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
    name: string(omitEmpty(portNameCheck)),
    protocol: intOrString(calicoProtocolCheck),
    port: portNumber,
    hostPort: int(0, 65535),
    hostIP: string(omitEmpty(netCheck)),
  },
  {
    required: ["protocol", "port"],
    check: (port, path, ctx) => {
      portProtocol(port, path, ctx);
      if (unset(port["name"]) && (port["hostPort"] === undefined || port["hostPort"] === 0)) {
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

/** An IP address of one family (`ipv4Gateway`, `ipv6Gateway`). */
const ipOfFamily =
  (family: 4 | 6): Check<string> =>
  (text, path, ctx) => {
    if (parseIP(text)?.family !== family)
      ctx.report(
        { code: "invalid-value", message: `${JSON.stringify(text)} is not an IPv${family} address` },
        path,
      );
  };

/** A workload's networks are single addresses (/32 or /128), as libcalico-go requires. */
const singleAddress: Check<string> = (text, path, ctx) => {
  const cidr = parseCIDR(text, true);
  if (cidr === undefined) netCheck(text, path, ctx);
  else if (cidr.prefix !== (cidr.family === 4 ? 32 : 128))
    ctx.report(
      {
        code: "invalid-cidr",
        message: `${text} contains more than one address; ipNetworks takes /32 or /128`,
      },
      path,
    );
};

const containerID = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

/** NAT mappings: both addresses of one family, the internal one inside the endpoint's networks. */
const wepRule: Check<Obj> = (spec, path, ctx) => {
  const nats = Array.isArray(spec["ipNATs"]) ? spec["ipNATs"] : [];
  const networks = (Array.isArray(spec["ipNetworks"]) ? spec["ipNetworks"] : [])
    .map((n) => parseCIDR(String(n), true))
    .filter((n) => n !== undefined);
  nats.forEach((nat: unknown, i) => {
    if (!isMapping(nat)) return;
    const internal = parseIP(String(nat["internalIP"]));
    const external = parseIP(String(nat["externalIP"]));
    if (internal && external && internal.family !== external.family)
      ctx.report(
        { code: "invalid-value", message: "internalIP and externalIP are of different IP families" },
        [...path, "ipNATs", i, "externalIP"],
      );
    if (internal && !networks.some((n) => n.family === internal.family && n.network === internal.value))
      ctx.report(
        {
          code: "invalid-value",
          message: `internalIP ${String(nat["internalIP"])} is not one of ipNetworks`,
        },
        [...path, "ipNATs", i, "internalIP"],
      );
  });
};

/** WorkloadEndpoint, as calicoctl prints it. */
export const workloadEndpoint = resource(
  object(
    {
      orchestrator: string(omitEmpty(calicoName)),
      workload: string(omitEmpty(calicoName)),
      node: string(omitEmpty(calicoName)),
      containerID: string(
        omitEmpty((id, path, ctx) => {
          if (!containerID.test(id))
            ctx.report(
              {
                code: "invalid-value",
                message: `containerID ${JSON.stringify(id)} has characters other than letters, digits and '-'`,
              },
              path,
            );
        }),
      ),
      pod: string(omitEmpty(calicoName)),
      endpoint: string(omitEmpty(calicoName)),
      serviceAccountName: string(omitEmpty(calicoName)),
      ipNetworks: array(string(singleAddress)),
      ipNATs: array(
        object({
          internalIP: string(omitEmpty(ipCheck)),
          externalIP: string(omitEmpty(ipCheck)),
          source: string(),
        }),
      ),
      ipv4Gateway: string(omitEmpty(ipOfFamily(4))),
      ipv6Gateway: string(omitEmpty(ipOfFamily(6))),
      profiles: array(string(calicoName)),
      interfaceName: string(interfaceCheck),
      mac: string(),
      ports: array(wepPort),
      allowSpoofedSourcePrefixes: array(string()),
      qosControls: any,
    },
    { required: ["interfaceName"], check: wepRule },
  ),
  { meta: calicoMeta, specRequired: true },
);
