// Tests for silences: matcher semantics, validation on create, the active window, and expiry.
import { describe, expect, it } from "vitest";
import { compileMatcher, fromApiMatcher, silenceState, Silences, type LabelMatcher } from "./silences.js";

describe("label matchers", () => {
  const cases: [LabelMatcher, Record<string, string>, boolean][] = [
    [{ name: "a", value: "x", type: "=" }, { a: "x" }, true],
    [{ name: "a", value: "x", type: "=" }, { a: "xy" }, false],
    [{ name: "a", value: "", type: "=" }, {}, true],
    [{ name: "a", value: "x", type: "!=" }, {}, true],
    [{ name: "a", value: "x|y", type: "=~" }, { a: "y" }, true],
    [{ name: "a", value: "x", type: "=~" }, { a: "xx" }, false],
    [{ name: "a", value: "x.*", type: "!~" }, { a: "xyz" }, false],
    [{ name: "a", value: "x.*", type: "!~" }, {}, true],
  ];
  it.each(cases)("%o on %o is %s", (matcher, labels, expected) => {
    const match = compileMatcher(matcher);
    if (typeof match === "string") throw new Error(match);
    expect(match(labels)).toBe(expected);
  });

  it("reads regular expressions as Go does (Alertmanager's syntax), not as JavaScript", () => {
    const folded = compileMatcher({ name: "severity", value: "(?i)CRIT.*", type: "=~" });
    if (typeof folded === "string") throw new Error(folded);
    expect(folded({ severity: "critical" })).toBe(true);
    expect(compileMatcher({ name: "a", value: "x(?=y)", type: "=~" })).toMatch(/invalid regular expression/);
  });

  it("reports a bad regular expression as data", () => {
    expect(compileMatcher({ name: "a", value: "(", type: "=~" })).toMatch(/invalid regular expression/);
  });

  it("converts the API form", () => {
    expect(fromApiMatcher({ name: "a", value: "b", isRegex: true, isEqual: false }).type).toBe("!~");
    expect(fromApiMatcher({ name: "a", value: "b", isRegex: false }).type).toBe("=");
  });
});

describe("silences", () => {
  const matchers = [{ name: "alertname", value: "Denied", isRegex: false }];

  it("refuses what Alertmanager refuses", () => {
    const silences = new Silences();
    const error = (input: Parameters<Silences["create"]>[0]): string | undefined => {
      const result = silences.create(input, 100);
      return "error" in result ? result.error : undefined;
    };
    expect(error({ matchers: [], startsAt: 0, endsAt: 200 })).toMatch(/no matchers/);
    expect(error({ matchers: [{ name: "a", value: ".*", type: "=~" }], startsAt: 0, endsAt: 200 })).toMatch(
      /empty string/,
    );
    expect(error({ matchers, startsAt: 300, endsAt: 200 })).toMatch(/before start/);
    expect(error({ matchers, startsAt: 0, endsAt: 100 })).toMatch(/past/);
    expect(error({ matchers: [{ name: "a", value: "[", type: "=~" }], startsAt: 0, endsAt: 200 })).toMatch(
      /regular/,
    );
  });

  it("mutes only while active and only when every matcher matches", () => {
    const silences = new Silences();
    const result = silences.create(
      {
        matchers: [...matchers, { name: "ns", value: "shop|pay", isRegex: true }],
        startsAt: 1000,
        endsAt: 2000,
      },
      0,
    );
    if (!("silence" in result)) throw new Error(result.error);
    const labels = { alertname: "Denied", ns: "shop" };
    expect(silences.mutes(labels, 999)).toBe(false);
    expect(silences.mutes(labels, 1000)).toBe(true);
    expect(silences.silencedBy(labels, 1500)).toEqual([result.silence.id]);
    expect(silences.mutes({ alertname: "Denied", ns: "dev" }, 1500)).toBe(false);
    expect(silences.mutes(labels, 2000)).toBe(false);
  });

  it("moves a start in the past to now, and expires active and pending silences", () => {
    const silences = new Silences();
    const active = silences.create({ id: "a", matchers, startsAt: 0, endsAt: 1000 }, 100);
    const pending = silences.create({ id: "p", matchers, startsAt: 500, endsAt: 1000 }, 100);
    expect("silence" in active && active.silence.startsAt).toBe(100);
    expect("silence" in pending).toBe(true);
    expect(silences.expire("a", 200)).toBe(true);
    expect(silences.expire("p", 200)).toBe(true);
    expect(silences.get("a")).toMatchObject({ startsAt: 100, endsAt: 200 });
    expect(silences.get("p")).toMatchObject({ startsAt: 200, endsAt: 200 });
    expect(silences.list().map((x) => silenceState(x, 200))).toEqual(["expired", "expired"]);
    expect(silences.expire("a", 300)).toBe(false);
    expect(silences.expire("missing", 300)).toBe(false);
  });

  it("restores saved silences as they were, refusing a taken id or a bad matcher, and forgets old expired ones", () => {
    const saved = new Silences();
    const made = saved.create({ id: "s", matchers, startsAt: 0, endsAt: 1000 }, 100);
    saved.expire("s", 200);
    const silences = new Silences();
    for (const s of saved.list()) expect(silences.restore(s)).toBeUndefined();
    expect("silence" in made && silences.get("s")).toEqual({ ...saved.get("s") });
    expect(silences.restore(saved.get("s")!)).toMatch(/already exists/);
    const bad = {
      id: "b",
      matchers: [{ name: "ns", value: "(", type: "=~" as const }],
      startsAt: 0,
      endsAt: 1,
    };
    expect(silences.restore(bad)).toBeDefined();
    expect(silences.collect(200)).toBe(0);
    expect(silences.collect(201)).toBe(1);
    expect(silences.list()).toEqual([]);
  });
});
