// Tests for the .nwt parser: every statement, every syntax rule and every error with its column and fix.
import { describe, expect, it } from "vitest";
import { parseTestScript } from "./parse.js";

const parse = (text: string) => parseTestScript(text, "t.nwt");

/** Parses `load x` followed by `line` and returns the issue or the assertion of that line. */
const second = (line: string) => {
  const r = parse(`load x\n${line}`);
  return { issue: r.issues[0], step: r.steps[1], count: r.issues.length };
};

describe("parseTestScript: good lines", () => {
  it("reads loads, the option, assertions, comments and blank lines", () => {
    const r = parse(
      [
        "# a comment",
        "",
        "load ../examples/shop   # trailing comment",
        "load my dir/with spaces.yaml",
        "option calico-version v3.32",
        "allow shop/frontend -> shop/api tcp/8080",
        "  deny\tpending 10.0.0.1 -> hep:node-1/eth0 icmp/8/0 by default|shop/db-allow|-1 # why",
      ].join("\n"),
    );
    expect(r.issues).toEqual([]);
    expect(r.steps).toEqual([
      { kind: "load", line: 3, path: "../examples/shop" },
      { kind: "load", line: 4, path: "my dir/with spaces.yaml" },
      { kind: "option", line: 5, name: "calico-version", value: "v3.32" },
      {
        kind: "assert",
        line: 6,
        text: "allow shop/frontend -> shop/api tcp/8080",
        expect: "allow",
        pending: false,
        flow: {
          src: { kind: "workload", namespace: "shop", name: "frontend" },
          dst: { kind: "workload", namespace: "shop", name: "api" },
          protocol: 6,
          dstPort: 8080,
        },
      },
      {
        kind: "assert",
        line: 7,
        text: "deny pending 10.0.0.1 -> hep:node-1/eth0 icmp/8/0 by default|shop/db-allow|-1",
        expect: "deny",
        pending: true,
        flow: {
          src: { kind: "ip", ip: "10.0.0.1" },
          dst: { kind: "hostendpoint", node: "node-1", name: "eth0" },
          protocol: 1,
          icmpType: 8,
          icmpCode: 0,
        },
        by: {
          kind: "policy",
          tier: "default",
          staged: false,
          namespace: "shop",
          name: "db-allow",
          ruleIndex: -1,
        },
      },
    ]);
  });

  it("reads the format's reference example without issues", () => {
    const r = parse(
      [
        "# comment (also trailing)",
        "load ../examples/shop            # path relative to the script file; file or folder; may repeat",
        "option calico-version v3.32      # optional, before the first assertion",
        "allow shop/frontend -> shop/api tcp/8080",
        "deny  shop/api -> shop-data/db udp/53",
        "deny  shop/attacker -> shop/db tcp/3306 by default|shop/db-allow",
        "allow pending dev/a -> dev/b tcp/80              # evaluate with staged policies as enforced",
        "deny  10.1.2.3 -> hep:node-1/eth0 tcp/22 by failsafe",
      ].join("\n"),
    );
    expect(r.issues).toEqual([]);
    expect(r.steps.map((s) => s.kind)).toEqual([
      "load",
      "option",
      "assert",
      "assert",
      "assert",
      "assert",
      "assert",
    ]);
  });

  it("keeps # inside a word and accepts CRLF line ends", () => {
    const r = parse("load dir#1\r\nallow a/b -> c/d udp/53\r\n");
    expect(r.issues).toEqual([]);
    expect(r.steps[0]).toEqual({ kind: "load", line: 1, path: "dir#1" });
  });

  it("lets loads follow assertions", () => {
    const r = parse("load a\nallow a/b -> c/d tcp/1\nload b\ndeny a/b -> c/d tcp/1");
    expect(r.issues).toEqual([]);
    expect(r.steps.map((s) => s.kind)).toEqual(["load", "assert", "load", "assert"]);
  });

  it.each([
    ["by profile", { kind: "profile" }],
    ["by no-policy", { kind: "no-policy" }],
    ["by security|block-all", { kind: "policy", tier: "security", staged: false, name: "block-all" }],
    [
      "by security|security.block|3",
      { kind: "policy", tier: "security", staged: false, name: "security.block", ruleIndex: 3 },
    ],
    [
      "by default|staged:dev/x",
      { kind: "policy", tier: "default", staged: true, namespace: "dev", name: "x" },
    ],
    [
      "by platform|staged:platform.y|0",
      { kind: "policy", tier: "platform", staged: true, name: "platform.y", ruleIndex: 0 },
    ],
  ])("reads deny ... %s", (clause, by) => {
    const { step, count } = second(`deny a/b -> c/d tcp/80 ${clause}`);
    expect(count).toBe(0);
    expect(step).toMatchObject({ by });
  });

  it("reads the host endpoint a connection is forwarded through", () => {
    const { step, count } = second("allow 1.2.3.4 -> web/a tcp/30080 via hep:edge/eth0 by default|pre|0");
    expect(count).toBe(0);
    expect(step).toMatchObject({
      text: "allow 1.2.3.4 -> web/a tcp/30080 via hep:edge/eth0 by default|pre|0",
      flow: { via: { kind: "hostendpoint", node: "edge", name: "eth0" }, dstPort: 30080 },
      by: { kind: "policy", tier: "default", name: "pre", ruleIndex: 0 },
    });
    expect(second("deny web/a -> 1.2.3.4 tcp/25 via hep:edge/eth0").step).toMatchObject({
      flow: { via: { kind: "hostendpoint", node: "edge", name: "eth0" } },
    });
  });

  it("reads by failsafe after allow and deny (a deny by failsafe parses, though it can never pass)", () => {
    expect(second("deny 1.2.3.4 -> hep:n/eth0 tcp/22 by failsafe").step).toMatchObject({
      by: { kind: "failsafe" },
    });
    expect(second("allow 1.2.3.4 -> hep:n/eth0 tcp/22 by failsafe").step).toMatchObject({
      by: { kind: "failsafe" },
    });
  });
});

describe("parseTestScript: errors", () => {
  it.each([
    ["alow a/b -> c/d tcp/80", 1, /unknown statement "alow"/, "write allow"],
    ["Deny a/b -> c/d tcp/80", 1, /unknown statement "Deny"/, "write deny"],
    ["expect a/b -> c/d tcp/80", 1, /lines start with load, option, allow, deny or #/, undefined],
    ["allow a/b c/d tcp/80", 11, /missing -> between source and destination/, /^write allow\|deny/],
    ["allow a/b->c/d tcp/80", 7, /put spaces around ->/, "write a/b -> c/d"],
    ["allow -> c/d tcp/80", 7, /missing the source before ->/, /^write/],
    ["allow a/b x/y -> c/d tcp/80", 11, /unexpected "x\/y": one source endpoint/, /^write/],
    [
      "allow a/b pending -> c/d tcp/80",
      11,
      /pending goes right after allow or deny/,
      "write allow pending ...",
    ],
    ["deny pending pending a/b -> c/d tcp/80", 14, /pending is given twice/, undefined],
    ["allow a/b ->", 11, /missing the destination after ->/, /^write/],
    ["allow a/b -> c/d", 14, /missing the protocol and port/, "add e.g. tcp/8080, udp/53 or icmp"],
    ["allow frontend -> c/d tcp/80", 7, /"frontend" is not an endpoint/, undefined],
    ["allow a/b -> hep:node tcp/80", 14, /hep:<node>\/<name>/, undefined],
    ["allow a/b -> 10.0.0.256 tcp/80", 14, /not an endpoint/, undefined],
    ["allow a/b -> c/d 8080", 18, /unknown protocol/, "write tcp/8080 (or udp/8080, sctp/8080)"],
    ["allow a/b -> c/d tcp:8080", 18, /unknown protocol/, "write tcp/8080"],
    ["allow a/b -> c/d 8080/tcp", 18, /unknown protocol/, "write tcp/8080"],
    ["allow a/b -> c/d tcp/99999", 18, /tcp needs a port 1-65535/, undefined],
    ["allow a/b -> c/d icmp/300", 18, /ICMP type must be 0-255/, undefined],
    ["allow a/b -> c/d tcp/80 because x", 25, /only via and by may follow/, /^write/],
    ["allow a/b -> c/d tcp/80 via", 25, /via needs the host endpoint/, /^write/],
    [
      "allow a/b -> c/d tcp/80 via node/eth0",
      29,
      /"node\/eth0" is not a host endpoint/,
      "write via hep:<node>/<name>",
    ],
    ["allow a/b -> c/d tcp/80 via hep:n", 29, /hep:<node>\/<name>/, undefined],
    ["allow a/b -> c/d tcp/80 via hep:n/e x", 37, /only via and by may follow/, /^write/],
    ["allow a/b -> c/d tcp/80 by profile via hep:n/e", 36, /unexpected "via" after the by clause/, undefined],
    [
      "allow a/b -> c/d tcp/80 default|x/y",
      25,
      /unexpected "default\|x\/y" after the port/,
      "write by default|x/y",
    ],
    ["allow a/b -> c/d tcp/80 by", 25, /by needs a clause/, undefined],
    ["allow a/b -> c/d tcp/80 by default|a/b extra", 40, /unexpected "extra" after the by clause/, undefined],
    ["deny a/b -> c/d tcp/80 by profil", 27, /unknown by clause "profil"/, "write by profile"],
    ["deny a/b -> c/d tcp/80 by nopolicy", 27, /unknown by clause "nopolicy"/, "write by no-policy"],
    ["deny a/b -> c/d tcp/80 by shop/x", 27, /names no tier/, /^write by <tier>\|shop\/x/],
    ["deny a/b -> c/d tcp/80 by somethingelse", 27, /names no tier/, /^e\.g\./],
    ["deny a/b -> c/d tcp/80 by a|b|1|2", 27, /too many \|/, /^e\.g\./],
    ["deny a/b -> c/d tcp/80 by Security|x", 27, /"Security" is not a tier name/, undefined],
    ["deny a/b -> c/d tcp/80 by |x", 27, /"" is not a tier name/, undefined],
    ["deny a/b -> c/d tcp/80 by default|", 27, /"" is not a policy name/, undefined],
    ["deny a/b -> c/d tcp/80 by default|a/b/c", 27, /"a\/b\/c" is not a policy name/, undefined],
    ["deny a/b -> c/d tcp/80 by default|Shop/x", 27, /is not a policy name/, undefined],
    ["deny a/b -> c/d tcp/80 by default|shop/knp.default.x", 27, /internal name/, "write shop/x"],
    ["deny a/b -> c/d tcp/80 by default|x|-2", 27, /rule index "-2" must be a number from 0/, undefined],
    ["deny a/b -> c/d tcp/80 by default|x|one", 27, /rule index "one"/, undefined],
    ["deny a/b -> c/d tcp/80 by default|x|01", 27, /rule index "01"/, undefined],
    ["option calico-version v3.32", 1, /options must come before the first assertion/, undefined],
    [
      "option calico-version",
      1,
      /option needs a name and a value/,
      "write option calico-version v3.31 (or v3.32)",
    ],
    ["option calico v3.31", 8, /unknown option "calico"/, undefined],
    ["option calico-versoin v3.31", 8, /unknown option/, "write option calico-version v3.31 (or v3.32)"],
    ["option calico-version 3.32", 23, /"3.32" is not supported/, "write option calico-version v3.32"],
    ["option calico-version v4", 23, /"v4" is not supported/, undefined],
    ["option calico-version v3.31 x", 29, /unexpected "x" after the option value/, undefined],
  ])("%j -> column %i", (line, column, message, fix) => {
    const text = line.startsWith("option calico-version v3.32")
      ? `load x\nallow a/b -> c/d tcp/1\n${line}`
      : `load x\n${line}`;
    const r = parse(text);
    expect(r.issues).toHaveLength(1);
    const issue = r.issues[0]!;
    expect(issue).toMatchObject({ code: "script-syntax", severity: "error", file: "t.nwt", column });
    expect(issue.line).toBe(text.split("\n").length);
    expect(issue.message).toMatch(message);
    if (fix === undefined) expect(issue.fix).toBeUndefined();
    else expect(issue.fix).toMatch(fix);
    expect(r.steps.every((s) => s.line !== issue.line)).toBe(true);
  });

  it("reports load without a path", () => {
    expect(parse("load   # nothing").issues[0]).toMatchObject({
      line: 1,
      column: 1,
      message: "load needs a file or folder",
    });
  });

  it("reports an assertion before any load", () => {
    const r = parse("allow a/b -> c/d tcp/80\nload x");
    expect(r.issues).toEqual([
      {
        code: "script-syntax",
        severity: "error",
        message: "nothing is loaded yet",
        fix: "add load <path> above the first assertion",
        file: "t.nwt",
        line: 1,
        column: 1,
      },
    ]);
    expect(r.steps).toEqual([{ kind: "load", line: 2, path: "x" }]);
  });

  it("reports a second calico-version option with the line of the first", () => {
    const r = parse("option calico-version v3.31\noption calico-version v3.32\nload x");
    expect(r.issues[0]).toMatchObject({ line: 2, message: "calico-version is already set on line 1" });
  });

  it("reports every bad line and keeps the good ones", () => {
    const r = parse("load x\nallow a/b -> c/d tcp/80\nallow nope\ndeny a/b -> c/d udp/53\nbogus");
    expect(r.issues.map((i) => i.line)).toEqual([3, 5]);
    expect(r.steps.map((s) => s.line)).toEqual([1, 2, 4]);
  });

  it("never throws on arbitrary text", () => {
    for (const text of [
      "\u0000",
      "->",
      "allow",
      "deny pending",
      "by",
      "option",
      "load\tx\n\n\r\n",
      "allow # x",
    ]) {
      expect(() => parse(text)).not.toThrow();
    }
  });
});
