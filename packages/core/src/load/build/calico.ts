// Builds typed Calico objects with Calico's defaults (tier, types, defaultAction).
import type {
  CalicoPolicy,
  CalicoPolicyKind,
  CalicoRule,
  Direction,
  EndpointPort,
  EntityRule,
  HostEndpoint,
  ICMPMatch,
  NetworkSet,
  Profile,
  StagedAction,
  StagedK8sPolicy,
  Tier,
  WorkloadEndpoint,
} from "../../model/calico.js";
import type { LoadedObject } from "../loader.js";
import { list, num, obj, setIf, str, strings, type Obj } from "./access.js";
import { k8sNetworkPolicy } from "./k8s.js";

function protocolOf(o: Obj, key: string): number | string | undefined {
  const v = o[key];
  if (typeof v === "number") return v;
  if (typeof v === "string") return /^\d+$/.test(v) ? Number(v) : v;
  return undefined;
}

function icmp(o: Obj, key: string): ICMPMatch | undefined {
  if (o[key] === undefined || o[key] === null) return undefined;
  const fields = obj(o, key);
  const out: ICMPMatch = {};
  setIf(out, "type", num(fields, "type"));
  setIf(out, "code", num(fields, "code"));
  return out;
}

function entity(o: Obj): EntityRule {
  const e: EntityRule = {
    nets: list<string>(o, "nets"),
    notNets: list<string>(o, "notNets"),
    ports: list<number | string>(o, "ports"),
    notPorts: list<number | string>(o, "notPorts"),
  };
  setIf(e, "selector", str(o, "selector"));
  setIf(e, "notSelector", str(o, "notSelector"));
  setIf(e, "namespaceSelector", str(o, "namespaceSelector"));
  if (o["serviceAccounts"] !== undefined && o["serviceAccounts"] !== null) {
    const sa = obj(o, "serviceAccounts");
    e.serviceAccounts = { names: list<string>(sa, "names") };
    setIf(e.serviceAccounts, "selector", str(sa, "selector"));
  }
  const services = obj(o, "services");
  const name = str(services, "name");
  if (name !== undefined) {
    e.services = { name };
    setIf(e.services, "namespace", str(services, "namespace"));
  }
  return e;
}

/** A Calico rule with absent source/destination made empty. */
export function rule(o: Obj): CalicoRule {
  const r: CalicoRule = {
    action: str(o, "action") as CalicoRule["action"],
    source: entity(obj(o, "source")),
    destination: entity(obj(o, "destination")),
  };
  setIf(r, "ipVersion", num(o, "ipVersion") as 4 | 6 | undefined);
  setIf(r, "protocol", protocolOf(o, "protocol"));
  setIf(r, "notProtocol", protocolOf(o, "notProtocol"));
  setIf(r, "icmp", icmp(o, "icmp"));
  setIf(r, "notICMP", icmp(o, "notICMP"));
  if (o["http"] !== undefined && o["http"] !== null) {
    const http = obj(o, "http");
    r.http = { methods: list<string>(http, "methods"), paths: list(http, "paths").map((p) => ({ ...p })) };
  }
  return r;
}

/** Calico's `types` default: no egress rules -> Ingress; egress only -> Egress; both -> both. */
export function defaultTypes(spec: Obj, ingress: CalicoRule[], egress: CalicoRule[]): Direction[] {
  const given = list<Direction>(spec, "types");
  if (given.length > 0) return given;
  if (egress.length === 0) return ["Ingress"];
  return ingress.length === 0 ? ["Egress"] : ["Ingress", "Egress"];
}

/** A Calico policy of any of the four tiered kinds. */
export function calicoPolicy(o: LoadedObject): CalicoPolicy {
  const spec = obj(o.value, "spec");
  const ingress = list(spec, "ingress").map(rule);
  const egress = list(spec, "egress").map(rule);
  const p: CalicoPolicy = {
    kind: o.info.kind as CalicoPolicyKind,
    name: o.name,
    tier: str(spec, "tier") || "default",
    selector: str(spec, "selector") ?? "",
    types: defaultTypes(spec, ingress, egress),
    ingress,
    egress,
    doNotTrack: spec["doNotTrack"] === true,
    preDNAT: spec["preDNAT"] === true,
    applyOnForward: spec["applyOnForward"] === true,
    source: o.source,
  };
  setIf(p, "namespace", o.namespace);
  setIf(p, "order", num(spec, "order"));
  setIf(p, "serviceAccountSelector", str(spec, "serviceAccountSelector"));
  setIf(p, "namespaceSelector", str(spec, "namespaceSelector"));
  if (p.kind.startsWith("Staged")) p.stagedAction = (str(spec, "stagedAction") ?? "Set") as StagedAction;
  return p;
}

/** A StagedKubernetesNetworkPolicy. */
export function stagedK8sPolicy(o: LoadedObject): StagedK8sPolicy {
  return {
    ...k8sNetworkPolicy(o),
    stagedAction: (str(obj(o.value, "spec"), "stagedAction") ?? "Set") as StagedAction,
  };
}

/** A Tier (defaultAction defaults to Deny). */
export function tier(o: LoadedObject): Tier {
  const spec = obj(o.value, "spec");
  const t: Tier = {
    name: o.name,
    defaultAction: str(spec, "defaultAction") === "Pass" ? "Pass" : "Deny",
    builtIn: false,
    source: o.source,
  };
  setIf(t, "order", num(spec, "order"));
  return t;
}

function endpointPorts(spec: Obj): EndpointPort[] {
  return list(spec, "ports")
    .filter((p) => str(p, "name") !== undefined)
    .map((p) => ({ name: str(p, "name")!, protocol: protocolOf(p, "protocol")!, port: num(p, "port")! }));
}

/** A HostEndpoint. */
export function hostEndpoint(o: LoadedObject): HostEndpoint {
  const spec = obj(o.value, "spec");
  const h: HostEndpoint = {
    name: o.name,
    labels: strings(obj(o.value, "metadata"), "labels"),
    node: str(spec, "node") ?? "",
    expectedIPs: list<string>(spec, "expectedIPs"),
    profiles: list<string>(spec, "profiles"),
    ports: endpointPorts(spec),
    source: o.source,
  };
  setIf(h, "interfaceName", str(spec, "interfaceName"));
  return h;
}

/** A NetworkSet or GlobalNetworkSet. */
export function networkSet(o: LoadedObject): NetworkSet {
  const s: NetworkSet = {
    kind: o.info.kind as NetworkSet["kind"],
    name: o.name,
    labels: strings(obj(o.value, "metadata"), "labels"),
    nets: list<string>(obj(o.value, "spec"), "nets"),
    source: o.source,
  };
  setIf(s, "namespace", o.namespace);
  return s;
}

/** A Profile. */
export function profile(o: LoadedObject): Profile {
  const spec = obj(o.value, "spec");
  return {
    name: o.name,
    labelsToApply: strings(spec, "labelsToApply"),
    ingress: list(spec, "ingress").map(rule),
    egress: list(spec, "egress").map(rule),
    source: o.source,
  };
}

/** A WorkloadEndpoint. */
export function workloadEndpoint(o: LoadedObject): WorkloadEndpoint {
  const spec = obj(o.value, "spec");
  const w: WorkloadEndpoint = {
    name: o.name,
    namespace: o.namespace!,
    labels: strings(obj(o.value, "metadata"), "labels"),
    ipNetworks: list<string>(spec, "ipNetworks"),
    profiles: list<string>(spec, "profiles"),
    ports: endpointPorts(spec),
    source: o.source,
  };
  setIf(w, "pod", str(spec, "pod"));
  setIf(w, "node", str(spec, "node"));
  setIf(w, "serviceAccountName", str(spec, "serviceAccountName"));
  return w;
}
