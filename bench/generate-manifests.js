// Deterministic generator of realistic manifest sets (namespaces, workloads, services, Kubernetes and Calico policy).

/** A small seeded PRNG (mulberry32), so every run generates the same cluster. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const apps = ["web", "api", "worker", "cache", "db", "auth", "search", "billing", "queue", "gateway"];
const teams = ["payments", "catalog", "identity", "platform", "data"];

function deployment(ns, app, i, pick) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}-${i}
  namespace: ${ns}
  labels:
    app: ${app}
spec:
  replicas: ${1 + Math.floor(pick() * 4)}
  selector:
    matchLabels:
      app: ${app}
      instance: "${i}"
  template:
    metadata:
      labels:
        app: ${app}
        instance: "${i}"
        tier: ${pick() < 0.5 ? "front" : "back"}
    spec:
      serviceAccountName: ${app}
      containers:
        - name: main
          image: registry.example/${app}:1.${i}
          ports:
            - name: http
              containerPort: 8080
            - name: metrics
              containerPort: 9090
`;
}

function service(ns, app, i) {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${app}-${i}
  namespace: ${ns}
spec:
  selector:
    app: ${app}
    instance: "${i}"
  ports:
    - name: http
      port: 80
      targetPort: http
`;
}

function k8sPolicy(ns, app, i) {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${app}-${i}-ingress
  namespace: ${ns}
spec:
  podSelector:
    matchLabels:
      app: ${app}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              team: ${teams[i % teams.length]}
          podSelector:
            matchExpressions:
              - key: tier
                operator: In
                values: [front, back]
      ports:
        - port: http
        - port: 9000
          endPort: 9010
  egress:
    - to:
        - ipBlock:
            cidr: 10.${i % 250}.0.0/16
            except: [10.${i % 250}.1.0/24]
      ports:
        - protocol: UDP
          port: 53
`;
}

function calicoPolicy(ns, app, i) {
  return `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata:
  name: security.${app}-${i}
  namespace: ${ns}
spec:
  tier: security
  order: ${100 + i}
  selector: app == "${app}" && has(instance)
  types: [Ingress, Egress]
  ingress:
    - action: Log
      protocol: TCP
      source:
        namespaceSelector: team in {"${teams[i % teams.length]}", "platform"}
    - action: Allow
      protocol: TCP
      source:
        selector: tier == "front"
      destination:
        ports: [8080, "9000:9010", http]
    - action: Deny
  egress:
    - action: Allow
      protocol: UDP
      destination:
        nets: [10.96.0.10/32]
        ports: [53]
    - action: Pass
`;
}

/** Generates `count` manifests as one multi-document YAML text, deterministically from `seed`. */
export function generateManifests(count, seed = 1) {
  const pick = prng(seed);
  const docs = [
    `apiVersion: projectcalico.org/v3
kind: Tier
metadata:
  name: security
spec:
  order: 100
`,
  ];
  let n = 0;
  while (docs.length < count) {
    const ns = `ns-${Math.floor(n / 20)}`;
    if (n % 20 === 0) {
      docs.push(
        `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels:\n    team: ${teams[n % teams.length]}\n`,
      );
    }
    const app = apps[Math.floor(pick() * apps.length)];
    const makers = [deployment, service, k8sPolicy, calicoPolicy];
    docs.push(makers[n % makers.length](ns, app, n, pick));
    n++;
  }
  return docs.slice(0, count).join("---\n");
}
