// Schemas for pods and every workload kind netward turns into endpoints, strict where netward reads.
import {
  any,
  array,
  bool,
  int,
  integer,
  intOrString,
  map,
  object,
  oneOf,
  string,
  type Schema,
} from "../../schema/schema.js";
import { dns1035Problem, labelNameProblem, portNameCheck } from "../names.js";
import { labelSelector, labels, objectMeta, resource } from "./k8s-meta.js";

/** The protocols Kubernetes accepts on ports (case-sensitive). */
export const k8sProtocol: Schema = oneOf("TCP", "UDP", "SCTP");

/** A port number 1-65535; out-of-range values are `invalid-port`. */
export const portNumber: Schema = integer((value, path, ctx) => {
  if (value < 1 || value > 65535)
    ctx.report({ code: "invalid-port", message: `port ${value} is out of range 1-65535` }, path);
});

const containerPort = object(
  {
    name: string(portNameCheck),
    containerPort: portNumber,
    protocol: k8sProtocol,
    hostPort: int(0, 65535),
    hostIP: string(),
  },
  { required: ["containerPort"] },
);

const containerFields = [
  "args",
  "command",
  "env",
  "envFrom",
  "image",
  "imagePullPolicy",
  "lifecycle",
  "livenessProbe",
  "readinessProbe",
  "resizePolicy",
  "resources",
  "restartPolicy",
  "restartPolicyRules",
  "securityContext",
  "startupProbe",
  "stdin",
  "stdinOnce",
  "terminationMessagePath",
  "terminationMessagePolicy",
  "tty",
  "volumeDevices",
  "volumeMounts",
  "workingDir",
];

const container = object(
  {
    name: string(),
    ports: array(containerPort),
    ...Object.fromEntries(containerFields.map((f) => [f, any])),
  },
  { required: ["name"] },
);

const podSpecFields = [
  "activeDeadlineSeconds",
  "affinity",
  "automountServiceAccountToken",
  "dnsConfig",
  "dnsPolicy",
  "enableServiceLinks",
  "ephemeralContainers",
  "hostAliases",
  "hostIPC",
  "hostPID",
  "hostUsers",
  "hostname",
  "hostnameOverride",
  "imagePullSecrets",
  "nodeSelector",
  "os",
  "overhead",
  "preemptionPolicy",
  "priority",
  "priorityClassName",
  "readinessGates",
  "resourceClaims",
  "resources",
  "restartPolicy",
  "runtimeClassName",
  "schedulerName",
  "schedulingGates",
  "securityContext",
  "setHostnameAsFQDN",
  "shareProcessNamespace",
  "subdomain",
  "terminationGracePeriodSeconds",
  "tolerations",
  "topologySpreadConstraints",
  "volumes",
];

/** PodSpec: strict on the fields netward reads, every other known field accepted as is. */
export const podSpec: Schema = object(
  {
    containers: array(container),
    initContainers: array(container),
    serviceAccountName: string(),
    serviceAccount: string(),
    hostNetwork: bool,
    nodeName: string(),
    ...Object.fromEntries(podSpecFields.map((f) => [f, any])),
  },
  { required: ["containers"] },
);

/** A pod template (metadata + spec) inside a workload. */
export const podTemplate: Schema = object(
  {
    metadata: object({
      labels,
      annotations: any,
      name: any,
      namespace: any,
      creationTimestamp: any,
      generateName: any,
      finalizers: any,
    }),
    spec: podSpec,
  },
  { required: ["spec"] },
);

const podIPs = array(object({ ip: string() }));

/** Pod, with the status fields that carry its addresses. */
export const pod = resource(podSpec, {
  specRequired: true,
  extra: { status: object({ podIP: string(), podIPs, hostIP: string(), hostIPs: podIPs }, { open: true }) },
});

const replicas = int(0);
const selectorAndTemplate = { selector: labelSelector, template: podTemplate };

/** Deployment. */
export const deployment = resource(
  object(
    {
      replicas,
      ...selectorAndTemplate,
      strategy: any,
      minReadySeconds: any,
      revisionHistoryLimit: any,
      paused: any,
      progressDeadlineSeconds: any,
    },
    { required: ["template"] },
  ),
  { specRequired: true },
);

/** StatefulSet. */
export const statefulSet = resource(
  object(
    {
      replicas,
      ...selectorAndTemplate,
      serviceName: string(),
      podManagementPolicy: any,
      updateStrategy: any,
      revisionHistoryLimit: any,
      volumeClaimTemplates: any,
      minReadySeconds: any,
      persistentVolumeClaimRetentionPolicy: any,
      ordinals: any,
    },
    { required: ["template"] },
  ),
  { specRequired: true },
);

/** DaemonSet. */
export const daemonSet = resource(
  object(
    { ...selectorAndTemplate, updateStrategy: any, minReadySeconds: any, revisionHistoryLimit: any },
    { required: ["template"] },
  ),
  { specRequired: true },
);

/** ReplicaSet. */
export const replicaSet = resource(
  object({ replicas, ...selectorAndTemplate, minReadySeconds: any }, { required: ["template"] }),
  { specRequired: true },
);

/** ReplicationController (its selector is a plain label map). */
export const replicationController = resource(
  object(
    { replicas, selector: labels, template: podTemplate, minReadySeconds: any },
    { required: ["template"] },
  ),
  { specRequired: true },
);

const jobSpecFields = [
  "parallelism",
  "completions",
  "activeDeadlineSeconds",
  "podFailurePolicy",
  "successPolicy",
  "backoffLimit",
  "backoffLimitPerIndex",
  "maxFailedIndexes",
  "manualSelector",
  "ttlSecondsAfterFinished",
  "completionMode",
  "suspend",
  "podReplacementPolicy",
  "managedBy",
];

const jobSpec = object(
  { ...selectorAndTemplate, ...Object.fromEntries(jobSpecFields.map((f) => [f, any])) },
  { required: ["template"] },
);

/** Job. */
export const job = resource(jobSpec, { specRequired: true });

/** CronJob (its pods come from spec.jobTemplate.spec.template). */
export const cronJob = resource(
  object(
    {
      schedule: string(),
      timeZone: any,
      startingDeadlineSeconds: any,
      concurrencyPolicy: any,
      suspend: any,
      jobTemplate: object({ metadata: any, spec: jobSpec }, { required: ["spec"] }),
      successfulJobsHistoryLimit: any,
      failedJobsHistoryLimit: any,
    },
    { required: ["schedule", "jobTemplate"] },
  ),
  { specRequired: true },
);

const servicePort = object(
  {
    name: string(),
    protocol: k8sProtocol,
    appProtocol: string(),
    port: portNumber,
    targetPort: intOrString(),
    nodePort: int(0, 65535),
  },
  { required: ["port"] },
);

const serviceSpecFields = [
  "clusterIP",
  "clusterIPs",
  "type",
  "externalIPs",
  "sessionAffinity",
  "loadBalancerIP",
  "loadBalancerSourceRanges",
  "externalName",
  "externalTrafficPolicy",
  "healthCheckNodePort",
  "publishNotReadyAddresses",
  "sessionAffinityConfig",
  "ipFamilies",
  "ipFamilyPolicy",
  "allocateLoadBalancerNodePorts",
  "loadBalancerClass",
  "internalTrafficPolicy",
  "trafficDistribution",
];

/** Service (Services carry DNS-1035 names). */
export const service = resource(
  object({
    ports: array(servicePort),
    selector: map(string()),
    ...Object.fromEntries(serviceSpecFields.map((f) => [f, any])),
  }),
  { meta: objectMeta(dns1035Problem) },
);

/** ServiceAccount. */
export const serviceAccount = resource(any, {
  extra: { secrets: any, imagePullSecrets: any, automountServiceAccountToken: bool },
});

/** Namespace (a DNS-1123 label name). */
export const namespace = resource(object({ finalizers: array(string()) }), {
  meta: objectMeta(labelNameProblem),
});
