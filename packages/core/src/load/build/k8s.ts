// Builds typed Kubernetes objects (workloads, namespaces, services, NetworkPolicy) with API defaults.
import type {
  ContainerPort,
  K8sLabelSelector,
  K8sNetworkPolicy,
  K8sPeer,
  K8sPolicyPort,
  K8sProtocol,
  K8sRule,
  LabelExpression,
  Namespace,
  Service,
  ServiceAccount,
  Lifetime,
  Workload,
  WorkloadKind,
} from "../../model/k8s.js";
import type { LoadedObject } from "../loader.js";
import { list, num, obj, setIf, str, strings, type Obj } from "./access.js";

/** A LabelSelector with absent parts made empty. */
export function labelSelector(o: Obj): K8sLabelSelector {
  return {
    matchLabels: strings(o, "matchLabels"),
    matchExpressions: list(o, "matchExpressions").map((e) => ({
      key: str(e, "key")!,
      operator: str(e, "operator") as LabelExpression["operator"],
      values: list<string>(e, "values"),
    })),
  };
}

/** The pod template (metadata and spec) of a workload kind. */
function podTemplate(kind: WorkloadKind, o: Obj): { meta: Obj; spec: Obj } {
  if (kind === "Pod") return { meta: obj(o, "metadata"), spec: obj(o, "spec") };
  const spec = obj(o, "spec");
  const template =
    kind === "CronJob" ? obj(obj(obj(spec, "jobTemplate"), "spec"), "template") : obj(spec, "template");
  return { meta: obj(template, "metadata"), spec: obj(template, "spec") };
}

function containerPorts(spec: Obj): ContainerPort[] {
  return list(spec, "containers").flatMap((c) =>
    list(c, "ports").map((p) => {
      const port: ContainerPort = {
        port: num(p, "containerPort")!,
        protocol: (str(p, "protocol") ?? "TCP") as K8sProtocol,
      };
      setIf(port, "name", str(p, "name"));
      return port;
    }),
  );
}

function replicas(kind: WorkloadKind, spec: Obj): number {
  if (
    kind === "Deployment" ||
    kind === "StatefulSet" ||
    kind === "ReplicaSet" ||
    kind === "ReplicationController"
  ) {
    return num(spec, "replicas") ?? 1;
  }
  return 1;
}

const instant = (text: string | undefined): number | undefined => {
  const ms = text === undefined ? NaN : Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
};

/**
 * When a dumped pod held its addresses: from its creation until it was deleted or, once Succeeded or Failed,
 * until its last container finished (Calico drops a finished pod's endpoint and the address is reused).
 */
function podLifetime(o: Obj): Lifetime | undefined {
  const meta = obj(o, "metadata");
  const status = obj(o, "status");
  const out: Lifetime = {};
  setIf(out, "from", instant(str(meta, "creationTimestamp")));
  const phase = str(status, "phase");
  const finished =
    phase === "Succeeded" || phase === "Failed"
      ? list(status, "containerStatuses")
          .map((c) => instant(str(obj(obj(c, "state"), "terminated"), "finishedAt")))
          .filter((t): t is number => t !== undefined)
      : [];
  const ends = [
    instant(str(meta, "deletionTimestamp")),
    finished.length > 0 ? Math.max(...finished) : undefined,
  ];
  const until = ends.filter((t): t is number => t !== undefined);
  if (until.length > 0) out.until = Math.min(...until);
  return out.from === undefined && out.until === undefined ? undefined : out;
}

/** A Workload from a pod or any workload kind. */
export function workload(o: LoadedObject): Workload {
  const kind = o.info.kind as WorkloadKind;
  const { meta, spec } = podTemplate(kind, o.value);
  const status = obj(o.value, "status");
  const ips = list(status, "podIPs")
    .map((p) => str(p, "ip"))
    .filter((ip): ip is string => ip !== undefined);
  const podIP = str(status, "podIP");
  if (kind === "Pod" && podIP !== undefined && !ips.includes(podIP)) ips.unshift(podIP);
  const w: Workload = {
    kind,
    namespace: o.namespace!,
    name: o.name,
    labels: strings(meta, "labels"),
    serviceAccount: str(spec, "serviceAccountName") ?? str(spec, "serviceAccount") ?? "default",
    ports: containerPorts(spec),
    replicas: replicas(kind, obj(o.value, "spec")),
    hostNetwork: spec["hostNetwork"] === true,
    ips: kind === "Pod" ? ips : [],
    source: o.source,
  };
  const owner = list(obj(o.value, "metadata"), "ownerReferences").find((r) => r["controller"] === true);
  if (owner) w.owner = { kind: str(owner, "kind") ?? "", name: str(owner, "name") ?? "" };
  if (kind === "Pod") setIf(w, "lifetime", podLifetime(o.value));
  return w;
}

/** A Namespace; the API server always adds `kubernetes.io/metadata.name`. */
export function namespace(o: LoadedObject): Namespace {
  const labels = { ...strings(obj(o.value, "metadata"), "labels"), "kubernetes.io/metadata.name": o.name };
  return { name: o.name, labels, declared: true, source: o.source };
}

/** A ServiceAccount. */
export function serviceAccount(o: LoadedObject): ServiceAccount {
  return {
    namespace: o.namespace!,
    name: o.name,
    labels: strings(obj(o.value, "metadata"), "labels"),
    source: o.source,
  };
}

/** A Service. */
export function service(o: LoadedObject): Service {
  const spec = obj(o.value, "spec");
  const ports = list(spec, "ports").map((p) => {
    const port: Service["ports"][number] = {
      protocol: (str(p, "protocol") ?? "TCP") as K8sProtocol,
      port: num(p, "port")!,
    };
    setIf(port, "name", str(p, "name"));
    const target = p["targetPort"];
    if (typeof target === "number" || typeof target === "string") port.targetPort = target;
    return port;
  });
  return {
    namespace: o.namespace!,
    name: o.name,
    selector: strings(spec, "selector"),
    ports,
    source: o.source,
  };
}

function policyPort(p: Obj): K8sPolicyPort {
  const port: K8sPolicyPort = { protocol: (str(p, "protocol") ?? "TCP") as K8sProtocol };
  const value = p["port"];
  if (typeof value === "number" || typeof value === "string") port.port = value;
  setIf(port, "endPort", num(p, "endPort"));
  return port;
}

function peer(p: Obj): K8sPeer {
  const out: K8sPeer = {};
  if (p["podSelector"] !== undefined && p["podSelector"] !== null)
    out.podSelector = labelSelector(obj(p, "podSelector"));
  if (p["namespaceSelector"] !== undefined && p["namespaceSelector"] !== null)
    out.namespaceSelector = labelSelector(obj(p, "namespaceSelector"));
  const block = obj(p, "ipBlock");
  const cidr = str(block, "cidr");
  if (cidr !== undefined) out.ipBlock = { cidr, except: list<string>(block, "except") };
  return out;
}

function rules(spec: Obj, key: "ingress" | "egress"): K8sRule[] {
  const peersKey = key === "ingress" ? "from" : "to";
  return list(spec, key).map((r) => ({
    peers: list(r, peersKey).map(peer),
    ports: list(r, "ports").map(policyPort),
  }));
}

/** The policyTypes default: Ingress, plus Egress when there are egress rules. */
export function defaultPolicyTypes(spec: Obj, egress: K8sRule[]): ("Ingress" | "Egress")[] {
  const given = list<"Ingress" | "Egress">(spec, "policyTypes");
  if (given.length > 0) return [...new Set(given)];
  return egress.length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
}

/** A networking.k8s.io/v1 NetworkPolicy (also the body of a StagedKubernetesNetworkPolicy). */
export function k8sNetworkPolicy(o: LoadedObject): K8sNetworkPolicy {
  const spec = obj(o.value, "spec");
  const egress = rules(spec, "egress");
  return {
    namespace: o.namespace!,
    name: o.name,
    podSelector: labelSelector(obj(spec, "podSelector")),
    ingress: rules(spec, "ingress"),
    egress,
    policyTypes: defaultPolicyTypes(spec, egress),
    source: o.source,
  };
}
