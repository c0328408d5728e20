// Schemas for pods and pod templates: containers, ports and the pod spec fields netward reads.
import { any, array, bool, integer, object, string, type Check, type Schema } from "../../schema/schema.js";
import { suggest } from "../../schema/suggest.js";
import { isMapping } from "../../schema/validate.js";
import { portNameCheck } from "../names.js";
import { labels, resource } from "./k8s-meta.js";

const k8sProtocols = ["TCP", "UDP", "SCTP"];

/** The protocols Kubernetes accepts on ports (case-sensitive); anything else is `invalid-protocol`. */
export const k8sProtocol: Schema = string((protocol, path, ctx) => {
  if (k8sProtocols.includes(protocol)) return;
  const close = suggest(protocol, k8sProtocols);
  ctx.report(
    {
      code: "invalid-protocol",
      message: `protocol ${JSON.stringify(protocol)} is not one of TCP, UDP, SCTP (exact case)`,
      ...(close ? { fix: `write ${close}` } : {}),
    },
    path,
  );
});

/** A port number 1-65535; out-of-range values are `invalid-port`. */
export const portNumber: Schema = integer((value, path, ctx) => {
  if (value < 1 || value > 65535)
    ctx.report({ code: "invalid-port", message: `port ${value} is out of range 1-65535` }, path);
});

/** A host port: 0 (none) or 1-65535. */
const hostPort: Schema = integer((value, path, ctx) => {
  if (value < 0 || value > 65535)
    ctx.report({ code: "invalid-port", message: `hostPort ${value} is out of range 1-65535` }, path);
});

const containerPort = object(
  {
    name: string(portNameCheck),
    containerPort: portNumber,
    protocol: k8sProtocol,
    hostPort,
    hostIP: string(),
  },
  { required: ["containerPort"] },
);

/** Port names must be unique within a container (Kubernetes `validateContainerPorts`). */
const uniquePortNames: Check<readonly unknown[]> = (ports, path, ctx) => {
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const name = isMapping(p) ? p["name"] : undefined;
    if (typeof name !== "string") return;
    if (seen.has(name))
      ctx.report(
        {
          code: "invalid-port",
          message: `port name ${JSON.stringify(name)} is used twice in this container`,
        },
        [...path, i, "name"],
      );
    seen.add(name);
  });
};

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
    ports: array(containerPort, uniquePortNames),
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
    containers: array(container, (list, path, ctx) => {
      if (list.length === 0)
        ctx.report({ code: "missing-field", message: "a pod needs at least one container" }, path);
    }),
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
