// The fixed vocabulary of realistic clusters: teams, apps, environments, zones, address ranges, components and add-ons.

/** The teams that own application namespaces. */
export const teams =
  `payments catalog identity checkout shipping search analytics messaging risk ledger media growth
  support pricing inventory ml`.split(/\s+/);
/** The application names, each team starting at its own offset. */
export const apps =
  `orders cart users auth billing invoices products reviews recommendations notifications emails shipments
  tracking accounts fraud indexer quotes promotions assets stock sessions reports`.split(/\s+/);
/** The teams whose prod namespaces are in scope of PCI. */
export const pciTeams = ["payments", "ledger"];
/** The environments of application namespaces, prod twice as likely. */
export const envs = ["prod", "prod", "staging", "dev"];
/** The criticality tiers of application namespaces. */
export const criticality = ["critical", "standard", "standard", "experimental"];
/** The availability zones nodes are spread over. */
export const zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
/** The label of namespaces whose policy is enforced. */
export const enforced = { "network-policy": "enforced" };
/** The RFC 1918 private networks. */
export const privateNets = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];
/** The pod CIDR, handed out in /26 blocks per node, as Calico IPAM does. */
export const podCIDR = { base: 0x0a000000, blocks: 4096, text: "10.0.0.0/14" };
/** The network the nodes' own addresses are in. */
export const nodeCIDR = "10.128.0.0/16";

/** The components an application is made of: their kind, app tier and named container ports. */
export const components = {
  frontend: { kind: "Deployment", tier: "frontend", ports: "http:8080 metrics:9090" },
  web: { kind: "Deployment", tier: "frontend", ports: "http:3000 metrics:9091" },
  api: { kind: "Deployment", tier: "backend", ports: "http:8080 grpc:9000 metrics:9090" },
  worker: { kind: "Deployment", tier: "backend", ports: "metrics:9090" },
  db: { kind: "StatefulSet", tier: "data", ports: "postgres:5432 metrics:9187" },
  cache: { kind: "StatefulSet", tier: "data", ports: "redis:6379 metrics:9121" },
  queue: { kind: "StatefulSet", tier: "data", ports: "kafka:9092 kafka-tls:9093 metrics:9308" },
};

/** The cluster add-ons per namespace; replicas are `min + pods / per` up to `max`, or one per node for DaemonSets. */
export const addOns = {
  "kube-system": [
    {
      kind: "Deployment",
      name: "coredns",
      labels: "k8s-app=kube-dns",
      ports: "dns:53/UDP dns-tcp:53 metrics:9153",
      min: 2,
      per: 10_000,
    },
    { kind: "Deployment", name: "metrics-server", labels: "k8s-app=metrics-server", ports: "https:10250" },
    { kind: "DaemonSet", name: "fluent-bit", labels: "k8s-app=fluent-bit", ports: "metrics:2020" },
  ],
  monitoring: [
    {
      kind: "StatefulSet",
      name: "prometheus-k8s",
      labels: "app.kubernetes.io/name=prometheus",
      ports: "web:9090",
      per: 2000,
      max: 2,
    },
    {
      kind: "StatefulSet",
      name: "alertmanager-main",
      labels: "app.kubernetes.io/name=alertmanager",
      ports: "web:9093 mesh-tcp:9094",
      per: 1000,
      max: 3,
    },
    { kind: "Deployment", name: "grafana", labels: "app.kubernetes.io/name=grafana", ports: "http:3000" },
    {
      kind: "Deployment",
      name: "kube-state-metrics",
      labels: "app.kubernetes.io/name=kube-state-metrics",
      ports: "metrics:8080",
    },
    {
      kind: "DaemonSet",
      name: "node-exporter",
      labels: "app.kubernetes.io/name=node-exporter",
      ports: "metrics:9100",
    },
  ],
  "ingress-nginx": [
    {
      kind: "Deployment",
      name: "ingress-nginx-controller",
      labels: "app.kubernetes.io/name=ingress-nginx app.kubernetes.io/component=controller",
      ports: "http:80 https:443 metrics:10254",
      min: 2,
      per: 20_000,
    },
  ],
};
