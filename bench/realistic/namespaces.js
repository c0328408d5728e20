// The namespaces of a realistic cluster: the add-on ones with their workloads, and empty application ones.
import { addOns, criticality, enforced, envs, pciTeams, teams } from "./catalog.js";
import { labelMap, oneOf, ports } from "./objects.js";

/** The add-on namespaces (DNS, metrics, logging, monitoring, ingress), scaled with the cluster. */
export function systemNamespaces(pods, nodes) {
  return Object.entries(addOns).map(([name, list]) => {
    const workloads = list.map((a) => ({
      kind: a.kind,
      name: a.name,
      labels: labelMap(a.labels),
      selector: labelMap(a.labels),
      replicas:
        a.kind === "DaemonSet"
          ? nodes
          : Math.min(a.max ?? Infinity, (a.min ?? 1) + Math.floor(pods / (a.per ?? Infinity))),
      serviceAccount: a.name,
      ports: ports(a.ports),
      image: `registry.k8s.io/${a.name}:v1.0.0`,
    }));
    const serviceAccounts = new Map([
      ["default", undefined],
      ...workloads.map((w) => [w.serviceAccount, undefined]),
    ]);
    return { name, system: true, labels: { ...enforced }, workloads, serviceAccounts };
  });
}

/** Application namespaces named `<team>-<env>[-n]`, a fifth of them unprotected, prod ones of PCI teams in scope of PCI. */
export function appNamespaces(count, pick) {
  const seen = new Map();
  const list = Array.from({ length: count }, () => {
    const [team, env] = [oneOf(pick, teams), oneOf(pick, envs)];
    const n = (seen.get(`${team}-${env}`) ?? 0) + 1;
    seen.set(`${team}-${env}`, n);
    const labels = {
      team,
      env,
      tier: oneOf(pick, criticality),
      "cost-center": `cc-${1000 + teams.indexOf(team)}`,
    };
    const name = n === 1 ? `${team}-${env}` : `${team}-${env}-${n}`;
    return {
      name,
      team,
      labels,
      lockdown: pick() < 0.25,
      workloads: [],
      serviceAccounts: new Map([["default", undefined]]),
    };
  });
  for (let left = Math.max(1, Math.round(count * 0.2)); left > 0;) {
    const ns = oneOf(pick, list);
    if (!ns.unprotected) left--;
    ns.unprotected = true;
  }
  for (const ns of list.filter((n) => !n.unprotected)) {
    Object.assign(ns.labels, enforced);
    ns.pci = pciTeams.includes(ns.team) && ns.labels.env === "prod";
    if (ns.pci) ns.labels.compliance = "pci";
  }
  return list;
}
