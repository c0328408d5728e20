// Tests for parsing flow ends and ports as people write them.
import { describe, expect, it } from "vitest";
import { formatEndpointRef, parseEndpointRef, parsePortSpec } from "./flow-spec-parse.js";

describe("parseEndpointRef", () => {
  it.each([
    ["shop/frontend", { kind: "workload", namespace: "shop", name: "frontend" }],
    ["hep:node-1/eth0", { kind: "hostendpoint", node: "node-1", name: "eth0" }],
    ["10.0.0.1", { kind: "ip", ip: "10.0.0.1" }],
    ["2001:db8::1", { kind: "ip", ip: "2001:db8::1" }],
  ])("reads %s", (text, value) => {
    expect(parseEndpointRef(text)).toEqual({ ok: true, value });
    expect(formatEndpointRef(value as never)).toBe(text);
  });
  it.each(["frontend", "shop/", "Shop/x", "a/b/c", "hep:node", "hep:/x", "10.0.0.256"])(
    "rejects %j",
    (text) => {
      expect(parseEndpointRef(text).ok).toBe(false);
    },
  );
});

describe("parsePortSpec", () => {
  it.each([
    ["tcp/8080", { protocol: 6, dstPort: 8080 }],
    ["UDP/53", { protocol: 17, dstPort: 53 }],
    ["sctp/2905", { protocol: 132, dstPort: 2905 }],
    ["icmp", { protocol: 1 }],
    ["icmp/8", { protocol: 1, icmpType: 8 }],
    ["icmp/3/4", { protocol: 1, icmpType: 3, icmpCode: 4 }],
    ["icmpv6/128", { protocol: 58, icmpType: 128 }],
    ["proto/47", { protocol: 47 }],
  ])("reads %s", (text, value) => {
    expect(parsePortSpec(text)).toEqual({ ok: true, value });
  });
  it.each(["tcp", "tcp/0", "tcp/65536", "tcp/http", "http/80", "icmp/256", "proto/0", "proto/x", "tcp/80/1"])(
    "rejects %j",
    (text) => {
      const r = parsePortSpec(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toContain(text);
    },
  );
});
