// Tests for loading documents: kinds and API versions, Lists, namespaces, duplicates, and isolation of bad documents.
import { describe, expect, it } from "vitest";
import { docOf, issuesOf, loadValues } from "./testkit.js";
import { loadDocuments } from "./loader.js";

const ns = (name: string) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
const sa = (name: string, namespace?: string) => ({
  apiVersion: "v1",
  kind: "ServiceAccount",
  metadata: { name, ...(namespace ? { namespace } : {}) },
});

describe("loadDocuments", () => {
  it("loads good objects and skips nothing else", () => {
    const { objects, issues } = loadValues([ns("a"), sa("x", "a"), null]);
    expect(issues).toEqual([]);
    expect(objects.map((o) => `${o.info.kind} ${o.namespace ?? "-"}/${o.name}`)).toEqual([
      "Namespace -/a",
      "ServiceAccount a/x",
    ]);
  });

  it("defaults the namespace of namespaced kinds, as kubectl does, and honours the option", () => {
    expect(loadValues([sa("x")]).objects[0]?.namespace).toBe("default");
    expect(loadValues([sa("x")], { defaultNamespace: "shop" }).objects[0]?.namespace).toBe("shop");
    expect(loadValues([ns("a")]).objects[0]?.namespace).toBeUndefined();
  });

  it("unpacks List and *List kinds, reporting bad items by index", () => {
    const { objects, issues } = loadValues([
      { apiVersion: "v1", kind: "List", items: [ns("a"), 7, sa("x", "a")] },
      { apiVersion: "v1", kind: "ServiceAccountList", items: [sa("y", "a")] },
    ]);
    expect(objects.map((o) => o.name)).toEqual(["a", "x", "y"]);
    expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual(["not-an-object items[1]"]);
  });

  it("reports documents that are not mappings or lack apiVersion or kind", () => {
    expect(issuesOf("just text")).toEqual(["not-an-object"]);
    expect(issuesOf({ kind: "Namespace", metadata: { name: "a" } })).toEqual(["missing-field"]);
    expect(issuesOf({ apiVersion: "v1", kind: 3 })).toEqual(["wrong-type kind"]);
  });

  it("skips unrelated kinds with an info, but calls a misspelt kind an error", () => {
    const unrelated = loadValues([{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } }]).issues;
    expect(unrelated).toMatchObject([{ code: "unknown-kind", severity: "info", path: "kind" }]);
    const typo = loadValues([
      { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicie", metadata: { name: "p" } },
    ]).issues;
    expect(typo).toMatchObject([
      { code: "unknown-kind", severity: "error", fix: "write kind: NetworkPolicy" },
    ]);
  });

  it("tells apart the two NetworkPolicy kinds by group, accepts the Calico CRD group, and rejects unserved versions", () => {
    const base = { kind: "NetworkPolicy", metadata: { name: "p", namespace: "a" }, spec: {} };
    const k8s = loadValues([{ ...base, apiVersion: "networking.k8s.io/v1" }]).objects[0]!;
    const calico = loadValues([{ ...base, apiVersion: "projectcalico.org/v3" }]).objects[0]!;
    const crd = loadValues([{ ...base, apiVersion: "crd.projectcalico.org/v1" }]).objects[0]!;
    expect([k8s.info.group, calico.info.group, crd.info.group]).toEqual([
      "networking.k8s.io",
      "projectcalico.org",
      "projectcalico.org",
    ]);
    const old = loadValues([{ ...base, apiVersion: "extensions/v1beta1" }]).issues;
    expect(old).toMatchObject([{ code: "unknown-api-version", path: "apiVersion" }]);
    expect(old[0]!.message).toContain("networking.k8s.io/v1 or projectcalico.org/v3");
  });

  it("prefixes messages with the object they concern", () => {
    const issues = loadValues([{ ...sa("x", "a"), automountServiceAccountTokn: true }]).issues;
    expect(issues[0]!.message).toMatch(
      /^ServiceAccount a\/x: unknown field automountServiceAccountTokn, did you mean automountServiceAccountToken\?$/,
    );
  });

  it("keeps the first of two objects with the same identity and reports the second", () => {
    const docs = [
      docOf(sa("x", "a"), "one.yaml"),
      docOf(sa("x", "a"), "two.yaml"),
      docOf(sa("x", "b"), "two.yaml"),
    ];
    const { objects, issues } = loadDocuments(docs);
    expect(objects.map((o) => `${o.source.file} ${o.namespace}`)).toEqual(["one.yaml a", "two.yaml b"]);
    expect(issues).toMatchObject([
      {
        code: "duplicate-object",
        file: "two.yaml",
        message: expect.stringContaining("one.yaml:1") as string,
      },
    ]);
  });

  it("treats a Calico object under projectcalico.org/v3 and crd.projectcalico.org/v1 as the same object", () => {
    const set = (apiVersion: string) => ({
      apiVersion,
      kind: "GlobalNetworkSet",
      metadata: { name: "s" },
      spec: { nets: ["10.0.0.0/8"] },
    });
    const { objects, issues } = loadValues([set("projectcalico.org/v3"), set("crd.projectcalico.org/v1")]);
    expect(objects).toHaveLength(1);
    expect(issues.map((i) => i.code)).toEqual(["duplicate-object"]);
  });

  it("loads the good documents around a bad one", () => {
    const { objects, issues } = loadValues([ns("a"), { ...ns("B_b") }, ns("c")]);
    expect(objects.map((o) => o.name)).toEqual(["a", "c"]);
    expect(issues.map((i) => i.code)).toEqual(["invalid-name"]);
  });

  it("keeps documents with only warnings", () => {
    const set = {
      apiVersion: "projectcalico.org/v3",
      kind: "StagedGlobalNetworkPolicy",
      metadata: { name: "s" },
      spec: { stagedAction: "Learn" },
    };
    const { objects, issues } = loadValues([set]);
    expect(objects).toHaveLength(1);
    expect(issues).toMatchObject([{ code: "uncertain-semantics", severity: "warning" }]);
  });
});

describe("policies without a spec", () => {
  it.each([
    ["networking.k8s.io/v1", "NetworkPolicy"],
    ["projectcalico.org/v3", "NetworkPolicy"],
    ["projectcalico.org/v3", "GlobalNetworkPolicy"],
    ["projectcalico.org/v3", "StagedKubernetesNetworkPolicy"],
  ])("%s %s loads, as the API server accepts it", (apiVersion, kind) => {
    const { objects, issues } = loadValues([
      { apiVersion, kind, metadata: { name: "deny", namespace: "a" } },
    ]);
    expect(issues).toEqual([]);
    expect(objects).toHaveLength(1);
  });
});
