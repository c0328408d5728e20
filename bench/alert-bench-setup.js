// What the alerting benchmarks share: a database pod whose Calico policy denies every ingress, and a streaming rule per source.

/** The database pod's address: any flow to it is a denial. */
export const dbIP = "10.244.3.5";

/** The manifests: the namespace, the pod, and its deny-all policy. */
export const manifests = `apiVersion: v1
kind: Namespace
metadata: { name: bench, labels: { kubernetes.io/metadata.name: bench } }
---
apiVersion: v1
kind: Pod
metadata: { name: db-0, namespace: bench, labels: { app: db } }
spec: { nodeName: node-bench-1, containers: [{ name: db, image: postgres }] }
status: { phase: Running, podIP: ${dbIP}, podIPs: [{ ip: ${dbIP} }] }
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: db-deny-all, namespace: bench }
spec: { tier: default, order: 100, selector: app == "db", types: [Ingress], ingress: [{ action: Deny }] }
`;

/** A streaming GlobalAlert: one alert per denied source. */
export const deniedSourceRule = {
  apiVersion: "projectcalico.org/v3",
  kind: "GlobalAlert",
  metadata: { name: "denied-source" },
  spec: {
    description: "denied traffic from ${source_name}",
    severity: 80,
    dataSet: "flows",
    query: 'action="deny"',
    aggregateBy: ["source_name"],
    mode: "streaming",
    period: "1m",
    lookback: "10m",
  },
};
