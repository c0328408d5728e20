// Tests for Kubernetes name, label and port-name syntax.
import { describe, expect, it } from "vitest";
import {
  dns1035Problem,
  dnsFix,
  labelKeyProblem,
  labelNameProblem,
  labelValueProblem,
  portNameProblem,
  subdomainProblem,
} from "./names.js";

describe("names", () => {
  it.each(["a", "web-1", "a.b.c", "0abc", "x".repeat(253)])("subdomain %j is valid", (n) =>
    expect(subdomainProblem(n)).toBeUndefined(),
  );
  it.each(["", "A", "a_b", "-a", "a-", "a..b", "x".repeat(254)])("subdomain %j is invalid", (n) =>
    expect(subdomainProblem(n)).toBeDefined(),
  );
  it.each(["a.b", "x".repeat(64)])("label name %j is invalid", (n) =>
    expect(labelNameProblem(n)).toBeDefined(),
  );
  it("DNS-1035 needs a leading letter", () => {
    expect(dns1035Problem("1web")).toBeDefined();
    expect(dns1035Problem("web1")).toBeUndefined();
  });
  it("suggests DNS-safe spellings", () => {
    expect(dnsFix("Web_Frontend")).toBe("web-frontend");
    expect(dnsFix("ok")).toBeUndefined();
  });
});

describe("labels", () => {
  it.each(["app", "app.kubernetes.io/name", "a_b.c-d", "x".repeat(63), `${"p".repeat(253)}/n`])(
    "key %j is valid",
    (k) => expect(labelKeyProblem(k)).toBeUndefined(),
  );
  it.each(["", "-bad", "bad-", "/name", "Pre/fix", "a/b/c", "x".repeat(64), "sp ace", "p/"])(
    "key %j is invalid",
    (k) => expect(labelKeyProblem(k)).toBeDefined(),
  );
  it.each(["", "v", "V1.2_3-x", "x".repeat(63)])("value %j is valid", (v) =>
    expect(labelValueProblem(v)).toBeUndefined(),
  );
  it.each(["-v", "v-", "x".repeat(64), "a b", "a/b"])("value %j is invalid", (v) =>
    expect(labelValueProblem(v)).toBeDefined(),
  );
});

describe("port names", () => {
  it.each(["http", "h2c", "web-8080", "x".repeat(15)])("%j is valid", (n) =>
    expect(portNameProblem(n)).toBeUndefined(),
  );
  it.each(["", "HTTP", "123", "a--b", "-a", "a-", "x".repeat(16), "a_b"])("%j is invalid", (n) =>
    expect(portNameProblem(n)).toBeDefined(),
  );
});
