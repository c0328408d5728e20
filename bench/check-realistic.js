// Checks bench/generate-realistic.js on sizes S and M: determinism, exact shape, clean loading and policy that decides.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSnapshot, compileSnapshot, evaluateFlow, loadDocuments } from "@netward/core";
import { parseManifestText } from "../packages/server/dist/inputs/yaml-documents.js";
import { generateRealistic, sizes, writeRealistic } from "./generate-realistic.js";

const dir = mkdtempSync(join(tmpdir(), "netward-realistic-"));
const key = (o) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
const ipNumber = (ip) => ip.split(".").reduce((n, part) => n * 256 + Number(part), 0);

/** Same seed, same bytes; the streamed text is exactly the List's JSON; another seed gives another cluster. */
function checkDeterminism(size) {
  const [a, b] = ["a", "b"].map((name) => join(dir, `${size}-${name}.json`));
  const summary = writeRealistic(size, a, { seed: 7 });
  writeRealistic(size, b, { seed: 7 });
  const text = readFileSync(a, "utf8");
  assert.ok(readFileSync(b).equals(readFileSync(a)), "same seed must give byte-identical files");
  assert.equal(text, `${JSON.stringify(generateRealistic(size, { seed: 7 }), null, 2)}\n`);
  assert.equal(summary.bytes, Buffer.byteLength(text));
  assert.notEqual(JSON.stringify(generateRealistic(size, { seed: 8 })), JSON.stringify(JSON.parse(text)));
  return { text, summary };
}

/** Exact pod count, unique names and pod IPs, owners that exist, replica counts that add up, tier-prefixed names. */
function checkShape(size, items) {
  const byKey = new Map();
  for (const o of items) {
    assert.ok(!byKey.has(key(o)), `duplicate ${key(o)}`);
    byKey.set(key(o), o);
  }
  const pods = items.filter((o) => o.kind === "Pod");
  assert.equal(pods.length, sizes[size]);
  const ips = pods.map((p) => p.status.podIP);
  assert.equal(new Set(ips).size, ips.length, "pod IPs must be unique");
  for (const ip of ips)
    assert.equal(ipNumber(ip) >>> 18, ipNumber("10.0.0.0") >>> 18, `${ip} outside 10.0.0.0/14`);
  const owned = new Map();
  for (const o of items.filter((i) => i.metadata.ownerReferences)) {
    const [ref] = o.metadata.ownerReferences;
    const owner = byKey.get(`${ref.kind}/${o.metadata.namespace}/${ref.name}`);
    assert.ok(owner && owner.metadata.uid === ref.uid && ref.controller, `owner of ${key(o)}`);
    if (o.kind === "Pod") owned.set(key(owner), (owned.get(key(owner)) ?? 0) + 1);
  }
  for (const o of items.filter((i) => ["ReplicaSet", "StatefulSet", "DaemonSet"].includes(i.kind))) {
    const want = o.kind === "DaemonSet" ? o.status.desiredNumberScheduled : o.spec.replicas;
    assert.equal(owned.get(key(o)), want, `pods of ${key(o)}`);
  }
  for (const o of items.filter((i) => i.kind.endsWith("NetworkPolicy") && i.spec.tier))
    assert.ok(o.metadata.name.startsWith(`${o.spec.tier}.`), `${key(o)} must carry its tier prefix`);
  const namespaces = items.filter((o) => o.kind === "Namespace");
  const open = new Set(
    namespaces.filter((n) => !n.metadata.labels["network-policy"]).map((n) => n.metadata.name),
  );
  const share = open.size / namespaces.length;
  assert.ok(share >= 0.1 && share <= 0.3, `unprotected share ${share}`);
  for (const o of items.filter((i) => i.kind.endsWith("NetworkPolicy")))
    assert.ok(!open.has(o.metadata.namespace), `${key(o)} is in an unprotected namespace`);
  const apps = items.filter(
    (o) => ["Deployment", "StatefulSet"].includes(o.kind) && o.spec.template.metadata.labels.team,
  );
  const mean = apps.reduce((sum, w) => sum + w.spec.replicas, 0) / apps.length;
  return { open, pods, mean };
}

/** Loads the text as `netward validate` does: no issue of any severity. */
function checkLoads(text) {
  const parsed = parseManifestText(text, "cluster.json");
  const loaded = loadDocuments(parsed.documents);
  const built = buildSnapshot(loaded.objects);
  const issues = [...parsed.issues, ...loaded.issues, ...built.issues];
  assert.deepEqual(issues.slice(0, 3), [], "the generated cluster must load without issues");
  return compileSnapshot(built.snapshot);
}

/** Flows whose verdict follows from how the policy was designed, plus random flows that must include both verdicts. */
function checkVerdicts(engine, pods, open) {
  const ref = (p) => ({ kind: "workload", namespace: p.metadata.namespace, name: p.metadata.name });
  const verdict = (src, dst, port, protocol = 6) =>
    evaluateFlow(engine, { src: ref(src), dst: ref(dst), protocol, dstPort: port }).verdict;
  const find = (test) => pods.find((p) => test(p.metadata.labels, p.metadata.namespace));
  const dns = find((l) => l["k8s-app"] === "kube-dns");
  const prometheus = find((l) => l["app.kubernetes.io/name"] === "prometheus");
  const api = find((l, ns) => l.component === "api" && !open.has(ns));
  const caller = find((l, ns) => l.tier === "frontend" && ns === api.metadata.namespace);
  const outsider = find(
    (l, ns) => open.has(ns) && l.team !== api.metadata.labels.team && l.tier !== "backend",
  );
  const neighbour = find((l, ns) => open.has(ns) && l.app !== outsider.metadata.labels.app);
  const db = find((l, ns) => l.component === "db" && !open.has(ns));
  assert.equal(verdict(api, dns, 53, 17), "allow", "DNS is allowed from every protected pod");
  assert.equal(verdict(outsider, api, 8080), "deny", "an unprotected namespace cannot reach a protected API");
  assert.equal(verdict(outsider, neighbour, 8080), "allow", "unprotected namespaces reach each other");
  assert.equal(verdict(prometheus, api, 9090), "allow", "Prometheus scrapes metrics");
  assert.equal(verdict(prometheus, db, 5432), "deny", "Prometheus cannot open a database");
  if (caller) assert.equal(verdict(caller, api, 8080), "allow", "a frontend reaches its namespace's API");
  const counts = { allow: 0, deny: 0 };
  for (let i = 0; i < 400; i++) {
    const [src, dst] = [pods[(i * 7919) % pods.length], pods[(i * 104_729 + 13) % pods.length]];
    counts[verdict(src, dst, [8080, 9000, 5432, 443][i % 4])]++;
  }
  assert.ok(counts.allow > 0 && counts.deny > 0, `random flows: ${JSON.stringify(counts)}`);
  return counts;
}

try {
  for (const size of ["S", "M"]) {
    const { text, summary } = checkDeterminism(size);
    const { open, pods, mean } = checkShape(size, JSON.parse(text).items);
    const counts = checkVerdicts(checkLoads(text), pods, open);
    console.log(
      `${size}: ok (${summary.pods} pods, mean replicas of app workloads ${mean.toFixed(1)}, random flows ${counts.allow} allowed / ${counts.deny} denied)`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
