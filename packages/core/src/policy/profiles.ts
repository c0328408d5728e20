// Profiles: the implicit kns./ksa. profiles Calico gives every pod, and explicit Profile resources.
import type { Snapshot } from "../model/snapshot.js";
import type { Labels } from "../selector/index.js";
import { compileRule } from "./compile-rule.js";
import type { CompiledRule } from "./ir.js";
import { NAMESPACE_PREFIX, SERVICE_ACCOUNT_PREFIX } from "./selector-text.js";

/** A profile: labels it lends to endpoints, and rules applied after all tiers. */
export interface CompiledProfile {
  name: string;
  labels: Labels;
  ingress: CompiledRule[];
  egress: CompiledRule[];
}

const allowAll = (): CompiledRule => ({
  index: 0,
  action: "Allow",
  src: {},
  dst: {},
  rule: {
    action: "Allow",
    source: { nets: [], notNets: [], ports: [], notPorts: [] },
    destination: { nets: [], notNets: [], ports: [], notPorts: [] },
  },
});

function prefixed(
  labels: Readonly<Record<string, string>>,
  prefix: string,
  name: string,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(labels)) out.set(prefix + k, v);
  out.set(`${prefix}projectcalico.org/name`, name);
  return out;
}

/** The `kns.<ns>` profile (allows everything; lends `pcns.` labels). */
function namespaceProfile(snapshot: Snapshot, namespace: string): CompiledProfile {
  const ns = snapshot.namespaces.find((n) => n.name === namespace);
  return {
    name: `kns.${namespace}`,
    labels: prefixed(ns?.labels ?? {}, NAMESPACE_PREFIX, namespace),
    ingress: [allowAll()],
    egress: [allowAll()],
  };
}

/** The `ksa.<ns>.<sa>` profile (no rules; lends `pcsa.` labels). */
function serviceAccountProfile(snapshot: Snapshot, namespace: string, sa: string): CompiledProfile {
  const account = snapshot.serviceAccounts.find((a) => a.namespace === namespace && a.name === sa);
  return {
    name: `ksa.${namespace}.${sa}`,
    labels: prefixed(account?.labels ?? {}, SERVICE_ACCOUNT_PREFIX, sa),
    ingress: [],
    egress: [],
  };
}

/** Builds each implicit profile once per snapshot, however many pods share it. */
export class ProfileCache {
  private readonly cache = new Map<string, CompiledProfile>();

  constructor(private readonly snapshot: Snapshot) {}

  /** The profiles Calico gives a pod: `kns.<ns>` then `ksa.<ns>.<sa>`. */
  pod(namespace: string, serviceAccount: string): CompiledProfile[] {
    return [this.named(`kns.${namespace}`)!, this.named(`ksa.${namespace}.${serviceAccount}`)!];
  }

  /** The implicit profile a name like `kns.shop` or `ksa.shop.api` stands for, if it is one. */
  named(name: string): CompiledProfile | undefined {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const profile = implicitProfile(this.snapshot, name);
    if (profile) this.cache.set(name, profile);
    return profile;
  }
}

/** The implicit profile a name like `kns.shop` or `ksa.shop.api` stands for, if it is one (uncached). */
function implicitProfile(snapshot: Snapshot, name: string): CompiledProfile | undefined {
  if (name.startsWith("kns.")) return namespaceProfile(snapshot, name.slice(4));
  if (!name.startsWith("ksa.")) return undefined;
  const [namespace = "", ...rest] = name.slice(4).split(".");
  return serviceAccountProfile(snapshot, namespace, rest.join("."));
}

/** Explicit Profile resources by name. */
export function compileProfiles(snapshot: Snapshot): Map<string, CompiledProfile> {
  return new Map(
    snapshot.profiles.map((p) => [
      p.name,
      {
        name: p.name,
        labels: new Map(Object.entries(p.labelsToApply)),
        ingress: p.ingress.map((r, i) => compileRule(r, i, undefined)),
        egress: p.egress.map((r, i) => compileRule(r, i, undefined)),
      },
    ]),
  );
}
