// Kubernetes name and label syntax checks (DNS-1123 names, qualified label keys, label values).
import type { Check, Part } from "../schema/schema.js";

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1035Label = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const qualifiedNamePart = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Why `name` is not a DNS-1123 subdomain (lower case, digits, `-` and `.`, at most 253), or undefined. */
export function subdomainProblem(name: string): string | undefined {
  if (name.length > 253) return "must be at most 253 characters";
  if (!dnsSubdomain.test(name)) {
    return "must consist of lower case letters, digits, '-' and '.', and start and end with a letter or digit";
  }
  return undefined;
}

/** Why `name` is not a DNS-1123 label (lower case, digits and `-`, at most 63), or undefined. */
export function labelNameProblem(name: string): string | undefined {
  if (name.length > 63) return "must be at most 63 characters";
  if (!dnsLabel.test(name))
    return "must consist of lower case letters, digits and '-', and start and end with a letter or digit";
  return undefined;
}

/** Why `name` is not a DNS-1035 label (as DNS-1123 label, but starting with a letter), or undefined. */
export function dns1035Problem(name: string): string | undefined {
  if (name.length > 63) return "must be at most 63 characters";
  if (!dns1035Label.test(name)) {
    return "must consist of lower case letters, digits and '-', start with a letter and end with a letter or digit";
  }
  return undefined;
}

/** A suggested spelling for a name that breaks DNS rules: lower case, `_` and spaces to `-`. */
export function dnsFix(name: string): string | undefined {
  const fixed = name
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
  return fixed !== "" && fixed !== name ? fixed : undefined;
}

/** Builds a check that reports names failing `problem` as `invalid-name`. */
export function nameCheck(problem: (name: string) => string | undefined): Check<string> {
  return (name, path, ctx) => {
    const why = problem(name);
    if (why === undefined) return;
    const fix = dnsFix(name);
    const finding = { code: "invalid-name", message: `name ${JSON.stringify(name)} is invalid: it ${why}` };
    ctx.report(
      fix === undefined || problem(fix) ? finding : { ...finding, fix: `use ${JSON.stringify(fix)}` },
      path,
    );
  };
}

/** Why `key` is not a valid label key (`[prefix/]name`), or undefined. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    if (prefix === "") return "has an empty prefix before '/'";
    const p = subdomainProblem(prefix);
    if (p !== undefined) return `has an invalid prefix ${JSON.stringify(prefix)}: it ${p}`;
  }
  if (name === "") return "has an empty name part";
  if (name.length > 63) return "has a name part longer than 63 characters";
  if (!qualifiedNamePart.test(name)) {
    return "must consist of letters, digits, '-', '_' and '.', and start and end with a letter or digit";
  }
  return undefined;
}

/** Why `value` is not a valid label value (at most 63, same alphabet as a key's name part), or undefined. */
export function labelValueProblem(value: string): string | undefined {
  if (value === "") return undefined;
  if (value.length > 63) return `is ${value.length} characters long, at most 63 are allowed`;
  if (!qualifiedNamePart.test(value)) {
    return "must consist of letters, digits, '-', '_' and '.', and start and end with a letter or digit";
  }
  return undefined;
}

/** Reports an invalid label key as `invalid-label`, pointing at a map key or (for `key:` fields) a value. */
export function labelKeyCheck(part: Part): Check<string> {
  return (key, path, ctx) => {
    const why = labelKeyProblem(key);
    if (why !== undefined)
      ctx.report({ code: "invalid-label", message: `label key ${JSON.stringify(key)} ${why}` }, path, part);
  };
}

/** Reports a label value that is invalid as `invalid-label`. */
export const labelValueCheck: Check<string> = (value, path, ctx) => {
  const why = labelValueProblem(value);
  if (why !== undefined)
    ctx.report({ code: "invalid-label", message: `label value ${JSON.stringify(value)} ${why}` }, path);
};

const ianaServiceName = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Why `name` is not an IANA service name (Kubernetes named ports), or undefined. */
export function portNameProblem(name: string): string | undefined {
  if (name.length > 15) return "must be at most 15 characters";
  if (!ianaServiceName.test(name))
    return "must consist of lower case letters, digits and '-', and start and end with a letter or digit";
  if (name.includes("--")) return "must not contain '--'";
  if (!/[a-z]/.test(name)) return "must contain at least one letter";
  return undefined;
}

/** Reports a Kubernetes port name that is not an IANA service name as `invalid-port`. */
export const portNameCheck: Check<string> = (name, path, ctx) => {
  const why = portNameProblem(name);
  if (why !== undefined)
    ctx.report({ code: "invalid-port", message: `port name ${JSON.stringify(name)} ${why}` }, path);
};
