// Deterministic generator of Calico Enterprise flow-log lines for one realistic cluster, its verdicts decided by the engine.
import { closeSync, openSync, writeFileSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import { compileSnapshot, evaluateFlow } from "@netward/core";
import { loadSnapshot } from "../packages/server/dist/cli/load-engine.js";
import { prng } from "./generate-manifests.js";
import { generateRealistic } from "./generate-realistic.js";
import { oneOf } from "./realistic/objects.js";

const intervalSeconds = 300;
const firstInterval = 1_767_225_600; // 2026-01-01T00:00:00Z
const protoNames = { 6: "tcp", 17: "udp", 1: "icmp" };

/** The ends flows can have: pods with their workload's aggregated name, host endpoints and network sets. */
function clusterEnds(items) {
  const pods = [];
  const hosts = [];
  const sets = [];
  for (const item of items) {
    if (item.kind === "Pod")
      pods.push({
        namespace: item.metadata.namespace,
        name: item.metadata.name,
        aggr: `${item.metadata.generateName}*`,
        ip: item.status.podIP,
        labels: Object.entries(item.metadata.labels).map(([k, v]) => `${k}=${v}`),
        ports: item.spec.containers[0].ports.map((p) => ({
          port: p.containerPort,
          proto: p.protocol === "UDP" ? 17 : 6,
          name: p.name,
        })),
        host: item.spec.nodeName,
      });
    else if (item.kind === "HostEndpoint")
      hosts.push({ name: item.metadata.name, ip: item.spec.expectedIPs[0], node: item.spec.node });
    else if (item.kind === "GlobalNetworkSet") sets.push({ name: item.metadata.name, nets: item.spec.nets });
  }
  return { pods, hosts, sets };
}

const inNet = (net, pick) => {
  const [base, bits] = net.split("/");
  const n = base.split(".").reduce((a, b) => a * 256 + Number(b), 0);
  const size = 2 ** (32 - Number(bits));
  const v = n + (size > 2 ? 1 + Math.floor(pick() * (size - 2)) : 0);
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join(".");
};

/** One destination for a source pod: same namespace mostly, DNS, other namespaces, outside, hosts, unknown. */
function destination(pod, ends, byNamespace, pick) {
  const r = pick();
  const podEnd = (p, port) => ({ type: "wep", pod: p, port: port.port, proto: port.proto });
  if (r < 0.55) {
    const peers = byNamespace.get(pod.namespace).filter((p) => p.aggr !== pod.aggr);
    const p = peers.length > 0 ? oneOf(pick, peers) : oneOf(pick, ends.pods);
    const serving = p.ports.filter((x) => x.name !== "metrics");
    return podEnd(p, oneOf(pick, serving.length > 0 ? serving : p.ports));
  }
  if (r < 0.67) return podEnd(oneOf(pick, ends.dns), { port: 53, proto: 17 });
  if (r < 0.75) {
    const p = oneOf(pick, ends.pods);
    return podEnd(p, oneOf(pick, p.ports));
  }
  if (r < 0.85) {
    const set = pick() < 0.6 ? oneOf(pick, ends.sets) : undefined;
    const ip = set
      ? inNet(oneOf(pick, set.nets), pick)
      : `${oneOf(pick, [3, 13, 20, 35, 44])}.${Math.floor(pick() * 256)}.${Math.floor(pick() * 256)}.${1 + Math.floor(pick() * 254)}`;
    return {
      type: set ? "ns" : "net",
      set: set?.name,
      ip,
      port: oneOf(pick, [443, 443, 80, 5432]),
      proto: 6,
    };
  }
  if (r < 0.9) return { type: "hep", host: oneOf(pick, ends.hosts), port: 10250, proto: 6 };
  if (r < 0.95) {
    const p = oneOf(pick, ends.monitoring);
    return { type: "scrape", pod: p, port: oneOf(pick, pod.ports).port, proto: 6 };
  }
  const app = oneOf(pick, ["legacy-billing", "batch-export", "old-search"]);
  return { type: "unknown", namespace: `${app}-ns`, aggr: `${app}-*`, port: 8080, proto: 6 };
}

/** The Calico policy strings of one side's hits, as `index|tier|name|action|ruleIndex`. */
const policyStrings = (side) =>
  side.hits.map(
    (h, i) =>
      `${i}|${h.tier}|${h.namespace ? `${h.namespace}/${h.name}` : h.name}|${h.action}|${h.ruleIndex}`,
  );

/** One end of a record: level 2 (allowed) names by aggregated name only, level 1 (denied) adds the address. */
function recordEnd(end, denied) {
  if (end.pod)
    return {
      ip: denied ? end.pod.ip : null,
      name: denied ? end.pod.name : "-",
      aggr: end.pod.aggr,
      namespace: end.pod.namespace,
      type: "wep",
      labels: end.pod.labels,
    };
  if (end.host)
    return {
      ip: denied ? end.host.ip : null,
      name: denied ? end.host.name : "-",
      aggr: end.host.name,
      namespace: "-",
      type: "hep",
      labels: [],
    };
  if (end.type === "ns")
    return { ip: denied ? end.ip : null, name: "-", aggr: end.set, namespace: "-", type: "ns", labels: [] };
  if (end.type === "net")
    return { ip: denied ? end.ip : null, name: "-", aggr: "pub", namespace: "-", type: "net", labels: [] };
  return { ip: null, name: "-", aggr: end.aggr, namespace: end.namespace, type: "wep", labels: [] };
}

/** The record keys (what stays the same from one interval to the next) of every conversation. */
function recordKeys(ends, engine, pick, conversations) {
  const byNamespace = new Map();
  for (const p of ends.pods) byNamespace.set(p.namespace, [...(byNamespace.get(p.namespace) ?? []), p]);
  const keys = new Map();
  const add = (src, dst, port, proto, action, reporter, side) => {
    const denied = action === "deny";
    const s = recordEnd(src, denied);
    const d = recordEnd(dst, denied);
    const key = [s.ip, s.aggr, d.ip, d.aggr, port, proto, action, reporter].join("|");
    if (keys.has(key)) return;
    const flip = pick() < 0.005;
    keys.set(key, {
      src: s,
      dst: d,
      port,
      proto,
      action: flip ? (denied ? "allow" : "deny") : action,
      reporter,
      policies: side ? policyStrings(side) : [`0|default|${s.namespace}/allow-legacy|allow|0`],
      host: src.pod?.host ?? dst.pod?.host ?? "-",
    });
  };
  for (let i = 0; i < conversations; i++) {
    const pod = ends.pods[Math.floor(pick() * ends.pods.length)];
    const dst = destination(pod, ends, byNamespace, pick);
    let src = { type: "wep", pod };
    let to = dst;
    if (dst.type === "scrape")
      [src, to] = [
        { type: "wep", pod: dst.pod },
        { type: "wep", pod },
      ];
    if (dst.type === "unknown") {
      add(src, to, dst.port, dst.proto, pick() < 0.7 ? "allow" : "deny", "src");
      continue;
    }
    const ip = (e) => e.pod?.ip ?? e.host?.ip ?? e.ip;
    const v = evaluateFlow(engine, {
      src: { kind: "ip", ip: ip(src) },
      dst: { kind: "ip", ip: ip(to) },
      protocol: dst.proto,
      dstPort: dst.port,
    });
    add(src, to, dst.port, dst.proto, v.egress.verdict, "src", v.egress);
    if (v.egress.verdict === "allow" && to.pod)
      add(src, to, dst.port, dst.proto, v.ingress.verdict, "dst", v.ingress);
  }
  return [...keys.values()];
}

/** One flow-log line for a record key in an interval, with the field set of Calico Enterprise flow logs. */
function line(k, start, pick) {
  const flows = 1 + Math.floor(pick() * pick() * 60);
  const packets = flows * (2 + Math.floor(pick() * 40));
  const bytes = packets * (60 + Math.floor(pick() * 1400));
  const denied = k.action === "deny";
  const policies = { enforced_policies: k.policies, pending_policies: k.policies, all_policies: k.policies };
  return JSON.stringify({
    start_time: start,
    end_time: start + intervalSeconds,
    source_ip: k.src.ip,
    source_name: k.src.name,
    source_name_aggr: k.src.aggr,
    source_namespace: k.src.namespace,
    source_port: null,
    source_type: k.src.type,
    source_labels: { labels: k.src.labels },
    dest_ip: k.dst.ip,
    dest_name: k.dst.name,
    dest_name_aggr: k.dst.aggr,
    dest_namespace: k.dst.namespace,
    dest_service_namespace: k.dst.type === "wep" ? k.dst.namespace : "-",
    dest_service_name: k.dst.type === "wep" ? k.dst.aggr.replace(/(-[a-z0-9]+)?-\*$/, "") : "-",
    dest_service_port: "-",
    dest_service_port_num: k.dst.type === "wep" ? k.port : null,
    dest_port: k.port,
    dest_type: k.dst.type,
    dest_labels: { labels: k.dst.labels },
    proto: protoNames[k.proto],
    action: k.action,
    reporter: k.reporter,
    policies,
    bytes_in: denied ? 0 : Math.floor(bytes * 0.8),
    bytes_out: Math.ceil(bytes * (denied ? 1 : 0.2)),
    num_flows: flows,
    num_flows_started: flows,
    num_flows_completed: denied ? 0 : flows,
    packets_in: denied ? 0 : Math.floor(packets / 2),
    packets_out: Math.ceil(packets / (denied ? 1 : 2)),
    http_requests_allowed_in: 0,
    http_requests_denied_in: 0,
    process_name: "-",
    num_process_names: 0,
    process_id: "-",
    num_process_ids: 0,
    original_source_ips: null,
    num_original_source_ips: 0,
    host: k.host,
  });
}

/**
 * Writes `<dir>/cluster.json` (the realistic cluster of `size`) and `<dir>/flows.log` (`lines` flow-log lines
 * over its pods, 5-minute intervals, allowed record keys active in 80% of them and denied ones in 15%); returns the
 * paths and a summary.
 */
export async function writeFlowLog(size, dir, lines, { seed = 1 } = {}) {
  const cluster = generateRealistic(size, { seed });
  const manifests = join(dir, "cluster.json");
  writeFileSync(manifests, JSON.stringify(cluster));
  const engine = compileSnapshot(
    await loadSnapshot([manifests], { calicoVersion: "v3.31", namespace: "default" }),
  );
  const ends = clusterEnds(cluster.items);
  ends.dns = ends.pods.filter((p) => p.namespace === "kube-system" && p.aggr.startsWith("coredns-"));
  ends.monitoring = ends.pods.filter((p) => p.aggr.startsWith("prometheus-k8s-"));
  const pick = prng(seed + 1);
  const keys = recordKeys(ends, engine, pick, Math.max(200, ends.pods.length * 4));
  const file = join(dir, "flows.log");
  const fd = openSync(file, "w");
  const summary = { lines: 0, keys: keys.length, denied: 0, pods: ends.pods.length, bytes: 0 };
  let chunk = "";
  const flush = () => {
    const buffer = Buffer.from(chunk);
    for (let done = 0; done < buffer.length;) done += writeSync(fd, buffer, done);
    summary.bytes += buffer.length;
    chunk = "";
  };
  try {
    for (let start = firstInterval; summary.lines < lines; start += intervalSeconds)
      for (const k of keys) {
        if (summary.lines === lines) break;
        if (pick() >= (k.action === "deny" ? 0.15 : 0.8)) continue;
        chunk += `${line(k, start, pick)}\n`;
        summary.lines++;
        if (k.action === "deny") summary.denied++;
        if (chunk.length > 1 << 22) flush();
      }
    flush();
  } finally {
    closeSync(fd);
  }
  return { manifests, flows: file, summary };
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const [size, dir, lines = "1000000"] = process.argv.slice(2);
  if (!size || !dir) {
    console.error("usage: node bench/generate-flowlog.js <S|M|L|XL> <dir> [lines]");
    process.exit(2);
  }
  const out = await writeFlowLog(size, dir, Number(lines));
  console.log(JSON.stringify(out));
}
