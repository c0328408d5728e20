// The snapshot a server answers from: the last one that loaded without errors, and why a newer one did not.
import { compileSnapshot, type CalicoVersion, type Engine, type Issue, type Snapshot } from "@netward/core";
import type { LoadedCluster } from "../inputs/load.js";
import type { SnapshotSummary } from "./api-types.js";

/** A loaded snapshot ready to answer: its engine and what it holds. */
export interface Loaded {
  engine: Engine;
  snapshot: Snapshot;
  /** The load's warnings and infos (a snapshot with errors is never in use). */
  issues: Issue[];
  summary: SnapshotSummary;
}

/** Summarises a loaded cluster for GET /api/snapshot. */
function summarise(cluster: LoadedCluster, engine: Engine, at: Date): SnapshotSummary {
  const s = cluster.snapshot;
  return {
    loadedAt: at.toISOString(),
    files: cluster.files.length,
    objects: cluster.objectCount,
    namespaces: s.namespaces.length,
    workloads: s.workloads.length,
    hostEndpoints: s.hostEndpoints.length,
    policies: engine.tiers.map((t) => ({ tier: t.tier.name, count: t.policies.length })),
    issues: {
      errors: cluster.issues.filter((i) => i.severity === "error").length,
      warnings: cluster.issues.filter((i) => i.severity === "warning").length,
    },
  };
}

/** Holds the snapshot in use; a load with errors is refused and remembered, keeping the last good one. */
export class SnapshotState {
  #loaded: Loaded | undefined;
  #lastError: string | undefined;

  constructor(private readonly calicoVersion: CalicoVersion) {}

  /** The snapshot in use, if one ever loaded. */
  get loaded(): Loaded | undefined {
    return this.#loaded;
  }

  /** Why the last load was refused (undefined when it succeeded). */
  get lastError(): string | undefined {
    return this.#lastError;
  }

  /** Offers a newly read cluster: used when it has no errors, else refused with a message naming the first ones. */
  offer(cluster: LoadedCluster, at: Date): boolean {
    const errors = cluster.issues.filter((i) => i.severity === "error");
    if (errors.length > 0) {
      const first = errors
        .slice(0, 3)
        .map((i) => `${i.file ?? "?"}${i.line !== undefined ? `:${i.line}` : ""}: ${i.message}`)
        .join("; ");
      this.#lastError = `${errors.length} error${errors.length === 1 ? "" : "s"} in the manifests (${first}); still answering from the last good snapshot`;
      return false;
    }
    const engine = compileSnapshot(cluster.snapshot, { calicoVersion: this.calicoVersion });
    this.#loaded = {
      engine,
      snapshot: cluster.snapshot,
      issues: cluster.issues,
      summary: summarise(cluster, engine, at),
    };
    this.#lastError = undefined;
    return true;
  }
}
