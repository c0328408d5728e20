// Kernel LOG lines received over syslog, parsed into flows and handed to the live pipeline: at once after a lull, in batches under load.
import { kernelLogParser, type Flow, type Issue } from "@netward/core";
import { startSyslogListener, type SyslogMessage } from "../inputs/syslog-listener.js";

/** Where syslog flows go, and where bad messages and counts are reported. */
export interface SyslogSink {
  add(flows: readonly Flow[]): Promise<unknown>;
  onIssue(issue: Issue): void;
  /** Records read and rejected, for the metrics. */
  onRead(records: number, rejected: number): void;
}

/**
 * Ports and address to listen on, and the shortest time between two batches (default 100 ms): the first message
 * after a lull goes on at once (with whatever arrived in the same turn of the event loop), later ones wait
 * until that time has passed since the last batch.
 */
export interface SyslogFlowOptions {
  host: string;
  udpPort?: number;
  tcpPort?: number;
  batchMs?: number;
}

/** Listens for syslog, parses each message as a kernel LOG line, and adds the flows (see batchMs); returns the ports and close. */
export async function startSyslogFlows(options: SyslogFlowOptions, sink: SyslogSink) {
  const parser = kernelLogParser({ year: new Date().getUTCFullYear() });
  let pending: Flow[] = [];
  let rejected = 0;
  let timer: NodeJS.Timeout | undefined;
  let flushing = Promise.resolve();
  let received = 0;
  let lastFlush = Number.NEGATIVE_INFINITY;
  const batchMs = options.batchMs ?? 100;
  const flush = () => {
    timer = undefined;
    lastFlush = Date.now();
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
    if (timer === undefined) timer = setTimeout(flush, Math.max(0, lastFlush + batchMs - Date.now()));
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
