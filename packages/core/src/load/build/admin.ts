// Builds typed AdminNetworkPolicy and BaselineAdminNetworkPolicy objects.
import type { AdminPeer, AdminPolicy, AdminPort, AdminRule, AdminSubject } from "../../model/admin.js";
import type { K8sProtocol } from "../../model/k8s.js";
import type { LoadedObject } from "../loader.js";
import { list, num, obj, setIf, str, type Obj } from "./access.js";
import { labelSelector } from "./k8s.js";

function subject(o: Obj): AdminSubject {
  if (o["namespaces"] !== undefined) return { namespaces: labelSelector(obj(o, "namespaces")) };
  const pods = obj(o, "pods");
  return {
    pods: {
      namespaceSelector: labelSelector(obj(pods, "namespaceSelector")),
      podSelector: labelSelector(obj(pods, "podSelector")),
    },
  };
}

function peer(o: Obj): AdminPeer {
  if (o["nodes"] !== undefined) return { nodes: labelSelector(obj(o, "nodes")) };
  if (o["networks"] !== undefined) return { networks: list<string>(o, "networks") };
  return subject(o);
}

function port(o: Obj): AdminPort {
  const protocol = (p: Obj) => (str(p, "protocol") ?? "TCP") as K8sProtocol;
  if (o["portNumber"] !== undefined) {
    const p = obj(o, "portNumber");
    return { portNumber: { protocol: protocol(p), port: num(p, "port")! } };
  }
  if (o["portRange"] !== undefined) {
    const p = obj(o, "portRange");
    return { portRange: { protocol: protocol(p), start: num(p, "start")!, end: num(p, "end")! } };
  }
  return { namedPort: str(o, "namedPort")! };
}

function rules(spec: Obj, key: "ingress" | "egress"): AdminRule[] {
  return list(spec, key).map((r) => {
    const rule: AdminRule = {
      action: str(r, "action") as AdminRule["action"],
      peers: list(r, key === "ingress" ? "from" : "to").map(peer),
      ports: list(r, "ports").map(port),
    };
    setIf(rule, "name", str(r, "name"));
    return rule;
  });
}

/** An AdminNetworkPolicy or BaselineAdminNetworkPolicy. */
export function adminPolicy(o: LoadedObject): AdminPolicy {
  const spec = obj(o.value, "spec");
  const p: AdminPolicy = {
    kind: o.info.kind as AdminPolicy["kind"],
    name: o.name,
    subject: subject(obj(spec, "subject")),
    ingress: rules(spec, "ingress"),
    egress: rules(spec, "egress"),
    source: o.source,
  };
  setIf(p, "priority", num(spec, "priority"));
  return p;
}
