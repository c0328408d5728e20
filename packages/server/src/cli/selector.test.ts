// End-to-end tests of `netward selector check` and `netward selector match`, including the JSONL contract.
import { describe, expect, it } from "vitest";
import { netward } from "./cli.testkit.js";

describe("netward selector check", () => {
  it("prints the canonical form", () => {
    const r = netward(["selector", "check", "b in {'y','x','x'} && has(a) || !c == 'd'"]);
    expect(r).toEqual({ code: 0, stdout: '((b in {"x", "y"} && has(a)) || !c == "d")\n', stderr: "" });
  });

  it("prints the error with its column and a caret", () => {
    const r = netward(["selector", "check", "app == web"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: expected a quoted string after "==" at column 8, found label "web" (values must be quoted: "web")\n  app == web\n         ^\n',
    );
  });
});

describe("netward selector match", () => {
  it("answers true or false with the exit code", () => {
    expect(netward(["selector", "match", 'app == "web"', "--labels", "app=web,tier=front"])).toEqual({
      code: 0,
      stdout: "true\n",
      stderr: "",
    });
    expect(netward(["selector", "match", 'app == "web"', "-l", "app=api"]).stdout).toBe("false\n");
    expect(netward(["selector", "match", 'app == "web"', "-l", "app=api"]).code).toBe(1);
    expect(netward(["selector", "match", "!has(x)"]).stdout).toBe("true\n");
  });

  it("rejects malformed labels and conflicting options with exit 2", () => {
    expect(netward(["selector", "match", "all()", "-l", "novalue"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("key=value") as string,
    });
    expect(netward(["selector", "match", "all()", "--jsonl"]).code).toBe(2);
    expect(netward(["selector", "match"]).code).toBe(2);
  });

  it("answers JSONL requests line by line, never stopping at a bad line", () => {
    const input = [
      JSON.stringify({ selector: 'app == "web"', labels: { app: "web" } }),
      JSON.stringify({ selector: 'app == "web"', labels: { app: "api" } }),
      "{not json",
      JSON.stringify({ selector: "app ==", labels: {} }),
      JSON.stringify({ selector: "has(a)", labels: { a: 1 } }),
      "",
      JSON.stringify({ selector: "all()" }),
      JSON.stringify([1]),
    ].join("\n");
    const r = netward(["selector", "match", "--jsonl"], input);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { match?: boolean; error?: string });
    expect(lines.map((l) => (l.error !== undefined ? "error" : l.match))).toEqual([
      true,
      false,
      "error",
      "error",
      "error",
      true,
      "error",
    ]);
    expect(lines[3]!.error).toContain("column 7");
  });
});
