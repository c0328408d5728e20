// Golden tests: the real loopback captures under examples/flows/pcap parse into the flows and issues on record.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseCapture } from "@netward/core";
import { describe, expect, it } from "vitest";

const samples = join(import.meta.dirname, "../../../../examples/flows/pcap");
const goldenDir = join(import.meta.dirname, "golden");
const update = process.env["UPDATE_GOLDEN"] === "1";

const parse = (name: string) =>
  parseCapture(new Uint8Array(readFileSync(join(samples, name))), { file: name });

const golden = (name: string, actual: unknown) => {
  const file = join(goldenDir, `pcap-${name.replace(/\.pcap(ng)?$/, "")}.json`);
  const text = `${JSON.stringify(actual, null, 2)}\n`;
  if (update || !existsSync(file)) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, "utf8"));
};

describe("pcap sample captures", () => {
  for (const name of ["loopback.pcap", "any-nano.pcap", "two-interfaces.pcapng", "tun-rawip.pcap"])
    it(`${name} gives its golden flows and no issues`, () => {
      const { flows, issues } = parse(name);
      expect(issues).toEqual([]);
      golden(name, flows);
    });

  it("tun-rawip.pcap: raw IP frames, a SYN and its retransmit in one bucket make one flow", () => {
    const { flows } = parse("tun-rawip.pcap");
    const syn = flows.filter((f) => f.protocol === 6 && f.dst.port === 8080);
    expect(syn).toHaveLength(1);
    expect(syn[0]?.count).toBe(1);
    expect(new Set(flows.map((f) => f.src.ip))).toEqual(
      new Set(["10.99.0.1", "fd99::1", "fe80::a86a:febc:479c:5a80"]),
    );
  });

  it("loopback-truncated.pcap keeps the flows before the cut and reports where it is", () => {
    const { flows, issues } = parse("loopback-truncated.pcap");
    expect(issues).toEqual([
      {
        code: "flow-truncated",
        severity: "warning",
        message:
          "the record at byte 2933 claims 66 captured bytes but only 51 remain: the file is cut off or corrupt from here",
        file: "loopback-truncated.pcap",
      },
    ]);
    golden("loopback-truncated.pcap", flows);
    const whole = parse("loopback.pcap")
      .flows.slice(0, 2)
      .map((f) => ({ ...f, origin: { ...f.origin, file: "loopback-truncated.pcap" } }));
    expect(flows.slice(0, 2)).toEqual(whole);
  });
});
