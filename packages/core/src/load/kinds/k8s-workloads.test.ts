// Tests that Pods, workload controllers, Services, ServiceAccounts and Namespaces validate as kube-apiserver does.
import { describe, expect, it } from "vitest";
import { loadValues } from "../testkit.js";
import { REMOVE, changed, issuesAfter, type Change } from "./testkit.js";

const container = {
  name: "app",
  image: "nginx",
  imagePullPolicy: "IfNotPresent",
  ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
};
const podSpec = { containers: [container] };
const template = { metadata: { labels: { app: "web" } }, spec: podSpec };
const selector = { matchLabels: { app: "web" } };
const meta = { name: "web", namespace: "shop" };
const jobTemplate = { metadata: {}, spec: { ...podSpec, restartPolicy: "Never" } };

/** A minimal valid object of every workload kind, with the path of its pod spec. */
const workloads = {
  Pod: [{ apiVersion: "v1", kind: "Pod", metadata: meta, spec: podSpec }, "spec"],
  Deployment: [
    { apiVersion: "apps/v1", kind: "Deployment", metadata: meta, spec: { selector, template } },
    "spec.template.spec",
  ],
  StatefulSet: [
    {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: meta,
      spec: { selector, template, serviceName: "web" },
    },
    "spec.template.spec",
  ],
  DaemonSet: [
    { apiVersion: "apps/v1", kind: "DaemonSet", metadata: meta, spec: { selector, template } },
    "spec.template.spec",
  ],
  ReplicaSet: [
    { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: meta, spec: { selector, template } },
    "spec.template.spec",
  ],
  ReplicationController: [
    {
      apiVersion: "v1",
      kind: "ReplicationController",
      metadata: meta,
      spec: { selector: { app: "web" }, template },
    },
    "spec.template.spec",
  ],
  Job: [
    { apiVersion: "batch/v1", kind: "Job", metadata: meta, spec: { template: jobTemplate } },
    "spec.template.spec",
  ],
  CronJob: [
    {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: meta,
      spec: { schedule: "0 2 * * *", jobTemplate: { spec: { template: jobTemplate } } },
    },
    "spec.jobTemplate.spec.template.spec",
  ],
} as const;

type Row = [string, Change, string[]];

describe.each(Object.entries(workloads))("%s", (_kind, [base, ps]) => {
  it("the minimal object is valid", () => {
    expect(issuesAfter(base, {})).toEqual([]);
  });

  it.each<Row>([
    [
      "a misspelt container field",
      { [`${ps}.containers[0].imagePullPolice`]: "Always" },
      [`unknown-field ${ps}.containers[0].imagePullPolice`],
    ],
    [
      "containerport in lower case",
      { [`${ps}.containers[0].ports[0]`]: { containerport: 8080 } },
      [
        `unknown-field ${ps}.containers[0].ports[0].containerport`,
        `missing-field ${ps}.containers[0].ports[0]`,
      ],
    ],
    [
      "containerPort 0",
      { [`${ps}.containers[0].ports[0].containerPort`]: 0 },
      [`invalid-port ${ps}.containers[0].ports[0].containerPort`],
    ],
    ["no containers", { [`${ps}.containers`]: REMOVE }, [`missing-field ${ps}`]],
  ])("%s", (_name, change, expected) => {
    expect(issuesAfter(base, change)).toEqual(expected);
  });
});

describe("pod spec strictness (Pod)", () => {
  const pod = workloads.Pod[0];
  const C = "spec.containers[0]";
  const CP = `${C}.ports[0]`;
  it.each<Row>([
    ["containerPort 1", { [`${CP}.containerPort`]: 1 }, []],
    ["containerPort 65535", { [`${CP}.containerPort`]: 65535 }, []],
    ["containerPort 65536", { [`${CP}.containerPort`]: 65536 }, [`invalid-port ${CP}.containerPort`]],
    ["containerPort as a string", { [`${CP}.containerPort`]: "8080" }, [`wrong-type ${CP}.containerPort`]],
    ["containerPort missing", { [`${CP}.containerPort`]: REMOVE }, [`missing-field ${CP}`]],
    ["a port without a name", { [`${CP}.name`]: REMOVE }, []],
    ["port name in upper case", { [`${CP}.name`]: "HTTP" }, [`invalid-port ${CP}.name`]],
    ["port name of 16 characters", { [`${CP}.name`]: "abcdefghijklmnop" }, [`invalid-port ${CP}.name`]],
    ["port name with no letter", { [`${CP}.name`]: "8080" }, [`invalid-port ${CP}.name`]],
    ["port name with '--'", { [`${CP}.name`]: "a--b" }, [`invalid-port ${CP}.name`]],
    [
      "two ports of one container with the same name",
      { [`${C}.ports[1]`]: { name: "http", containerPort: 9090 } },
      [`invalid-port ${C}.ports[1].name`],
    ],
    [
      "the same port name in two containers",
      { "spec.containers[1]": { name: "side", ports: [{ name: "http", containerPort: 9090 }] } },
      [],
    ],
    ["protocol UDP", { [`${CP}.protocol`]: "UDP" }, []],
    ["protocol SCTP", { [`${CP}.protocol`]: "SCTP" }, []],
    ["protocol absent (TCP)", { [`${CP}.protocol`]: REMOVE }, []],
    ["protocol tcp", { [`${CP}.protocol`]: "tcp" }, [`invalid-protocol ${CP}.protocol`]],
    ["protocol HTTP", { [`${CP}.protocol`]: "HTTP" }, [`invalid-protocol ${CP}.protocol`]],
    ["hostPort 8080", { [`${CP}.hostPort`]: 8080 }, []],
    ["hostPort 70000", { [`${CP}.hostPort`]: 70000 }, [`invalid-port ${CP}.hostPort`]],
    ["an unknown port field", { [`${CP}.port`]: 80 }, [`unknown-field ${CP}.port`]],
    ["containers: []", { "spec.containers": [] }, ["missing-field spec.containers"]],
    ["a container without a name", { [`${C}.name`]: REMOVE }, [`missing-field ${C}`]],
    [
      "init containers with ports",
      { "spec.initContainers": [{ name: "init", ports: [{ containerPort: 1 }] }] },
      [],
    ],
    ["hostNetwork true", { "spec.hostNetwork": true }, []],
    ["hostNetwork as a string", { "spec.hostNetwork": "yes" }, ["wrong-type spec.hostNetwork"]],
    ["a misspelt pod spec field", { "spec.hostnetwork": true }, ["unknown-field spec.hostnetwork"]],
    ["serviceAccountName", { "spec.serviceAccountName": "web" }, []],
    ["fields netward does not read", { "spec.tolerations": [], "spec.volumes": [], [`${C}.env`]: [] }, []],
    [
      "a pod IP in status",
      { status: { podIP: "10.0.0.5", podIPs: [{ ip: "10.0.0.5" }], phase: "Running" } },
      [],
    ],
  ])("%s", (_name, change, expected) => {
    expect(issuesAfter(pod, change)).toEqual(expected);
  });

  it("suggests the intended spelling of a misspelt field", () => {
    const issues = loadValues([
      changed(pod, {
        [`${C}.imagePullPolice`]: "Always",
        [CP]: { containerport: 8080 },
        [`${C}.ports[1]`]: { containerPort: 1, protocol: "tcp" },
      }),
    ]).issues;
    expect(
      issues
        .map((i) => i.fix)
        .filter((f) => f !== undefined)
        .sort(),
    ).toEqual([
      "rename containerport to containerPort",
      "rename imagePullPolice to imagePullPolicy",
      "write TCP",
    ]);
  });
});

describe("controllers", () => {
  const deploy = workloads.Deployment[0];
  const rc = workloads.ReplicationController[0];
  const cron = workloads.CronJob[0];
  it.each<[string, unknown, Change, string[]]>([
    ["Deployment with replicas", deploy, { "spec.replicas": 3 }, []],
    ["Deployment with replicas as a string", deploy, { "spec.replicas": "3" }, ["wrong-type spec.replicas"]],
    ["Deployment with negative replicas", deploy, { "spec.replicas": -1 }, ["invalid-value spec.replicas"]],
    ["Deployment without a selector", deploy, { "spec.selector": REMOVE }, ["missing-field spec"]],
    ["Deployment without a template", deploy, { "spec.template": REMOVE }, ["missing-field spec"]],
    ["Deployment with an empty selector", deploy, { "spec.selector": {} }, ["invalid-value spec.selector"]],
    [
      "Deployment whose selector does not match the template",
      deploy,
      { "spec.selector.matchLabels.app": "api" },
      ["conflicting-fields spec.template.metadata.labels"],
    ],
    [
      "Deployment with a matching In expression",
      deploy,
      { "spec.selector": { matchExpressions: [{ key: "app", operator: "In", values: ["web", "api"] }] } },
      [],
    ],
    [
      "Deployment with a NotIn expression excluding the template",
      deploy,
      { "spec.selector": { matchExpressions: [{ key: "app", operator: "NotIn", values: ["web"] }] } },
      ["conflicting-fields spec.template.metadata.labels"],
    ],
    [
      "StatefulSet without a selector",
      workloads.StatefulSet[0],
      { "spec.selector": REMOVE },
      ["missing-field spec"],
    ],
    [
      "DaemonSet without a selector",
      workloads.DaemonSet[0],
      { "spec.selector": REMOVE },
      ["missing-field spec"],
    ],
    [
      "ReplicaSet without a selector",
      workloads.ReplicaSet[0],
      { "spec.selector": REMOVE },
      ["missing-field spec"],
    ],
    ["ReplicationController without a selector (defaulted)", rc, { "spec.selector": REMOVE }, []],
    [
      "ReplicationController with a LabelSelector instead of a map",
      rc,
      { "spec.selector": { matchLabels: { app: "web" } } },
      ["wrong-type spec.selector.matchLabels"],
    ],
    [
      "ReplicationController whose selector does not match",
      rc,
      { "spec.selector": { app: "api" } },
      ["conflicting-fields spec.template.metadata.labels"],
    ],
    [
      "ReplicationController with no selector and no template labels",
      rc,
      { "spec.selector": REMOVE, "spec.template.metadata": REMOVE },
      ["missing-field spec"],
    ],
    ["Job without a selector (generated)", workloads.Job[0], {}, []],
    ["Job without a template", workloads.Job[0], { "spec.template": REMOVE }, ["missing-field spec"]],
    ["CronJob without a schedule", cron, { "spec.schedule": REMOVE }, ["missing-field spec"]],
    ["CronJob without a jobTemplate", cron, { "spec.jobTemplate": REMOVE }, ["missing-field spec"]],
    [
      "CronJob container port out of range",
      cron,
      { "spec.jobTemplate.spec.template.spec.containers[0].ports[0].containerPort": 70000 },
      ["invalid-port spec.jobTemplate.spec.template.spec.containers[0].ports[0].containerPort"],
    ],
    [
      "CronJob with the pod template one level too high",
      cron,
      { "spec.template": { spec: podSpec } },
      ["unknown-field spec.template"],
    ],
  ])("%s", (_name, base, change, expected) => {
    expect(issuesAfter(base, change)).toEqual(expected);
  });
});

describe("Service", () => {
  const service = {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta,
    spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http" }] },
  };
  const SP = "spec.ports[0]";
  it.each<Row>([
    ["the base service", {}, []],
    ["a name with a hyphen and digits", { "metadata.name": "web-2" }, []],
    ["a name starting with a digit", { "metadata.name": "1web" }, ["invalid-name metadata.name"]],
    ["a dotted name", { "metadata.name": "web.v2" }, ["invalid-name metadata.name"]],
    ["a name of 64 characters", { "metadata.name": "a".repeat(64) }, ["invalid-name metadata.name"]],
    ["protocol UDP", { [`${SP}.protocol`]: "UDP" }, []],
    ["protocol tcp", { [`${SP}.protocol`]: "tcp" }, [`invalid-protocol ${SP}.protocol`]],
    ["port 0", { [`${SP}.port`]: 0 }, [`invalid-port ${SP}.port`]],
    ["no port", { [`${SP}.port`]: REMOVE }, [`missing-field ${SP}`]],
    ["targetPort a number", { [`${SP}.targetPort`]: 8080 }, []],
    ["targetPort absent (defaults to port)", { [`${SP}.targetPort`]: REMOVE }, []],
    ["targetPort 70000", { [`${SP}.targetPort`]: 70000 }, [`invalid-port ${SP}.targetPort`]],
    ["targetPort name in upper case", { [`${SP}.targetPort`]: "HTTP" }, [`invalid-port ${SP}.targetPort`]],
    [
      "a selector value with a space",
      { "spec.selector.app": "web app" },
      ["invalid-label spec.selector.app"],
    ],
    ["fields netward does not read", { "spec.type": "ClusterIP", "spec.clusterIP": "10.96.0.10" }, []],
    ["a misspelt spec field", { "spec.selecter": {} }, ["unknown-field spec.selecter"]],
  ])("%s", (_name, change, expected) => {
    expect(issuesAfter(service, change)).toEqual(expected);
  });
});

describe("ServiceAccount and Namespace", () => {
  const sa = { apiVersion: "v1", kind: "ServiceAccount", metadata: meta };
  const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } };
  it.each<[string, unknown, Change, string[]]>([
    ["a bare ServiceAccount", sa, {}, []],
    [
      "ServiceAccount top-level fields",
      sa,
      { automountServiceAccountToken: false, secrets: [{ name: "s" }], imagePullSecrets: [{ name: "r" }] },
      [],
    ],
    ["ServiceAccount with a spec", sa, { spec: {} }, ["unknown-field spec"]],
    [
      "ServiceAccount automount as a string",
      sa,
      { automountServiceAccountToken: "no" },
      ["wrong-type automountServiceAccountToken"],
    ],
    ["ServiceAccount with a dotted name", sa, { "metadata.name": "web.reader" }, []],
    ["a bare Namespace", ns, {}, []],
    ["Namespace with finalizers", ns, { "spec.finalizers": ["kubernetes"] }, []],
    ["Namespace with labels", ns, { "metadata.labels": { "kubernetes.io/metadata.name": "shop" } }, []],
    ["a dotted Namespace name", ns, { "metadata.name": "shop.eu" }, ["invalid-name metadata.name"]],
    ["an upper-case Namespace name", ns, { "metadata.name": "Shop" }, ["invalid-name metadata.name"]],
    [
      "a Namespace name of 64 characters",
      ns,
      { "metadata.name": "a".repeat(64) },
      ["invalid-name metadata.name"],
    ],
  ])("%s", (_name, base, change, expected) => {
    expect(issuesAfter(base, change)).toEqual(expected);
  });
});
