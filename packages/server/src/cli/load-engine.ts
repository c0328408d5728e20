// Loads manifests for commands that need verdicts, refusing when any document has errors.
import {
  compileSnapshot,
  type Engine,
  type EndpointRef,
  resolveEndpoint,
  type Snapshot,
} from "@netward/core";
import { loadCluster, type InputReader } from "../inputs/load.js";
import { issueWhere } from "./issues-text.js";
import { UsageError } from "./usage-error.js";
import type { ManifestOptions } from "./validate.js";

/** Loads and compiles `paths`; manifests with errors are a usage error (exit 2), since answers would be wrong. */
export async function loadEngine(
  paths: readonly string[],
  opts: ManifestOptions,
  read?: InputReader,
): Promise<Engine> {
  return compileSnapshot(await loadSnapshot(paths, opts, read), { calicoVersion: opts.calicoVersion });
}

/** Loads `paths` into a snapshot; manifests with errors are a usage error (exit 2). */
export async function loadSnapshot(
  paths: readonly string[],
  opts: ManifestOptions,
  read?: InputReader,
): Promise<Snapshot> {
  const cluster = await loadCluster(
    paths,
    { calicoVersion: opts.calicoVersion, defaultNamespace: opts.namespace },
    read,
  );
  const errors = cluster.issues.filter((i) => i.severity === "error");
  if (errors.length > 0) {
    const list = errors
      .slice(0, 10)
      .map((i) => `  ${issueWhere(i)}: ${i.message}`)
      .join("\n");
    const more = errors.length > 10 ? `\n  ... and ${errors.length - 10} more (run netward validate)` : "";
    const count = `${errors.length} error${errors.length === 1 ? "" : "s"}`;
    throw new UsageError(`the manifests have ${count}; a verdict would be wrong:\n${list}${more}`);
  }
  return cluster.snapshot;
}

/** Checks that an endpoint exists, as a usage error naming the option and the closest name. */
export function requireEndpoint(engine: Engine, ref: EndpointRef, option: string): void {
  const resolved = resolveEndpoint(engine, ref);
  if (!resolved.ok) throw new UsageError(`${option}: ${resolved.error}`);
}
