// Kubernetes semantics computed directly agree with the reference evaluator's Calico conversion on Kubernetes-only clusters.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { kubernetesVerdict } from "./k8s-semantics.js";
import {
  clusterArbitrary,
  describeCluster,
  describeFlow,
  flowArbitrary,
  printable,
} from "./random-cluster.js";
import { referenceVerdict } from "./reference.js";
import { cluster, flow, k8sPolicy, k8sRule, pod } from "./testkit.js";

describe("kubernetesVerdict", () => {
  const web = pod(
    "shop/web",
    { app: "web" },
    { ips: ["10.0.0.1"], ports: [{ name: "http", protocol: "TCP", port: 8080 }] },
  );
  const api = pod("shop/api", { app: "api" }, { ips: ["10.0.0.2"] });
  const other = pod("lab/x", { app: "api" }, { ips: ["10.0.0.3"] });

  it("leaves pods without selecting policies open", () => {
    expect(kubernetesVerdict(cluster({ workloads: [web, api] }), flow("shop/web", "shop/api")).verdict).toBe(
      "allow",
    );
  });

  it("isolates a selected pod and allows only what a rule allows", () => {
    const allowWeb = k8sPolicy("shop/p", {
      podSelector: { matchLabels: { app: "api" }, matchExpressions: [] },
      ingress: [k8sRule([{ podSelector: { matchLabels: { app: "web" }, matchExpressions: [] } }])],
    });
    const s = cluster({ workloads: [web, api, other], k8sPolicies: [allowWeb] });
    expect(kubernetesVerdict(s, flow("shop/web", "shop/api")).ingress).toBe("allow");
    expect(kubernetesVerdict(s, flow("lab/x", "shop/api")).ingress).toBe("deny");
    expect(kubernetesVerdict(s, flow("8.8.8.8", "shop/api")).ingress).toBe("deny");
  });

  it("resolves named ports on the destination pod and honours ipBlock except", () => {
    const p = k8sPolicy("shop/p", {
      policyTypes: ["Egress"],
      egress: [
        k8sRule([], [{ protocol: "TCP", port: "http" }]),
        k8sRule([{ ipBlock: { cidr: "10.0.0.0/24", except: ["10.0.0.3/32"] } }], [{ protocol: "UDP" }]),
      ],
    });
    const s = cluster({ workloads: [web, api, other], k8sPolicies: [p] });
    expect(kubernetesVerdict(s, flow("shop/api", "shop/web", { dstPort: 8080 })).egress).toBe("allow");
    expect(kubernetesVerdict(s, flow("shop/api", "shop/web", { dstPort: 80 })).egress).toBe("deny");
    expect(kubernetesVerdict(s, flow("shop/web", "10.0.0.9", { protocol: 17, dstPort: 53 })).egress).toBe(
      "allow",
    );
    expect(kubernetesVerdict(s, flow("shop/web", "lab/x", { protocol: 17, dstPort: 53 })).egress).toBe(
      "deny",
    );
  });

  it("counts staged policies only in pending mode", () => {
    const staged = { ...k8sPolicy("shop/s"), stagedAction: "Set" as const };
    const s = cluster({ workloads: [web, api], stagedK8sPolicies: [staged] });
    expect(kubernetesVerdict(s, flow("shop/web", "shop/api")).verdict).toBe("allow");
    expect(kubernetesVerdict(s, flow("shop/web", "shop/api"), { pending: true }).verdict).toBe("deny");
  });
});

describe("Calico's conversion reproduces Kubernetes", () => {
  it("gives the Kubernetes verdict on random Kubernetes-only clusters, both modes", () => {
    const cases = clusterArbitrary({ calico: false }).chain((s) =>
      fc.tuple(
        fc.constant(printable(s, describeCluster)),
        fc.array(
          flowArbitrary(s).map((f) => printable(f, describeFlow)),
          { minLength: 20, maxLength: 20 },
        ),
      ),
    );
    fc.assert(
      fc.property(cases, ([s, flows]) => {
        for (const f of flows) {
          for (const pending of [false, true]) {
            const calico = referenceVerdict(s, f, { pending });
            const k8s = kubernetesVerdict(s, f, { pending });
            const where = `${describeFlow(f)}${pending ? " (pending)" : ""}`;
            if (JSON.stringify(calico) !== JSON.stringify(k8s)) {
              throw new Error(
                `${where}: Calico conversion ${JSON.stringify(calico)}, Kubernetes ${JSON.stringify(k8s)}`,
              );
            }
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
