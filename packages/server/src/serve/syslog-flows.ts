// Kernel LOG lines received over syslog, parsed into flows and handed to the live pipeline in small batches.
import { kernelLogParser, type Flow, type Issue } from "@netward/core";
import { startSyslogListener, type SyslogMessage } from "../inputs/syslog-listener.js";

/** Where syslog flows go, and where bad messages and counts are reported. */
export interface SyslogSink {
  add(flows: readonly Flow[]): Promise<unknown>;
  onIssue(issue: Issue): void;
  /** Records read and rejected, for the metrics. */
  onRead(records: number, rejected: number): void;
}

/** Ports and address to listen on, and how long to gather messages before a batch (default 100 ms). */
export interface SyslogFlowOptions {
  host: string;
  udpPort?: number;
  tcpPort?: number;
  batchMs?: number;
}

/** Listens for syslog, parses each message as a kernel LOG line, and adds the flows in batches; returns the ports and close. */
export async function startSyslogFlows(options: SyslogFlowOptions, sink: SyslogSink) {
  const parser = kernelLogParser({ year: new Date().getUTCFullYear() });
  let pending: Flow[] = [];
  let rejected = 0;
  let timer: NodeJS.Timeout | undefined;
  let flushing = Promise.resolve();
  let received = 0;
  const flush = () => {
    timer = undefined;
    const flows = pending;
    const bad = rejected;
    pending = [];
    rejected = 0;
    sink.onRead(flows.length, bad);
    if (flows.length > 0)
      flushing = flushing
        .then(() => sink.add(flows))
        .then(
          () => undefined,
          () => undefined,
        );
  };
  const onMessage = (m: SyslogMessage) => {
    received++;
    const result = parser.parseLine(
      { text: m.text, line: received, offset: 0 },
      `syslog ${m.transport} ${m.peer}`,
    );
    if ("flow" in result) pending.push(result.flow);
    else if ("issue" in result) {
      rejected++;
      sink.onIssue(result.issue);
    }
    if (timer === undefined) timer = setTimeout(flush, options.batchMs ?? 100);
  };
  const listener = await startSyslogListener({
    host: options.host,
    ...(options.udpPort === undefined ? {} : { udpPort: options.udpPort }),
    ...(options.tcpPort === undefined ? {} : { tcpPort: options.tcpPort }),
    onMessage,
    onIssue: (issue) => sink.onIssue(issue),
  });
  return {
    udpPort: listener.udpPort,
    tcpPort: listener.tcpPort,
    async close(): Promise<void> {
      await listener.close();
      if (timer !== undefined) {
        clearTimeout(timer);
        flush();
      }
      await flushing;
    },
  };
}
