// End to end: real `calico-packet` lines sent as syslog daemons send them arrive as messages the kernel log parser turns into flows.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kernelLogParser, type Flow } from "@netward/core";
import type { SyslogMessage } from "./syslog-listener.js";
import {
  connectTcp,
  octetFrame,
  recordingListener,
  sendUdp,
  until,
  write,
  writeByteByByte,
} from "./syslog-listener.testkit.js";

const examples = join(import.meta.dirname, "../../../../examples/flows/kernel-log");
const lines = (name: string) =>
  readFileSync(join(examples, name), "utf8")
    .split("\n")
    .filter((l) => l !== "");

/** The RFC 3164 example lines with the `<PRI>` a daemon puts first: kern.notice for kernel lines, daemon.info else. */
const rfc3164 = lines("syslog-3164.log").map((l) => (l.includes(" kernel: ") ? `<5>${l}` : `<30>${l}`));
/** The RFC 5424 example lines, which carry their `<PRI>` already. */
const rfc5424 = lines("syslog-5424.log");

/** The flows the kernel log parser reads from these texts, in order, numbering them as lines 1, 2... */
function flowsOf(texts: readonly string[]): Flow[] {
  const parser = kernelLogParser({ year: 2026 });
  return texts.flatMap((text, k) => {
    const r = parser.parseLine({ text, line: k + 1, offset: 0 });
    if ("issue" in r) throw new Error(`unexpected issue: ${r.issue.message}`);
    return "flow" in r ? [r.flow] : [];
  });
}

const over = (messages: SyslogMessage[], transport: string) =>
  messages.filter((m) => m.transport === transport).map((m) => m.text);

describe("syslog listener and kernel log parser", () => {
  it("turns calico-packet lines received over UDP and TCP into the flows the files give", async () => {
    const r = await recordingListener();
    await sendUdp(r.listener.udpPort!, rfc3164);
    const c = await connectTcp(r.listener.tcpPort!);
    await writeByteByByte(c.socket, rfc5424.map(octetFrame).join(""));
    await write(c.socket, rfc3164.map((l) => `${l}\n`).join(""));
    const total = rfc3164.length * 2 + rfc5424.length;
    await until("every line", () => r.messages.length === total);
    expect(r.issues).toEqual([]);

    const udp = over(r.messages, "udp");
    const tcpFlows = flowsOf(over(r.messages, "tcp"));
    expect([...udp].sort()).toEqual([...rfc3164].sort());
    expect(tcpFlows).toEqual(flowsOf([...rfc5424, ...rfc3164]));
    expect(tcpFlows).toHaveLength(8); // 4 packet lines in each file; the 3164 file's ACK PSH packet is no new flow
    expect(tcpFlows[0]).toMatchObject({
      start: Date.UTC(2026, 10, 22, 10, 16, 40, 512),
      src: { ip: "10.244.0.21" },
      dst: { ip: "10.244.0.34", port: 9090 },
      protocol: 6,
      host: "node-a",
    });
    const udpFlows = flowsOf(udp);
    expect(udpFlows).toHaveLength(4);
    expect(udpFlows.find((f) => f.dst.port === 5432)).toMatchObject({
      start: Date.UTC(2026, 10, 22, 10, 15, 1),
      src: { ip: "10.244.1.37", port: 51544 },
      host: "node-b",
    });
  });
});
