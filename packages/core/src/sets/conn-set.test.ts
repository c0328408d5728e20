// Tests for interned connection sets: canonical forms, intersection, and their JSON and text renderings.
import { describe, expect, it } from "vitest";
import { connEntries, ConnSets, formatConnSet } from "./conn-set.js";

describe("connection sets", () => {
  it("interns equal sets to one object, dropping entries equal to the default", () => {
    const sets = new ConnSets();
    const a = sets.make(
      new Map([
        [6, [[80, 80]]],
        [17, []],
      ]),
      false,
    );
    const b = sets.make(new Map([[6, [[80, 80]]]]), false);
    expect(a).toBe(b);
    expect(sets.make(new Map([[6, [[1, 65535]]]]), true)).toBe(sets.all);
    expect(sets.make(new Map(), false)).toBe(sets.none);
  });

  it("intersects with the default of unlisted protocols", () => {
    const sets = new ConnSets();
    const allButSsh = sets.make(
      new Map([
        [
          6,
          [
            [1, 21],
            [23, 65535],
          ],
        ],
      ]),
      true,
    );
    const web = sets.make(
      new Map([
        [
          6,
          [
            [22, 22],
            [80, 80],
          ],
        ],
        [17, [[53, 53]]],
      ]),
      false,
    );
    const both = sets.intersect(allButSsh, web);
    expect(both).toBe(
      sets.make(
        new Map([
          [6, [[80, 80]]],
          [17, [[53, 53]]],
        ]),
        false,
      ),
    );
    expect(sets.intersect(web, allButSsh)).toBe(both);
    expect(sets.allows(both, 6, 80)).toBe(true);
    expect(sets.allows(both, 6, 22)).toBe(false);
    expect(sets.allows(allButSsh, 47, undefined)).toBe(true);
    expect(sets.restrict(web, 6, [[80, 80]])).toBe(sets.make(new Map([[6, [[80, 80]]]]), false));
  });

  it("renders as JSON and text", () => {
    const sets = new ConnSets();
    expect(connEntries(sets.all)).toBe("all");
    expect(formatConnSet(sets.none)).toBe("none");
    const web = sets.make(
      new Map([
        [
          6,
          [
            [80, 80],
            [8000, 8080],
          ],
        ],
        [1, [[0, 0]]],
      ]),
      false,
    );
    expect(connEntries(web)).toEqual([
      { protocol: "ICMP" },
      {
        protocol: "TCP",
        ports: [
          [80, 80],
          [8000, 8080],
        ],
      },
    ]);
    expect(formatConnSet(web)).toBe("ICMP; TCP 80, 8000-8080");
    const noIcmp = sets.make(
      new Map([
        [1, []],
        [
          6,
          [
            [1, 21],
            [23, 65535],
          ],
        ],
      ]),
      true,
    );
    expect(connEntries(noIcmp)).toEqual([
      { protocol: "ICMP", ports: [] },
      {
        protocol: "TCP",
        ports: [
          [1, 21],
          [23, 65535],
        ],
      },
      { protocol: "*" },
    ]);
    expect(formatConnSet(noIcmp)).toBe("no ICMP; TCP 1-21, 23-65535; every other protocol");
  });
});
