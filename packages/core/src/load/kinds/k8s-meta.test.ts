// Tests what every kind shares: apiVersion and kind identification, ObjectMeta, labels and annotations.
import { describe, expect, it } from "vitest";
import { loadValues } from "../testkit.js";
import { issuesAfter, type Change } from "./testkit.js";

const calicoKinds: [string, boolean][] = [
  ["NetworkPolicy", true],
  ["GlobalNetworkPolicy", false],
  ["StagedNetworkPolicy", true],
  ["StagedGlobalNetworkPolicy", false],
  ["StagedKubernetesNetworkPolicy", true],
  ["Tier", false],
  ["HostEndpoint", false],
  ["NetworkSet", true],
  ["GlobalNetworkSet", false],
  ["Profile", false],
  ["WorkloadEndpoint", true],
];

const specs: Readonly<Record<string, object>> = {
  HostEndpoint: { node: "n1", interfaceName: "eth0" },
  WorkloadEndpoint: { interfaceName: "cali1" },
  StagedKubernetesNetworkPolicy: { podSelector: {} },
};

describe("apiVersion and kind", () => {
  it.each(calicoKinds)("crd.projectcalico.org/v1 %s reads as projectcalico.org/v3", (kind, namespaced) => {
    const value = {
      apiVersion: "crd.projectcalico.org/v1",
      kind,
      metadata: namespaced ? { name: "x", namespace: "ns" } : { name: "x" },
      spec: specs[kind] ?? {},
    };
    const { objects, issues } = loadValues([value]);
    expect(issues).toEqual([]);
    expect(objects.map((o) => [o.info.group, o.info.kind])).toEqual([["projectcalico.org", kind]]);
  });

  it.each([
    ["networking.k8s.io/v1beta1", "NetworkPolicy", undefined],
    ["projectcalico.org/v2", "NetworkPolicy", undefined],
    ["crd.projectcalico.org/v3", "GlobalNetworkPolicy", "write apiVersion: projectcalico.org/v3"],
    ["projectcalico.org/v1", "Tier", "write apiVersion: projectcalico.org/v3"],
    ["extensions/v1beta1", "Deployment", "write apiVersion: apps/v1"],
    ["apps/v1", "CronJob", "write apiVersion: batch/v1"],
    [
      "policy.networking.k8s.io/v1alpha2",
      "AdminNetworkPolicy",
      "write apiVersion: policy.networking.k8s.io/v1alpha1",
    ],
  ])("%s %s is not served: unknown-api-version", (apiVersion, kind, fix) => {
    const { objects, issues } = loadValues([{ apiVersion, kind, metadata: { name: "x" }, spec: {} }]);
    expect(objects).toEqual([]);
    expect(issues.map((i) => [i.code, i.severity, i.path, i.fix])).toEqual([
      ["unknown-api-version", "error", "apiVersion", fix],
    ]);
  });

  it("an unrelated kind is skipped with an info", () => {
    const { objects, issues } = loadValues([
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } },
    ]);
    expect(objects).toEqual([]);
    expect(issues.map((i) => [i.code, i.severity, i.path])).toEqual([["unknown-kind", "info", "kind"]]);
  });

  it.each([
    ["NetworkPolicie", "write kind: NetworkPolicy"],
    ["globalnetworkpolicy", "write kind: GlobalNetworkPolicy"],
    ["Deploymnet", "write kind: Deployment"],
  ])("a misspelt kind %s is an error with a fix", (kind, fix) => {
    const { objects, issues } = loadValues([{ apiVersion: "v1", kind, metadata: { name: "x" } }]);
    expect(objects).toEqual([]);
    expect(issues.map((i) => [i.code, i.severity, i.path, i.fix])).toEqual([
      ["unknown-kind", "error", "kind", fix],
    ]);
  });

  it.each<[string, unknown, string[]]>([
    ["no kind", { apiVersion: "v1", metadata: { name: "x" } }, ["missing-field"]],
    ["no apiVersion", { kind: "Namespace", metadata: { name: "x" } }, ["missing-field"]],
    [
      "a numeric apiVersion",
      { apiVersion: 1, kind: "Namespace", metadata: { name: "x" } },
      ["wrong-type apiVersion"],
    ],
    ["a list, not a mapping", ["a"], ["not-an-object"]],
  ])("%s", (_name, value, expected) => {
    expect(issuesAfter(value, {})).toEqual(expected);
  });

  it("a List's items load one by one; a bad item is reported at its index", () => {
    const ns = (name: string) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
    const { objects, issues } = loadValues([
      { apiVersion: "v1", kind: "List", items: [ns("a"), "oops", ns("b")] },
    ]);
    expect(objects.map((o) => o.name)).toEqual(["a", "b"]);
    expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual(["not-an-object items[1]"]);
  });

  it("the same object under both Calico apiVersions is a duplicate", () => {
    const gns = (apiVersion: string) => ({ apiVersion, kind: "GlobalNetworkSet", metadata: { name: "x" } });
    const { objects, issues } = loadValues([gns("projectcalico.org/v3"), gns("crd.projectcalico.org/v1")]);
    expect(objects).toHaveLength(1);
    expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual(["duplicate-object metadata.name"]);
  });

  it("a Kubernetes and a Calico NetworkPolicy may share a name", () => {
    const meta = { name: "x", namespace: "ns" };
    const { objects, issues } = loadValues([
      { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: meta, spec: {} },
      { apiVersion: "projectcalico.org/v3", kind: "NetworkPolicy", metadata: meta, spec: {} },
    ]);
    expect([objects.length, issues]).toEqual([2, []]);
  });
});

describe("ObjectMeta", () => {
  const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } };
  const label = (key: string, value: string): Change => [[["metadata", "labels", key], value]];
  const annotation = (key: string): Change => [[["metadata", "annotations", key], "x"]];
  it.each<[string, Change, string[]]>([
    ["a prefixed label key", label("example.com/app", "web"), []],
    ["an empty label value", label("app", ""), []],
    ["a label value of 63 characters", label("app", "a".repeat(63)), []],
    ["a label value of 64 characters", label("app", "a".repeat(64)), ["invalid-label metadata.labels.app"]],
    ["a label value ending in '-'", label("app", "web-"), ["invalid-label metadata.labels.app"]],
    ["a label key with two slashes", label("a/b/c", "x"), ['invalid-label metadata.labels["a/b/c"]']],
    ["a label key with an empty prefix", label("/app", "x"), ['invalid-label metadata.labels["/app"]']],
    [
      "a label key with an upper-case prefix",
      label("Example.com/app", "x"),
      ['invalid-label metadata.labels["Example.com/app"]'],
    ],
    [
      "a label key whose name is 64 characters",
      label("a".repeat(64), "x"),
      [`invalid-label metadata.labels.${"a".repeat(64)}`],
    ],
    ["a label key with a space", label("my app", "x"), ['invalid-label metadata.labels["my app"]']],
    [
      "a numeric label value",
      label("replicas", 3 as unknown as string),
      ["wrong-type metadata.labels.replicas"],
    ],
    ["an annotation key in mixed case", annotation("Example.COM/Owner"), []],
    [
      "an annotation key with two slashes",
      annotation("a/b/c"),
      ['invalid-value metadata.annotations["a/b/c"]'],
    ],
    [
      "an annotation key with a space",
      annotation("my note"),
      ['invalid-value metadata.annotations["my note"]'],
    ],
    ["a long annotation value", [[["metadata", "annotations", "note"], "x".repeat(5000)]], []],
    [
      "server-set fields",
      { "metadata.uid": "1", "metadata.resourceVersion": "2", "metadata.generation": 3 },
      [],
    ],
    [
      "an owner reference",
      { "metadata.ownerReferences": [{ apiVersion: "v1", kind: "X", name: "y", uid: "z" }] },
      [],
    ],
    [
      "an owner reference with an unknown field",
      { "metadata.ownerReferences": [{ name: "y", owner: true }] },
      ["unknown-field metadata.ownerReferences[0].owner"],
    ],
    ["an unknown metadata field", { "metadata.label": {} }, ["unknown-field metadata.label"]],
    ["no name", { metadata: {} }, ["missing-field metadata"]],
    ["a name that is a number", { "metadata.name": 7 }, ["wrong-type metadata.name"]],
  ])("%s", (_name, change, expected) => {
    expect(issuesAfter(ns, change)).toEqual(expected);
  });
});
