// Tests for IP and CIDR parsing and formatting.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cidrContains, formatCIDR, formatIP, parseCIDR, parseIP } from "./ip.js";

describe("parseIP", () => {
  it.each([
    ["10.0.0.1", 4, 0x0a000001n],
    ["255.255.255.255", 4, 0xffffffffn],
    ["::", 6, 0n],
    ["::1", 6, 1n],
    ["2001:db8::8a2e:370:7334", 6, 0x20010db8000000000000_8a2e03707334n],
    ["::ffff:192.0.2.1", 6, 0xffffc0000201n],
    ["1:2:3:4:5:6:7:8", 6, 0x00010002000300040005000600070008n],
  ])("parses %s", (text, family, value) => {
    expect(parseIP(text)).toEqual({ family, value });
  });

  it.each([
    "",
    "10.0.0",
    "10.0.0.256",
    "010.0.0.1",
    "1.2.3.4.5",
    ":::",
    "1::2::3",
    "1:2:3:4:5:6:7:8:9",
    "12345::",
    "fe80::1%eth0",
    "1:2:3:4:5:6:7::8:9",
    " 10.0.0.1",
  ])("rejects %j", (text) => {
    expect(parseIP(text)).toBeUndefined();
  });

  it("round-trips random addresses through formatIP", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (v) => {
        expect(parseIP(formatIP(6, v))).toEqual({ family: 6, value: v });
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), (v) => {
        expect(parseIP(formatIP(4, v))).toEqual({ family: 4, value: v });
      }),
    );
  });
});

describe("parseCIDR", () => {
  it("clears host bits and remembers they were set", () => {
    expect(parseCIDR("10.1.2.3/8")).toEqual({
      family: 4,
      network: 0x0a000000n,
      prefix: 8,
      hostBitsSet: true,
    });
    expect(parseCIDR("10.0.0.0/8")?.hostBitsSet).toBe(false);
  });

  it("takes bare IPs only when asked", () => {
    expect(parseCIDR("192.0.2.7")).toBeUndefined();
    expect(parseCIDR("192.0.2.7", true)).toEqual({
      family: 4,
      network: 0xc0000207n,
      prefix: 32,
      hostBitsSet: false,
    });
    expect(parseCIDR("2001:db8::1", true)?.prefix).toBe(128);
  });

  it.each([
    "10.0.0.0/33",
    "10.0.0.0/",
    "10.0.0.0/-1",
    "10.0.0.0/08",
    "::/129",
    "300.1.1.1/32",
    "10.0.0.0/8/8",
  ])("rejects %j", (text) => {
    expect(parseCIDR(text)).toBeUndefined();
  });

  it("formats and tests containment", () => {
    const outer = parseCIDR("2001:db8::/32")!;
    expect(formatCIDR(outer)).toBe("2001:db8::/32");
    expect(cidrContains(outer, parseCIDR("2001:db8:1::/48")!)).toBe(true);
    expect(cidrContains(outer, parseCIDR("2001:db9::/48")!)).toBe(false);
    expect(cidrContains(parseCIDR("10.0.0.0/8")!, parseCIDR("2001:db8::/32")!)).toBe(false);
  });
});
