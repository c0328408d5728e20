// The Kubernetes NetworkPolicy of realistic namespaces: the add-on ones and protected application ones.
import { nodeCIDR, privateNets } from "./catalog.js";
import { match, meta } from "./objects.js";

const nsNamed = (name) => ({ namespaceSelector: match({ "kubernetes.io/metadata.name": name }) });
const k8sPolicy = (ns, name, spec) => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "NetworkPolicy",
  metadata: meta(name, ns),
  spec,
});
const denyIngress = (ns) =>
  k8sPolicy(ns, "default-deny-ingress", { podSelector: {}, policyTypes: ["Ingress"] });
const tcp = (list) => list.map((port) => ({ protocol: "TCP", port }));

/** The Kubernetes policy of the add-on namespaces. */
export function systemPolicies(ns) {
  const n = ns.name;
  if (n === "kube-system") {
    const dnsPorts = [{ protocol: "UDP", port: 53 }, ...tcp(["dns-tcp"])];
    const apiServer = { ipBlock: { cidr: nodeCIDR, except: ["10.128.255.0/24"] } };
    return [
      denyIngress(n),
      k8sPolicy(n, "allow-dns", {
        podSelector: match({ "k8s-app": "kube-dns" }),
        ingress: [{ from: [{ namespaceSelector: {} }], ports: dnsPorts }],
      }),
      k8sPolicy(n, "allow-metrics-server", {
        podSelector: match({ "k8s-app": "metrics-server" }),
        ingress: [{ from: [apiServer], ports: tcp([10250]) }],
      }),
    ];
  }
  if (n === "monitoring") {
    const fromIngress = { from: [{ ...nsNamed("ingress-nginx"), podSelector: {} }], ports: tcp(["http"]) };
    const names = {
      matchExpressions: [
        { key: "app.kubernetes.io/name", operator: "In", values: ["prometheus", "alertmanager"] },
      ],
    };
    const fromPrometheus = {
      from: [{ podSelector: names }],
      ports: [{ protocol: "TCP", port: 9093, endPort: 9094 }],
    };
    return [
      denyIngress(n),
      k8sPolicy(n, "allow-grafana-from-ingress", {
        podSelector: match({ "app.kubernetes.io/name": "grafana" }),
        ingress: [fromIngress],
      }),
      k8sPolicy(n, "allow-alertmanager", {
        podSelector: match({ "app.kubernetes.io/name": "alertmanager" }),
        ingress: [fromPrometheus],
      }),
    ];
  }
  const anywhere = {
    from: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["192.0.2.0/24"] } }],
    ports: tcp([80, 443]),
  };
  return [
    denyIngress(n),
    k8sPolicy(n, "allow-web-from-anywhere", {
      podSelector: match({ "app.kubernetes.io/name": "ingress-nginx" }),
      ingress: [anywhere],
    }),
  ];
}

/** Kubernetes policy of a protected application namespace: default deny, then allows between app tiers. */
export function k8sAppPolicies(ns, tiers) {
  const n = ns.name;
  const ingress = (name, podSelector, rules) =>
    k8sPolicy(n, name, { podSelector, policyTypes: ["Ingress"], ingress: rules });
  const egress = (name, podSelector, rules) =>
    k8sPolicy(n, name, { podSelector, policyTypes: ["Egress"], egress: rules });
  const tierIn = (values) => ({ matchExpressions: [{ key: "tier", operator: "In", values }] });
  const teamBackends = {
    namespaceSelector: match({ team: ns.team }),
    podSelector: match({ tier: "backend" }),
  };
  const ingressController = {
    ...nsNamed("ingress-nginx"),
    podSelector: match({ "app.kubernetes.io/name": "ingress-nginx" }),
  };
  const out = [
    ns.lockdown
      ? k8sPolicy(n, "default-deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] })
      : denyIngress(n),
  ];
  if (tiers.has("frontend"))
    out.push(
      ingress("allow-frontend-from-ingress", match({ tier: "frontend" }), [
        { from: [ingressController], ports: tcp(["http"]) },
      ]),
    );
  if (tiers.has("backend")) {
    const from = [{ podSelector: tierIn(["frontend", "backend"]) }, teamBackends];
    out.push(ingress("allow-backend", match({ tier: "backend" }), [{ from, ports: tcp(["http", 9000]) }]));
  }
  if (tiers.has("data")) {
    const dataPorts = [...tcp([5432, 6379]), { protocol: "TCP", port: 9092, endPort: 9094 }];
    const rules = [
      { from: [{ podSelector: match({ tier: "backend" }) }], ports: dataPorts },
      { from: [{ podSelector: match({ tier: "data" }) }] },
    ];
    out.push(ingress("allow-data-from-backend", tierIn(["data"]), rules));
  }
  if (ns.lockdown) {
    const internet = { ipBlock: { cidr: "0.0.0.0/0", except: [...privateNets, "169.254.0.0/16"] } };
    out.push(
      egress("allow-egress-in-namespace", {}, [{ to: [{ podSelector: {} }] }]),
      egress("allow-internet-egress", match({ egress: "internet" }), [{ to: [internet], ports: tcp([443]) }]),
      egress("allow-team-egress", match({ tier: "backend" }), [
        { to: [teamBackends], ports: tcp(["grpc", 8080]) },
      ]),
    );
  }
  return out;
}
