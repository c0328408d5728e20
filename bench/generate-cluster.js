// Deterministic generator of large clusters as a kubectl-style JSON List: pods with IPs, namespaces, policies, sets.
import { prng } from "./generate-manifests.js";

const apps = ["web", "api", "worker", "cache", "db", "auth", "search", "billing", "queue", "gateway"];
const teams = ["payments", "catalog", "identity", "platform", "data"];

const meta = (name, namespace, labels) => ({
  name,
  ...(namespace ? { namespace } : {}),
  ...(labels ? { labels } : {}),
});

function pod(i, ns, app, pick) {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: meta(`${app}-${i}`, ns, { app, tier: pick() < 0.5 ? "front" : "back", version: `v${i % 3}` }),
    spec: {
      serviceAccountName: app,
      containers: [
        {
          name: "main",
          image: `registry.example/${app}`,
          ports: [
            { name: "http", containerPort: 8080 },
            { name: "metrics", containerPort: 9090 },
          ],
        },
      ],
    },
    status: { podIP: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
  };
}

function k8sPolicy(ns, app, team) {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: meta(`${app}-ingress`, ns),
    spec: {
      podSelector: { matchLabels: { app } },
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { team } },
              podSelector: { matchExpressions: [{ key: "tier", operator: "In", values: ["front"] }] },
            },
          ],
          ports: [{ port: "http" }],
        },
      ],
    },
  };
}

function calicoPolicy(ns, app, order) {
  return {
    apiVersion: "projectcalico.org/v3",
    kind: "NetworkPolicy",
    metadata: meta(`security.${app}`, ns),
    spec: {
      tier: "security",
      order,
      selector: `app == "${app}"`,
      types: ["Ingress", "Egress"],
      ingress: [
        { action: "Deny", source: { selector: "quarantine == 'true'" } },
        { action: "Pass", protocol: "TCP", destination: { ports: [8080, "9000:9010"] } },
      ],
      egress: [{ action: "Deny", destination: { selector: "threat == 'known'" } }, { action: "Pass" }],
    },
  };
}

/** A cluster with `pods` pods in `pods / 200` namespaces, deterministic from `seed`, as one kubectl List object. */
export function generateCluster(pods, seed = 1) {
  const pick = prng(seed);
  const namespaces = Math.max(1, Math.ceil(pods / 200));
  const items = [
    { apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: meta("security"), spec: { order: 100 } },
    {
      apiVersion: "projectcalico.org/v3",
      kind: "GlobalNetworkSet",
      metadata: meta("threats", undefined, { threat: "known" }),
      spec: { nets: ["198.51.100.0/24", "203.0.113.0/24"] },
    },
  ];
  for (let n = 0; n < namespaces; n++) {
    const ns = `ns-${n}`;
    const team = teams[n % teams.length];
    items.push({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: meta(ns, undefined, { team, env: n % 4 === 0 ? "dev" : "prod" }),
    });
    if (n % 5 !== 0) {
      for (const app of apps.slice(0, 4))
        items.push(k8sPolicy(ns, app, team), calicoPolicy(ns, app, 10 + apps.indexOf(app)));
    }
  }
  for (let i = 0; i < pods; i++)
    items.push(pod(i, `ns-${i % namespaces}`, apps[Math.floor(pick() * apps.length)], pick));
  return { apiVersion: "v1", kind: "List", items };
}
