// `netward eval` and `netward explain`: the verdict of one flow, as JSON or in plain words.
import type { Command } from "commander";
import {
  compileSnapshot,
  evaluateFlow,
  explainVerdict,
  flowLogPolicyStrings,
  parseEndpointRef,
  parseIP,
  parsePortSpec,
  resolveEndpoint,
  type FlowSpec,
} from "@netward/core";
import { loadCluster } from "../inputs/load.js";
import { issueWhere } from "./issues-text.js";
import { UsageError } from "./usage-error.js";
import { withManifestOptions, type ManifestOptions } from "./validate.js";

interface EvalOptions extends ManifestOptions {
  from?: string;
  to?: string;
  port?: string;
  pending?: boolean;
  via?: string;
  output: string;
}

function parsed<T>(result: { ok: true; value: T } | { ok: false; error: string }, option: string): T {
  if (!result.ok) throw new UsageError(`${option}: ${result.error}`);
  return result.value;
}

async function run(
  paths: string[],
  opts: EvalOptions,
  json: boolean,
  setExit: (code: number) => void,
): Promise<void> {
  for (const [name, value] of [
    ["--from", opts.from],
    ["--to", opts.to],
    ["--port", opts.port],
  ] as const) {
    if (value === undefined) throw new UsageError(`${name} is required`);
  }
  const src = parsed(parseEndpointRef(opts.from!), "--from");
  const dst = parsed(parseEndpointRef(opts.to!), "--to");
  const port = parsed(parsePortSpec(opts.port!), "--port");
  if (src.kind === "ip" && dst.kind === "ip" && parseIP(src.ip)?.family !== parseIP(dst.ip)?.family) {
    throw new UsageError(
      `--from ${src.ip} and --to ${dst.ip} are of different IP families; a connection uses one`,
    );
  }
  const cluster = await loadCluster(paths, {
    calicoVersion: opts.calicoVersion,
    defaultNamespace: opts.namespace,
  });
  const errors = cluster.issues.filter((i) => i.severity === "error");
  if (errors.length > 0) {
    const list = errors
      .slice(0, 10)
      .map((i) => `  ${issueWhere(i)}: ${i.message}`)
      .join("\n");
    const more = errors.length > 10 ? `\n  ... and ${errors.length - 10} more (run netward validate)` : "";
    throw new UsageError(
      `the manifests have ${errors.length} error${errors.length === 1 ? "" : "s"}; a verdict would be wrong:\n${list}${more}`,
    );
  }
  const engine = compileSnapshot(cluster.snapshot, { calicoVersion: opts.calicoVersion });
  for (const [option, ref] of [
    ["--from", src],
    ["--to", dst],
  ] as const) {
    const resolved = resolveEndpoint(engine, ref);
    if (!resolved.ok) throw new UsageError(`${option}: ${resolved.error}`);
  }
  const flow: FlowSpec = { src, dst, ...port };
  if (opts.via !== undefined) {
    const via = parsed(parseEndpointRef(opts.via), "--via");
    if (via.kind !== "hostendpoint") throw new UsageError("--via: name a host endpoint, hep:<node>/<name>");
    const resolved = resolveEndpoint(engine, via);
    if (!resolved.ok) throw new UsageError(`--via: ${resolved.error}`);
    flow.via = via;
  }
  const verdict = evaluateFlow(engine, flow, { pending: opts.pending ?? false });
  if (json) {
    const flowLog = {
      egress: flowLogPolicyStrings(verdict.egress.hits, opts.calicoVersion),
      ingress: flowLogPolicyStrings(verdict.ingress.hits, opts.calicoVersion),
    };
    process.stdout.write(JSON.stringify({ ...verdict, flowLog }, null, 2) + "\n");
  } else {
    process.stdout.write(explainVerdict(engine, flow, verdict, opts.port!));
  }
  setExit(verdict.verdict === "allow" ? 0 : 1);
}

function flowCommand(program: Command, name: string, description: string): Command {
  return withManifestOptions(
    program
      .command(name)
      .description(description)
      .argument("<paths...>", "files or folders of manifests")
      .option("--from <endpoint>", "source: namespace/name (pod or workload), hep:<node>/<name>, or an IP")
      .option("--to <endpoint>", "destination, written like --from")
      .option("--port <proto/port>", "tcp/8080, udp/53, sctp/9, icmp, icmp/8/0, icmpv6/128 or proto/<n>")
      .option("--pending", "evaluate staged policies as if enforced")
      .option(
        "--via <hep>",
        "a host endpoint hep:<node>/<name> the connection is forwarded through (entering or leaving a node)",
      ),
  );
}

/** Registers `eval` (JSON or text) and `explain` (text); exit 0 allow, 1 deny, 2 usage or input error. */
export function registerEval(program: Command, setExit: (code: number) => void): void {
  flowCommand(program, "eval", "the verdict of one flow, with every policy and rule that decided it")
    .option("-o, --output <format>", "json or text", "json")
    .action((paths: string[], opts: EvalOptions) => run(paths, opts, opts.output !== "text", setExit));
  flowCommand(program, "explain", "explain in plain words why one flow is allowed or denied").action(
    (paths: string[], opts: EvalOptions) => run(paths, { ...opts, output: "text" }, false, setExit),
  );
}
