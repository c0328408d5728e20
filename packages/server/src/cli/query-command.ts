// `netward query`: which policies apply where (in evaluation order), and who can reach what.
import type { Command } from "commander";
import {
  connEntries,
  endpointsFor,
  formatConnSet,
  parseIP,
  peerLabel,
  Reachability,
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
import { reachFilter } from "./reach-command.js";
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

interface AroundOptions extends ManifestOptions {
  output: string;
  pending?: boolean;
  perPod?: boolean;
  external: boolean;
  port?: string;
  show: string;
}

/** Adds `who-can-reach` (direction `to`) or `reachable-from` (`from`) to the query command. */
function registerAround(
  query: Command,
  name: string,
  direction: "to" | "from",
  setExit: (code: number) => void,
): void {
  withManifestOptions(
    query
      .command(name)
      .description(
        direction === "to"
          ? "every workload, host endpoint and external range that may connect to an endpoint, and on what"
          : "every workload, host endpoint and external range an endpoint may connect to, and on what",
      )
      .argument("<endpoint>", "namespace/name (pod or workload), hep:<node>/<name>, or an IP address")
      .argument("<paths...>", "files or folders of manifests")
      .option("--port <protocol/port>", "only this protocol and port, e.g. tcp/5432")
      .option("--pending", "staged policies as if enforced")
      .option("--per-pod", "one row per pod instead of one representative per workload")
      .option("--no-external", "leave out external address ranges")
      .option("--show <which>", "allowed, denied or all", "allowed")
      .option("-o, --output <format>", "text or json", "text"),
  ).action(async (endpointText: string, paths: string[], opts: AroundOptions) => {
    const ref = parseEndpointRef(endpointText);
    if (!ref.ok) throw new UsageError(ref.error);
    if (opts.output !== "text" && opts.output !== "json")
      throw new UsageError(`unknown output format ${opts.output}; use text or json`);
    const filter = reachFilter({ show: opts.show, ...(opts.port !== undefined ? { port: opts.port } : {}) });
    const engine = await loadEngine(paths, opts);
    const resolved = resolveEndpoint(engine, ref.value);
    if (!resolved.ok) throw new UsageError(resolved.error);
    const subject = resolved.endpoint ?? (ref.value.kind === "ip" ? parseIP(ref.value.ip) : undefined);
    if (subject === undefined) throw new UsageError(`${endpointText} is not an endpoint or address`);
    const reach = new Reachability(engine, {
      mode: opts.perPod ? "pod" : "workload",
      external: opts.external,
      pending: opts.pending ?? false,
    });
    const rows = [...reach.around(subject, direction, filter)];
    if (opts.output === "json") {
      const connections = rows.map((c) => ({
        [direction === "to" ? "src" : "dst"]: direction === "to" ? c.src.peer : c.dst.peer,
        conns: connEntries(c.conns),
        ...(c.uncertain ? { uncertain: c.uncertain } : {}),
      }));
      process.stdout.write(
        JSON.stringify({ endpoint: endpointText, direction, connections }, null, 2) + "\n",
      );
    } else {
      const what = direction === "to" ? `may connect to ${endpointText}` : `${endpointText} may connect to`;
      process.stdout.write(`${rows.length} end${rows.length === 1 ? "" : "s"} ${what}:\n`);
      for (const c of rows) {
        const other = direction === "to" ? c.src.peer : c.dst.peer;
        const note = c.uncertain ? ` (uncertain: ${c.uncertain.join("; ")})` : "";
        process.stdout.write(`  ${peerLabel(other)} : ${formatConnSet(c.conns)}${note}\n`);
      }
    }
    setExit(0);
  });
}

/** Registers `query policies-for`, `endpoints-for`, `who-can-reach` and `reachable-from`. */
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
  registerAround(query, "who-can-reach", "to", setExit);
  registerAround(query, "reachable-from", "from", setExit);
}
