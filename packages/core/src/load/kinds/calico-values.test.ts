// Tests Calico's numorstring helpers: protocol numbers by name or number, and which protocols carry ports.
import { describe, expect, it } from "vitest";
import { protocolNumber, supportsPorts } from "./calico-values.js";

describe("protocolNumber", () => {
  it.each<[string | number, number | undefined]>([
    ["TCP", 6],
    ["UDP", 17],
    ["ICMP", 1],
    ["ICMPv6", 58],
    ["SCTP", 132],
    ["UDPLite", 136],
    [6, 6],
    ["17", 17],
    ["tcp", undefined],
    ["HTTP", undefined],
  ])("%j is %j", (protocol, expected) => {
    expect(protocolNumber(protocol)).toBe(expected);
  });
});

describe("supportsPorts", () => {
  it.each<[string | number | undefined, boolean]>([
    ["TCP", true],
    ["UDP", true],
    ["SCTP", true],
    [6, true],
    [17, true],
    [132, true],
    ["6", true],
    ["UDPLite", false],
    [136, false],
    ["ICMP", false],
    ["ICMPv6", false],
    [1, false],
    ["tcp", false],
    [undefined, false],
  ])("%j: %j", (protocol, expected) => {
    expect(supportsPorts(protocol)).toBe(expected);
  });
});
