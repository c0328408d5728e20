// Tests for cutting the address space at CIDR edges.
import { describe, expect, it } from "vitest";
import { parseCIDR, parseIP } from "../net/ip.js";
import { AddressCuts, formatRange } from "./ip-ranges.js";

const cidrs = (...texts: string[]) => texts.map((t) => parseCIDR(t)!);
const ip = (t: string) => parseIP(t)!.value;

describe("address cuts", () => {
  it("splits IPv4 at every CIDR edge and skips holes", () => {
    const cuts = new AddressCuts(4, cidrs("10.0.0.0/8", "10.1.0.0/16", "0.0.0.0/0", "fd00::/8"));
    expect(cuts.ranges([]).map(formatRange)).toEqual([
      "0.0.0.0-9.255.255.255",
      "10.0.0.0-10.0.255.255",
      "10.1.0.0-10.1.255.255",
      "10.2.0.0-10.255.255.255",
      "11.0.0.0-255.255.255.255",
    ]);
    expect(cuts.ranges([ip("10.0.0.0"), ip("10.0.0.5"), ip("255.255.255.255")]).map(formatRange)).toEqual([
      "0.0.0.0-9.255.255.255",
      "10.0.0.1-10.0.0.4",
      "10.0.0.6-10.0.255.255",
      "10.1.0.0-10.1.255.255",
      "10.2.0.0-10.255.255.255",
      "11.0.0.0-255.255.255.254",
    ]);
  });

  it("numbers the intervals between edges: one atom lies inside exactly the same CIDRs", () => {
    const cuts = new AddressCuts(4, cidrs("10.0.0.0/8", "10.1.0.0/16"));
    const atoms = [
      "9.255.255.255",
      "10.0.0.0",
      "10.0.255.255",
      "10.1.0.0",
      "10.1.255.255",
      "10.2.0.0",
      "11.0.0.0",
    ];
    expect(atoms.map((a) => cuts.atomOf(ip(a)))).toEqual([0, 1, 1, 2, 2, 3, 4]);
  });

  it("handles IPv6", () => {
    const cuts = new AddressCuts(6, cidrs("fd00::/8"));
    expect(cuts.ranges([]).map(formatRange)).toEqual([
      "::-fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
      "fd00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
      "fe00::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    ]);
  });
});
