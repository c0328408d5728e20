// Test helpers for the lint checks: manifests as plain objects, and findings as compact strings.
import { expect } from "vitest";
import { buildSnapshot } from "../load/build-snapshot.js";
import { loadValues } from "../load/testkit.js";
import type { Issue } from "../model/issue.js";
import type { Snapshot } from "../model/snapshot.js";
import { lintSnapshot, type LintOptions } from "./lint.js";

type Labels = Record<string, string>;

/** A Namespace with labels. */
export const namespace = (name: string, labels: Labels = {}) => ({
  apiVersion: "v1",
  kind: "Namespace",
  metadata: { name, labels: { "kubernetes.io/metadata.name": name, ...labels } },
});

/** A bare Pod; `extra` is merged into its spec. */
export const pod = (ns: string, name: string, labels: Labels, extra: object = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: ns, labels },
  spec: { containers: [{ name: "c", ports: [{ name: "http", containerPort: 8080 }] }], ...extra },
});

/** A Calico resource (policy, tier, set, host endpoint) of any kind. */
export const calico = (kind: string, name: string, spec: object, namespace?: string, labels?: Labels) => ({
  apiVersion: "projectcalico.org/v3",
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}) },
  spec,
});

/** A Kubernetes NetworkPolicy (or, with `kind`, a StagedKubernetesNetworkPolicy). */
export const k8s = (ns: string, name: string, spec: object, kind = "NetworkPolicy") => ({
  apiVersion: kind === "NetworkPolicy" ? "networking.k8s.io/v1" : "projectcalico.org/v3",
  kind,
  metadata: { name, namespace: ns },
  spec,
});

/** Loads plain objects into a snapshot, failing the test on any load error. */
export function snapshotOf(objects: readonly unknown[]): Snapshot {
  const loaded = loadValues(objects);
  expect(loaded.issues.filter((i) => i.severity === "error")).toEqual([]);
  return buildSnapshot(loaded.objects).snapshot;
}

/** A finding as `severity code path`, with the object named in the message first. */
export function brief(i: Issue): string {
  const subject = i.message.slice(0, i.message.indexOf(":"));
  return `${i.severity} ${i.code} ${subject} ${i.path ?? "-"}`;
}

/** The findings of one code for a cluster of plain objects, as brief strings. */
export function lintOf(objects: readonly unknown[], code: string, options: LintOptions = {}): string[] {
  return lintSnapshot(snapshotOf(objects), options)
    .filter((i) => i.code === code)
    .map(brief);
}
