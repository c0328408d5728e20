// Tests for the flow record fields: every stored field reads its column, derived fields split namespaced names.
import { describe, expect, it } from "vitest";
import type { AggregatedFlow } from "../flows/aggregate.js";
import {
  anyFlowFields,
  flowRecordFields,
  flowRecordValue,
  isFlowField,
  numericFlowFields,
} from "./flow-record-fields.js";

const record: AggregatedFlow = {
  bucket: 15_000,
  verdict: "deny",
  level: 0,
  src: "shop/web-7d9f8b-x2k4p",
  srcPort: 40_000,
  dst: "hep:node1/eth0",
  dstPort: 22,
  protocol: 6,
  policy: "default|shop/deny-ssh|0|deny",
  count: 3,
  packets: 9,
  bytes: 540,
  drift: 1,
};

describe("flow record fields", () => {
  it("reads every stored field, numbers for the numeric ones", () => {
    expect(Object.fromEntries(flowRecordFields.map((f) => [f, flowRecordValue(record, f)]))).toEqual({
      start_time: 15_000,
      action: "deny",
      aggregation_level: 0,
      source_name: "shop/web-7d9f8b-x2k4p",
      source_port: 40_000,
      dest_name: "hep:node1/eth0",
      dest_port: 22,
      proto: 6,
      policy: "default|shop/deny-ssh|0|deny",
      num_flows: 3,
      packets: 9,
      bytes: 540,
      drift: 1,
    });
    for (const f of anyFlowFields)
      expect(typeof flowRecordValue(record, f) === "number", f).toBe(numericFlowFields.has(f));
  });

  it.each<[string, string, string]>([
    ["shop/web-*", "shop", "web-*"],
    ["hep:node1/eth0", "-", "hep:node1/eth0"],
    ["10.0.0.1", "-", "10.0.0.1"],
    ["pvt", "-", "pvt"],
    ["allowed-egress", "-", "allowed-egress"],
  ])("splits %s into namespace %s and name %s", (name, namespace, aggr) => {
    const r = { ...record, src: name, dst: name };
    expect(flowRecordValue(r, "source_namespace")).toBe(namespace);
    expect(flowRecordValue(r, "source_name_aggr")).toBe(aggr);
    expect(flowRecordValue(r, "dest_namespace")).toBe(namespace);
    expect(flowRecordValue(r, "dest_name_aggr")).toBe(aggr);
  });

  it("knows its field names", () => {
    expect(isFlowField("dest_namespace")).toBe(true);
    expect(isFlowField("dest_ns")).toBe(false);
    expect(new Set(anyFlowFields).size).toBe(17);
  });

  it("reads namespace and name from the resolved workload of an address record", () => {
    const byAddress = { ...record, level: 1 as const, src: "10.0.0.1", srcWorkload: "shop/web-7d9f8b-*" };
    expect(flowRecordValue(byAddress, "source_namespace")).toBe("shop");
    expect(flowRecordValue(byAddress, "source_name_aggr")).toBe("web-7d9f8b-*");
    expect(flowRecordValue(byAddress, "source_name")).toBe("10.0.0.1");
    expect(flowRecordValue({ ...record, level: 1, src: "10.0.0.1" }, "source_namespace")).toBe("-");
  });
});
