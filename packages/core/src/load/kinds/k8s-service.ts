// Schemas for Service, ServiceAccount and Namespace.
import {
  any,
  array,
  bool,
  int,
  intOrString,
  object,
  string,
  type Check,
  type Schema,
} from "../../schema/schema.js";
import { dns1035Problem, labelNameProblem, portNameProblem } from "../names.js";
import { labels, objectMeta, resource } from "./k8s-meta.js";
import { k8sProtocol, portNumber } from "./k8s-pod.js";

/** A Service targetPort: 0 or "" (defaulted to port), a number 1-65535, or a container port name. */
const targetPortCheck: Check<number | string> = (port, path, ctx) => {
  if (port === 0 || port === "") return;
  const why =
    typeof port === "number"
      ? port < 1 || port > 65535
        ? "is out of range 1-65535"
        : undefined
      : portNameProblem(port);
  if (why !== undefined)
    ctx.report({ code: "invalid-port", message: `targetPort ${JSON.stringify(port)} ${why}` }, path);
};

const servicePort = object(
  {
    name: string(),
    protocol: k8sProtocol,
    appProtocol: string(),
    port: portNumber,
    targetPort: intOrString(targetPortCheck),
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
    selector: labels,
    ...Object.fromEntries(serviceSpecFields.map((f) => [f, any])),
  }),
  { meta: objectMeta(dns1035Problem) },
);

/** ServiceAccount (no spec: its fields sit at the top level). */
export const serviceAccount: Schema = object(
  {
    apiVersion: string(),
    kind: string(),
    metadata: objectMeta(),
    secrets: any,
    imagePullSecrets: any,
    automountServiceAccountToken: bool,
  },
  { required: ["metadata"] },
);

/** Namespace (a DNS-1123 label name). */
export const namespace = resource(object({ finalizers: array(string()) }), {
  meta: objectMeta(labelNameProblem),
});
