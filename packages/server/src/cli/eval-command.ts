// `netward eval` and `netward explain`: the verdict of one flow, as JSON or in plain words.
import type { Command } from "commander";
import {
  evaluateFlow,
  explainVerdict,
  flowLogPolicyStrings,
  parseEndpointRef,
  parseIP,
  parsePortSpec,
  type FlowSpec,
} from "@netward/core";
import { loadEngine, requireEndpoint } from "./load-engine.js";
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
  const engine = await loadEngine(paths, opts);
  requireEndpoint(engine, src, "--from");
  requireEndpoint(engine, dst, "--to");
  const flow: FlowSpec = { src, dst, ...port };
  if (opts.via !== undefined) {
    const via = parsed(parseEndpointRef(opts.via), "--via");
    if (via.kind !== "hostendpoint") throw new UsageError("--via: name a host endpoint, hep:<node>/<name>");
    requireEndpoint(engine, via, "--via");
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
