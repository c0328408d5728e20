// `netward query policies-for` and `netward query endpoints-for`: which policies apply where, in evaluation order.
import type { Command } from "commander";
import {
  endpointsFor,
  findPolicies,
  formatEndpointRef,
  parseEndpointRef,
  policiesFor,
  policyName,
  resolveEndpoint,
  type ListedPolicy,
  type PoliciesFor,
  type TierListing,
} from "@netward/core";
import { loadEngine } from "./load-engine.js";
import { UsageError } from "./usage-error.js";
import { withManifestOptions, type ManifestOptions } from "./validate.js";

interface QueryOptions extends ManifestOptions {
  output: string;
  pending?: boolean;
}

function flags(p: ListedPolicy): string {
  const f = [
    p.staged ? "staged" : "",
    p.doNotTrack ? "untracked" : "",
    p.preDNAT ? "pre-DNAT" : "",
    p.applyOnForward ? "applyOnForward" : "",
  ];
  const set = f.filter(Boolean);
  return set.length > 0 ? ` [${set.join(", ")}]` : "";
}

function tierLines(tiers: readonly TierListing[]): string[] {
  if (tiers.length === 0) return ["    no policy: the profiles decide"];
  return tiers.flatMap((t) => [
    `    tier ${t.tier} (order ${t.order ?? "none"}, end of tier: ${t.defaultAction})`,
    ...t.policies.map(
      (p, i) => `      ${i + 1}. ${p.kind} ${policyName(p)} (order ${p.order ?? "none"})${flags(p)}`,
    ),
  ]);
}

/** Renders `policies-for` as text. */
export function renderPoliciesFor(r: PoliciesFor): string {
  return (
    [
      `${r.description}`,
      "  ingress:",
      ...tierLines(r.ingress),
      "  egress:",
      ...tierLines(r.egress),
      `  then profiles: ${r.profiles.length > 0 ? r.profiles.join(", ") : "none (deny)"}`,
    ].join("\n") + "\n"
  );
}

/** Registers `query policies-for` and `query endpoints-for`. */
export function registerQuery(program: Command, setExit: (code: number) => void): void {
  const query = program
    .command("query")
    .description("which policies apply to an endpoint, and which endpoints a policy selects");
  withManifestOptions(
    query
      .command("policies-for")
      .description(
        "the policies that apply to an endpoint, per direction, in the order Calico evaluates them",
      )
      .argument("<endpoint>", "namespace/name (pod or workload), hep:<node>/<name>, or an IP of one")
      .argument("<paths...>", "files or folders of manifests")
      .option("--pending", "include staged policies, in their slots")
      .option("-o, --output <format>", "text or json", "text"),
  ).action(async (endpointText: string, paths: string[], opts: QueryOptions) => {
    const ref = parseEndpointRef(endpointText);
    if (!ref.ok) throw new UsageError(ref.error);
    const engine = await loadEngine(paths, opts);
    const resolved = resolveEndpoint(engine, ref.value);
    if (!resolved.ok) throw new UsageError(resolved.error);
    const endpoint = resolved.endpoint;
    if (endpoint === undefined)
      throw new UsageError(`${endpointText} is not the address of a pod or host endpoint`);
    const result = policiesFor(engine, endpoint, { pending: opts.pending ?? false });
    process.stdout.write(
      opts.output === "json" ? JSON.stringify(result, null, 2) + "\n" : renderPoliciesFor(result),
    );
    setExit(0);
  });
  withManifestOptions(
    query
      .command("endpoints-for")
      .description("the endpoints a policy selects")
      .argument(
        "<policy>",
        "namespace/name or name as in metadata (Kubernetes policies too), optionally tier|name",
      )
      .argument("<paths...>", "files or folders of manifests")
      .option("-o, --output <format>", "text or json", "text"),
  ).action(async (policyText: string, paths: string[], opts: QueryOptions) => {
    const engine = await loadEngine(paths, opts);
    const policies = findPolicies(engine, policyText);
    if (policies.length === 0) throw new UsageError(`no policy ${policyText} in the loaded manifests`);
    const result = policies.map((p) => ({
      policy: p.ref,
      selector: p.selector.text,
      endpoints: endpointsFor(engine, p).map(formatEndpointRef),
    }));
    if (opts.output === "json") process.stdout.write(JSON.stringify(result, null, 2) + "\n");
    else {
      for (const r of result) {
        process.stdout.write(
          `${r.policy.kind} ${policyName(r.policy)} (tier ${r.policy.tier}) selects ${r.endpoints.length} endpoint${r.endpoints.length === 1 ? "" : "s"}:\n`,
        );
        for (const e of r.endpoints) process.stdout.write(`  ${e}\n`);
      }
    }
    setExit(0);
  });
}
