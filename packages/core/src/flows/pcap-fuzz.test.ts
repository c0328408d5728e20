// Property tests: parseCapture never throws and always returns, on random bytes and on mutated real-looking captures.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { flowIssueCodes } from "./flow-issue-codes.js";
import { parseCapture } from "./pcap.js";
import * as w from "./pcap-writer.testkit.js";

const ip4 = w.ipv4("10.0.0.1", "10.0.0.2", 6, w.tcp(1, 2, 0x02));
const ip6 = w.ipv6("::1", "::2", 0, w.udp(1, 2), w.concat(w.ext8(44), w.frag6(17, 0, true, 1)));
const frags = w.ipv4("10.0.0.1", "10.0.0.2", 17, w.udp(1, 2), { id: 1, offset: 0, more: true });
const seeds = [
  w.classicPcap(
    { linkType: 1 },
    [ip4, ip6, frags].map((ip) => ({ seconds: 1, fraction: 0, data: w.ether(ip, [1]) })),
  ),
  w.classicPcap({ le: false, nano: true, linkType: 276 }, [{ seconds: 1, fraction: 0, data: w.sll2(ip6) }]),
  w.concat(
    w.shb(true),
    w.idb(true, 0, { tsresol: 0x85 }),
    w.epb(true, 0, 5n, w.nullLink(ip4, true)),
    w.idb(true, 113),
    w.epb(true, 1, 9n, w.sll(ip6)),
    w.spb(true, w.nullLink(frags, true)),
    w.shb(false),
    w.idb(false, 101, { tsoffset: 3 }),
    w.opb(false, 0, 7n, ip4),
  ),
];

const check = (bytes: Uint8Array) => {
  const { flows, issues } = parseCapture(bytes, { bucketMs: 1000 });
  for (const i of issues) expect(Object.keys(flowIssueCodes)).toContain(i.code);
  for (const f of flows) expect(f.origin.offset).toBeLessThan(bytes.length);
};

const mutated = fc
  .tuple(
    fc.constantFrom(...seeds),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
    fc.option(fc.nat()),
  )
  .map(([seed, edits, cut]) => {
    const bytes = seed.slice(0, cut === null ? seed.length : cut % (seed.length + 1));
    for (const [at, value] of edits) if (bytes.length > 0) bytes[at % bytes.length] = value;
    return bytes;
  });

describe("parseCapture under fuzzing", () => {
  it("never throws on random bytes, with or without a capture magic", () => {
    const magics = [[], [0xd4, 0xc3, 0xb2, 0xa1], [0xa1, 0xb2, 0x3c, 0x4d], [0x0a, 0x0d, 0x0d, 0x0a]];
    fc.assert(
      fc.property(fc.constantFrom(...magics), fc.uint8Array({ maxLength: 400 }), (magic, rest) =>
        check(w.concat(Uint8Array.from(magic), rest)),
      ),
      { numRuns: 2000 },
    );
  });

  it("never throws on mutated and truncated captures", () => {
    fc.assert(fc.property(mutated, check), { numRuns: 3000 });
  });

  it("reads the unmutated seeds into flows without issues", () => {
    for (const seed of seeds) {
      const { flows, issues } = parseCapture(seed);
      expect([flows.length > 0, issues]).toEqual([true, []]);
    }
  });
});
