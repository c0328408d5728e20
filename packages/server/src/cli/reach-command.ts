// `netward reach`: connectivity between every pair of workloads (or pods), host endpoints and external ranges.
import type { Command } from "commander";
import {
  compileSnapshot,
  exposureConnections,
  hypotheticals,
  parsePortSpec,
  peerLabel,
  Reachability,
  withHypotheticals,
  type ReachConnection,
  type ReachFilter,
  type ReachPeer,
} from "@netward/core";
import { loadSnapshot } from "./load-engine.js";
import { OutputStream } from "./output-stream.js";
import { graphRenderers } from "./reach-graph.js";
import { rowRenderers } from "./reach-formats.js";
import { UsageError } from "./usage-error.js";
import { withManifestOptions, type ManifestOptions } from "./validate.js";

interface ReachCommandOptions extends ManifestOptions {
  output: string;
  pending?: boolean;
  perPod?: boolean;
  external: boolean;
  focus?: string;
  direction?: string;
  port?: string;
  show: string;
  exposure?: boolean;
}

const formats = [...Object.keys(rowRenderers), ...Object.keys(graphRenderers)];

/** Turns the command's options into a filter, refusing values it does not know. */
export function reachFilter(
  opts: Pick<ReachCommandOptions, "focus" | "direction" | "port" | "show">,
): ReachFilter {
  const filter: ReachFilter = {};
  if (opts.focus !== undefined) {
    if (opts.focus.includes("/")) filter.workload = opts.focus;
    else filter.namespace = opts.focus;
  }
  if (opts.direction !== undefined) {
    if (opts.direction !== "ingress" && opts.direction !== "egress")
      throw new UsageError(`--direction must be ingress or egress, not ${opts.direction}`);
    if (opts.focus === undefined)
      throw new UsageError("--direction needs --focus (whose ingress or egress?)");
    filter.direction = opts.direction;
  }
  if (opts.port !== undefined) {
    const spec = parsePortSpec(opts.port);
    if (!spec.ok) throw new UsageError(`--port: ${spec.error}`);
    filter.port =
      spec.value.dstPort === undefined
        ? { protocol: spec.value.protocol }
        : { protocol: spec.value.protocol, port: spec.value.dstPort };
  }
  if (opts.show !== "allowed" && opts.show !== "denied" && opts.show !== "all")
    throw new UsageError(`--show must be allowed, denied or all, not ${opts.show}`);
  filter.show = opts.show;
  return filter;
}

/** Writes the connections in a format, streaming: rows as they come; graphs list their nodes first. */
export async function writeConnections(
  reach: Reachability,
  rows: () => Iterable<ReachConnection>,
  format: string,
  out: OutputStream,
): Promise<void> {
  const renderer = rowRenderers[format];
  if (renderer) {
    await out.write(renderer.head);
    let first = true;
    for (const c of rows()) {
      if (out.closed) return;
      await out.write(renderer.row(c, first));
      first = false;
    }
    await out.write(renderer.tail);
    return out.flush();
  }
  const graph = graphRenderers[format]!;
  const used = new Map<string, ReachPeer>();
  for (const c of rows()) for (const p of [c.src, c.dst]) used.set(peerLabel(p.peer), p);
  const order = new Map(reach.peers.map((p, i) => [p, i]));
  const nodes = [...used.values()].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity));
  const ids = new Map(nodes.map((p, i) => [peerLabel(p.peer), `n${i}`]));
  const id = (p: ReachPeer) => ids.get(peerLabel(p.peer))!;
  await out.write(graph.head(nodes, id));
  for (const c of rows()) {
    if (out.closed) return;
    await out.write(graph.edge(c, id));
  }
  await out.write(graph.tail);
  return out.flush();
}

/** Registers `reach`. */
export function registerReach(program: Command, setExit: (code: number) => void): void {
  withManifestOptions(
    program
      .command("reach")
      .description("what may connect to what: every pair of workloads, host endpoints and external ranges")
      .argument("<paths...>", "files or folders of manifests")
      .option("-o, --output <format>", `${formats.join(", ")}`, "text")
      .option("--per-pod", "one row per pod instead of one representative per workload")
      .option("--no-external", "leave out external address ranges")
      .option("--pending", "staged policies as if enforced")
      .option(
        "--exposure",
        "instead of existing pairs: what pods that do not exist yet (in new namespaces, with the labels rules select) could reach or be reached by",
      )
      .option("--focus <namespace|namespace/name>", "only pairs with an end in this namespace or workload")
      .option(
        "--direction <ingress|egress>",
        "with --focus: only connections into (ingress) or out of (egress) it",
      )
      .option("--port <protocol/port>", "only this protocol and port, e.g. tcp/5432")
      .option(
        "--show <which>",
        "allowed (pairs with something allowed), denied (nothing allowed), or all",
        "allowed",
      ),
  ).action(async (paths: string[], opts: ReachCommandOptions) => {
    if (!formats.includes(opts.output))
      throw new UsageError(`unknown output format ${opts.output}; use one of ${formats.join(", ")}`);
    const filter = reachFilter(opts);
    const snapshot = await loadSnapshot(paths, opts);
    const calico = { calicoVersion: opts.calicoVersion };
    const exposure = opts.exposure ? hypotheticals(compileSnapshot(snapshot, calico)) : [];
    const engine = compileSnapshot(opts.exposure ? withHypotheticals(snapshot, exposure) : snapshot, calico);
    const reach = new Reachability(engine, {
      mode: opts.perPod ? "pod" : "workload",
      external: opts.external,
      pending: opts.pending ?? false,
    });
    if (filter.workload !== undefined && !reach.peers.some((p) => matchesWorkload(p, filter.workload!)))
      throw new UsageError(`--focus: no workload or pod ${filter.workload} in the loaded manifests`);
    const rows = () =>
      opts.exposure ? exposureConnections(reach, exposure, filter) : reach.connections(filter);
    await writeConnections(reach, rows, opts.output, new OutputStream());
    setExit(0);
  });
}

function matchesWorkload(p: ReachPeer, name: string): boolean {
  const peer = p.peer;
  return (
    (peer.kind === "workload" || peer.kind === "pod") &&
    (`${peer.namespace}/${peer.name}` === name || p.workload === name)
  );
}
