// The applications of a namespace: their components, replica counts, labels, service accounts and canaries.
import { apps, components, teams } from "./catalog.js";
import { ports } from "./objects.js";

/** Replicas: many 1-3, some up to 20, 7.75 on average (a namespace's last workload gets what is left of its budget). */
function replicas(pick) {
  const r = pick();
  if (r < 0.35) return 1 + Math.floor(pick() * 3);
  if (r < 0.65) return 4 + Math.floor(pick() * 6);
  if (r < 0.9) return 10 + Math.floor(pick() * 7);
  return 17 + Math.floor(pick() * 4);
}

/** The components of one application: always an API, often a frontend and a worker, sometimes stateful parts. */
function stack(pick) {
  const chosen = ["api"];
  if (pick() < 0.5) chosen.unshift(pick() < 0.5 ? "frontend" : "web");
  if (pick() < 0.5) chosen.push("worker");
  if (pick() < 0.4) chosen.push("db");
  if (pick() < 0.3) chosen.push("cache");
  if (pick() < 0.15) chosen.push("queue");
  return chosen;
}

/** Fills a namespace with applications of its team (the same names recur across namespaces) until exactly `budget` pods. */
export function fillNamespace(ns, budget, pick) {
  const start = (teams.indexOf(ns.team) * 3) % apps.length;
  let left = budget;
  for (let round = 0; left > 0; round++) {
    const base = apps[(start + (round % 5)) % apps.length];
    const app = round < 5 ? base : `${base}-${Math.floor(round / 5) + 1}`;
    const parts = stack(pick);
    const sa = pick() < 0.8 ? app : "default";
    const dbAccess = parts.some((c) => components[c].tier === "data") ? { "db-access": "true" } : {};
    if (sa !== "default") ns.serviceAccounts.set(sa, { app, ...dbAccess });
    const version = 1 + Math.floor(pick() * 3);
    for (const component of parts) {
      if (left === 0) break;
      const { kind, tier } = components[component];
      const labels = { app, component, tier, version: `v${version}`, team: ns.team, track: "stable" };
      if (tier === "backend" && pick() < 0.2) labels.egress = "internet";
      if (tier === "frontend" && pick() < 0.3) labels["grpc-client"] = "true";
      if (component === "worker" && pick() < 0.05) labels["metadata-access"] = "true";
      const count = Math.min(left, kind === "StatefulSet" ? Math.min(replicas(pick), 7) : replicas(pick));
      const image = `registry.example.com/${ns.team}/${app}-${component}:1.${Math.floor(pick() * 30)}.0`;
      const selector = { app, component, track: "stable" };
      const w = {
        kind,
        name: `${app}-${component}`,
        labels,
        selector,
        replicas: count,
        serviceAccount: sa,
        image,
      };
      ns.workloads.push({ ...w, ports: ports(components[component].ports) });
      left -= count;
      if (kind === "Deployment" && left > 0 && pick() < 0.1) {
        const canary = { ...labels, track: "canary", version: `v${version + 1}` };
        const n = Math.min(left, 1 + Math.floor(pick() * 2));
        ns.workloads.push({
          ...w,
          name: `${w.name}-canary`,
          labels: canary,
          selector: { ...selector, track: "canary" },
          replicas: n,
          ports: ports(components[component].ports),
          canary: true,
        });
        left -= n;
      }
    }
  }
}
