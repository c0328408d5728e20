// Tests that effective selectors are composed as Calico's update processors compose them.
import { describe, expect, it } from "vitest";
import type { EntityRule } from "../model/calico.js";
import { entitySelectorText, policySelectorText } from "./selector-text.js";

const entity = (e: Partial<EntityRule>): EntityRule => ({
  nets: [],
  notNets: [],
  ports: [],
  notPorts: [],
  ...e,
});

describe("policySelectorText", () => {
  it("scopes namespaced policies to their namespace and prefixes service account selectors", () => {
    expect(policySelectorText({ selector: "", namespace: "shop" })).toBe(
      "projectcalico.org/namespace == 'shop'",
    );
    expect(
      policySelectorText({
        selector: 'app == "web"',
        namespace: "shop",
        serviceAccountSelector: "team == 'a'",
      }),
    ).toBe(`((app == "web") && projectcalico.org/namespace == 'shop') && pcsa.team == "a"`);
    expect(policySelectorText({ selector: "", namespace: "shop", serviceAccountSelector: "all()" })).toBe(
      "(projectcalico.org/namespace == 'shop') && all()",
    );
  });

  it("folds a global policy's namespaceSelector in, turning every all() into has(projectcalico.org/namespace)", () => {
    expect(policySelectorText({ selector: "", namespaceSelector: "env == 'dev'" })).toBe('pcns.env == "dev"');
    expect(policySelectorText({ selector: "all()", namespaceSelector: "all()" })).toBe(
      "(has(projectcalico.org/namespace)) && has(projectcalico.org/namespace)",
    );
    expect(policySelectorText({ selector: "role == 'db'", serviceAccountSelector: "all()" })).toBe(
      "(role == 'db') && has(projectcalico.org/serviceaccount)",
    );
    expect(policySelectorText({ selector: "" })).toBe("");
  });
});

describe("entitySelectorText", () => {
  it("scopes rule selectors to the policy's namespace only when a selector field is present", () => {
    expect(entitySelectorText(entity({ nets: ["10.0.0.0/8"] }), "shop")).toBe("");
    expect(entitySelectorText(entity({ selector: "app == 'a'" }), "shop")).toBe(
      "(projectcalico.org/namespace == 'shop') && (app == 'a')",
    );
    expect(entitySelectorText(entity({ notSelector: "app == 'a'" }), "shop")).toBe(
      "projectcalico.org/namespace == 'shop'",
    );
    expect(entitySelectorText(entity({ selector: "app == 'a'" }), undefined)).toBe("app == 'a'");
  });

  it("uses the namespaceSelector instead, with all() and global() meaning namespaced and not namespaced", () => {
    expect(entitySelectorText(entity({ namespaceSelector: "all()" }), "shop")).toBe(
      "has(projectcalico.org/namespace)",
    );
    expect(entitySelectorText(entity({ namespaceSelector: "global()" }), undefined)).toBe(
      "!has(projectcalico.org/namespace)",
    );
    expect(
      entitySelectorText(entity({ namespaceSelector: "team == 'a'", selector: "app == 'x'" }), "shop"),
    ).toBe(`(pcns.team == "a") && (app == 'x')`);
  });

  it("turns service account names into a serviceaccount label set, ANDed with the prefixed selector", () => {
    expect(entitySelectorText(entity({ serviceAccounts: { names: ["b", "a"] } }), undefined)).toBe(
      'projectcalico.org/serviceaccount in {"a", "b"}',
    );
    expect(
      entitySelectorText(
        entity({ serviceAccounts: { names: ["a"], selector: "role == 'x'" }, selector: "app == 'y'" }),
        "ns",
      ),
    ).toBe(
      `(projectcalico.org/namespace == 'ns') && (((pcsa.role == "x") && (projectcalico.org/serviceaccount in {"a"})) && (app == 'y'))`,
    );
  });
});
