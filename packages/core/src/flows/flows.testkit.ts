// Test helpers for attribution and aggregation: pods of a `shop` namespace, the policy letting one app reach the db, an engine from objects.
import { compileSnapshot, type Engine } from "../eval/engine.js";
import { buildSnapshot } from "../load/build-snapshot.js";
import { loadValues } from "../load/testkit.js";

/** A dumped Pod `shop/<name>` labelled `app`, at `ip`, with extra metadata and status fields. */
export const shopPod = (name: string, app: string, ip: string, meta: object = {}, status: object = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "shop", labels: { app }, ...meta },
  spec: { containers: [{ name: "c" }] },
  status: { podIP: ip, ...status },
});

/** The Kubernetes NetworkPolicy `shop/db`: pods `app: db` take TCP 5432 from pods `app: <from>` only. */
export const dbIngressFrom = (from: string) => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "NetworkPolicy",
  metadata: { name: "db", namespace: "shop" },
  spec: {
    podSelector: { matchLabels: { app: "db" } },
    ingress: [{ from: [{ podSelector: { matchLabels: { app: from } } }], ports: [{ port: 5432 }] }],
  },
});

/** The engine of plain objects, loaded and compiled as manifests are. */
export const engineOf = (values: readonly unknown[]): Engine =>
  compileSnapshot(buildSnapshot(loadValues(values).objects).snapshot);
