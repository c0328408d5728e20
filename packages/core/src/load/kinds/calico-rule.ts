// Schemas for Calico rules (Rule, EntityRule, ICMP, HTTP) with libcalico-go's cross-field rules.
import {
  array,
  int,
  intOrString,
  object,
  oneOf,
  string,
  type Check,
  type Schema,
} from "../../schema/schema.js";
import type { FieldPath } from "../../schema/path.js";
import { parseCIDR, formatCIDR, type IPFamily } from "../../net/ip.js";
import { selectorCheck } from "../selector-check.js";
import { annotations } from "./k8s-meta.js";
import { calicoPortCheck, calicoProtocolCheck, supportsPorts, type ProtocolValue } from "./calico-values.js";

type Obj = Readonly<Record<string, unknown>>;
type Ctx = Parameters<Check<Obj>>[2];

/** Rule nets must be CIDRs with a prefix length and no host bits set (bare IPs are rejected). */
const ruleNetCheck: Check<string> = (text, path, ctx) => {
  const loose = parseCIDR(text, true);
  const strict = parseCIDR(text);
  if (loose === undefined) {
    ctx.report(
      { code: "invalid-cidr", message: `${JSON.stringify(text)} is not a CIDR such as 10.0.0.0/16` },
      path,
    );
  } else if (strict === undefined) {
    const fix = `write ${formatCIDR(loose)}`;
    ctx.report(
      { code: "invalid-cidr", message: `${text} has no prefix length; Calico rules need a CIDR`, fix },
      path,
    );
  } else if (strict.hostBitsSet) {
    const host = `${text.slice(0, text.indexOf("/"))}/${strict.family === 4 ? 32 : 128}`;
    const message = `${text} has bits set beyond its prefix length`;
    ctx.report(
      { code: "invalid-cidr", message, fix: `write ${formatCIDR(strict)} (or ${host} for the one address)` },
      path,
    );
  }
};

const nets = array(string(ruleNetCheck));
const ports = array(intOrString(calicoPortCheck));

const globalSelectorRules: Check<Obj> = (entity, path, ctx) => {
  const selector = entity["selector"];
  if (typeof selector === "string" && selector.includes("global()")) {
    ctx.report(
      { code: "invalid-selector", message: "global() can only be used in a rule's namespaceSelector" },
      [...path, "selector"],
    );
  }
  const ns = entity["namespaceSelector"];
  if (typeof ns === "string" && ns.includes("global(") && ns.trim() !== "global()") {
    ctx.report(
      {
        code: "invalid-selector",
        message: "global() cannot be combined with other selectors",
        fix: "write namespaceSelector: global()",
      },
      [...path, "namespaceSelector"],
    );
  }
  const services = entity["services"];
  if (services === undefined || services === null) return;
  if ((services as Obj)["name"] === "") {
    ctx.report(
      { code: "missing-field", message: "services.name is empty; a service rule must name a service" },
      [...path, "services", "name"],
    );
  }
  // libcalico-go's validateEntityRule: selectors count when non-empty, nets when non-empty, serviceAccounts when set.
  const set = (k: string): boolean => {
    const v = entity[k];
    if (v === undefined || v === null || v === "") return false;
    return !(Array.isArray(v) && v.length === 0);
  };
  for (const other of [
    "namespaceSelector",
    "selector",
    "notSelector",
    "serviceAccounts",
    "nets",
    "notNets",
  ]) {
    if (set(other)) {
      ctx.report(
        {
          code: "conflicting-fields",
          message: `services cannot be combined with ${other} in the same rule side`,
        },
        [...path, other],
        "key",
      );
    }
  }
};

/** A rule's source or destination. */
export const entityRule: Schema = object(
  {
    nets,
    notNets: nets,
    selector: string(selectorCheck),
    notSelector: string(selectorCheck),
    namespaceSelector: string(selectorCheck),
    ports,
    notPorts: ports,
    serviceAccounts: object({ names: array(string()), selector: string(selectorCheck) }),
    services: object({ name: string(), namespace: string() }, { required: ["name"] }),
  },
  { check: globalSelectorRules },
);

const icmp = object(
  { type: int(0, 254), code: int(0, 255) },
  {
    check: (fields, path, ctx) => {
      if (fields["code"] !== undefined && fields["type"] === undefined) {
        ctx.report(
          {
            code: "conflicting-fields",
            message: "ICMP code needs an ICMP type",
            fix: "add type: <ICMP type>",
          },
          [...path, "code"],
          "key",
        );
      }
    },
  },
);

const httpPath = object(
  { exact: string(), prefix: string() },
  {
    check: (p, path, ctx) => {
      const given = (k: string) => typeof p[k] === "string" && p[k] !== "";
      const value = given("exact") ? p["exact"] : p["prefix"];
      if (given("exact") === given("prefix")) {
        ctx.report(
          { code: "conflicting-fields", message: "an HTTP path needs exactly one of exact or prefix" },
          path,
          "key",
        );
      } else if (typeof value !== "string" || !value.startsWith("/") || /[?# ]/.test(value)) {
        ctx.report(
          {
            code: "invalid-value",
            message: `HTTP path ${JSON.stringify(value)} must start with / and contain no ?, # or space`,
          },
          path,
        );
      }
    },
  },
);

/** HTTP methods must not repeat (libcalico-go `validateHTTPMethods`); their values are free. */
const httpMethods = array(string(), (methods, path, ctx) => {
  methods.forEach((m, i) => {
    if (methods.indexOf(m) !== i)
      ctx.report(
        {
          code: "invalid-value",
          message: `HTTP method ${JSON.stringify(m)} is listed twice`,
          fix: "remove the repeat",
        },
        [...path, i],
      );
  });
});

const http = object({ methods: httpMethods, paths: array(httpPath) });

const present = (o: Obj | undefined, k: string): boolean =>
  o !== undefined && o[k] !== undefined && o[k] !== null;

function checkPorts(rule: Obj, path: FieldPath, ctx: Ctx): void {
  const protocol = rule["protocol"] as ProtocolValue | undefined;
  if (supportsPorts(protocol)) return;
  for (const side of ["source", "destination"] as const) {
    for (const field of ["ports", "notPorts"] as const) {
      const list = (rule[side] as Obj | undefined)?.[field];
      if (Array.isArray(list) && list.length > 0) {
        const what = protocol === undefined ? "no protocol" : `protocol ${String(protocol)}`;
        const message = `${side}.${field} needs protocol TCP, UDP or SCTP, but the rule has ${what}`;
        ctx.report(
          { code: "conflicting-fields", message, fix: "set protocol: TCP (or UDP or SCTP)" },
          [...path, side, field],
          "key",
        );
      }
    }
  }
}

function checkICMP(rule: Obj, path: FieldPath, ctx: Ctx): void {
  const protocol = rule["protocol"];
  const icmpProtocol =
    protocol === "ICMP" ||
    protocol === "ICMPv6" ||
    (ctx.calicoVersion === "v3.32" && (protocol === 1 || protocol === 58));
  if (present(rule, "icmp") && !icmpProtocol) {
    const fix =
      protocol === 1 || protocol === 58
        ? `write protocol: ${protocol === 1 ? "ICMP" : "ICMPv6"} (Calico v3.31 compares names)`
        : "set protocol: ICMP";
    ctx.report(
      { code: "conflicting-fields", message: "icmp needs protocol ICMP or ICMPv6", fix },
      [...path, "icmp"],
      "key",
    );
  }
  const version = rule["ipVersion"];
  for (const field of ["protocol", "notProtocol"] as const) {
    const p = rule[field];
    if (
      (p === "ICMP" && version !== undefined && version !== 4) ||
      (p === "ICMPv6" && version !== undefined && version !== 6)
    ) {
      ctx.report(
        {
          code: "conflicting-fields",
          message: `${field} ${String(p)} needs ipVersion ${p === "ICMP" ? 4 : 6}, the rule has ipVersion ${JSON.stringify(version)}`,
        },
        [...path, field],
      );
    }
  }
}

function checkNetFamilies(rule: Obj, path: FieldPath, ctx: Ctx): void {
  const version = rule["ipVersion"];
  const seen = new Set<IPFamily>();
  for (const side of ["source", "destination"] as const) {
    for (const field of ["nets", "notNets"] as const) {
      const list = (rule[side] as Obj | undefined)?.[field];
      if (!Array.isArray(list)) continue;
      const families = new Set(
        list.map((n) => parseCIDR(String(n), true)?.family).filter((f) => f !== undefined),
      );
      const at = [...path, side, field];
      if ((version === 4 || version === 6) && [...families].some((f) => f !== version)) {
        ctx.report(
          {
            code: "conflicting-fields",
            message: `${side}.${field} has a CIDR of another family than ipVersion ${version}`,
          },
          at,
          "key",
        );
      }
      families.forEach((f) => seen.add(f));
      if (seen.size > 1) {
        ctx.report(
          {
            code: "conflicting-fields",
            message: `the rule mixes IPv4 and IPv6 CIDRs (at ${side}.${field})`,
            fix: "split it into one rule per IP family",
          },
          at,
          "key",
        );
        return;
      }
    }
  }
}

function checkHTTP(rule: Obj, path: FieldPath, ctx: Ctx, direction: "ingress" | "egress"): void {
  if (!present(rule, "http")) return;
  const protocol = rule["protocol"];
  if (protocol !== undefined && protocol !== "TCP") {
    ctx.report({ code: "conflicting-fields", message: "http needs protocol TCP (or no protocol)" }, [
      ...path,
      "protocol",
    ]);
  }
  if (rule["action"] !== "Allow")
    ctx.report(
      { code: "conflicting-fields", message: "http is only valid in Allow rules" },
      [...path, "http"],
      "key",
    );
  if (direction === "egress")
    ctx.report(
      { code: "conflicting-fields", message: "http is not allowed in egress rules" },
      [...path, "http"],
      "key",
    );
}

function checkServices(rule: Obj, path: FieldPath, ctx: Ctx, direction: "ingress" | "egress"): void {
  const src = rule["source"] as Obj | undefined;
  const dst = rule["destination"] as Obj | undefined;
  if (direction === "egress" && present(src, "services")) {
    ctx.report(
      { code: "conflicting-fields", message: "source.services is not allowed in egress rules" },
      [...path, "source", "services"],
      "key",
    );
  }
  if (direction === "ingress" && present(dst, "services")) {
    ctx.report(
      { code: "conflicting-fields", message: "destination.services is not allowed in ingress rules" },
      [...path, "destination", "services"],
      "key",
    );
  }
  for (const field of ["ports", "notPorts"] as const) {
    if (present(dst, "services") && present(dst, field)) {
      ctx.report(
        {
          code: "conflicting-fields",
          message: `destination.${field} cannot be used with destination.services`,
        },
        [...path, "destination", field],
        "key",
      );
    }
  }
}

function ruleChecks(direction: "ingress" | "egress"): Check<Obj> {
  return (rule, path, ctx) => {
    checkPorts(rule, path, ctx);
    checkICMP(rule, path, ctx);
    checkNetFamilies(rule, path, ctx);
    checkHTTP(rule, path, ctx, direction);
    checkServices(rule, path, ctx, direction);
  };
}

const ipVersion: Schema = {
  kind: "int",
  check: (v, p, c) => {
    if (v !== 4 && v !== 6) c.report({ code: "invalid-value", message: `ipVersion ${v} is not 4 or 6` }, p);
  },
};

/** The rules of one direction of a Calico policy or profile. */
export function rules(direction: "ingress" | "egress"): Schema {
  return array(
    object(
      {
        action: oneOf("Allow", "Deny", "Log", "Pass"),
        ipVersion,
        protocol: intOrString(calicoProtocolCheck),
        notProtocol: intOrString(calicoProtocolCheck),
        icmp,
        notICMP: icmp,
        source: entityRule,
        destination: entityRule,
        http,
        metadata: object({ annotations }),
      },
      { required: ["action"], check: ruleChecks(direction) },
    ),
  );
}
