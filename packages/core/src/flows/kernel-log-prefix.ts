// The prefixes kernel messages carry in log files (syslog RFC 3164 and 5424, journald short styles, dmesg) and their times.
import { civilTime, parseRfc3339 } from "./time.js";

/** A log line split at its prefix: the kernel message, the host and time the prefix gave, or what is wrong with it. */
export interface KernelMessage {
  message: string;
  host?: string;
  /** Milliseconds since the epoch. */
  time?: number;
  /** Set when the prefix was recognised but its timestamp is not a valid time. */
  problem?: string;
  /** Set when the time is not a real moment: a dmesg uptime without the boot time, a stamp without its year. */
  relative?: true;
}

/** What a prefix cannot say by itself: the year of `Nov 22 10:15:01` stamps and the boot time of dmesg uptimes. */
export interface PrefixOptions {
  /** Year of RFC 3164 and journald `short` stamps (they carry none); 1970 when not given. */
  year?: number;
  /** Boot time in milliseconds since the epoch, added to dmesg uptimes; 0 when not given (times since boot). */
  bootTime?: number;
}

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const pri = String.raw`(?:<\d{1,3}>)?`;
const sdElement = String.raw`\[(?:[^\]\\"]|\\.|"(?:[^"\\]|\\.)*")*\]`;
const rfc5424 = new RegExp(
  String.raw`^<\d{1,3}>1 (\S+) (\S+) \S+ \S+ \S+ (?:-|(?:${sdElement})+)(?: \uFEFF?(.*))?$`,
);
const isoStamp = new RegExp(String.raw`^${pri}(\d{4}-\d{2}-\d{2}T\S+) (\S+) [^\s:]+: (.*)$`);
const bsdStamp = new RegExp(
  String.raw`^${pri}([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? (\S+) [^\s:]+: (.*)$`,
);
const dmesgHuman = /^\[[A-Z][a-z]{2} ([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})\] ?(.*)$/;
const dmesgUptime = /^\[\s*(\d{1,10})\.(\d{1,9})\] ?(.*)$/;

const stamp = (message: string, time: number | undefined, what: string, host?: string): KernelMessage => ({
  message,
  ...(host === undefined ? {} : { host }),
  ...(time === undefined ? { problem: `${what} is not a valid time` } : { time }),
});

const bsdTime = (year: number, mon: string, d: string, h: string, mi: string, s: string, frac?: string) => {
  const month = months.indexOf(mon) + 1;
  return month === 0 ? undefined : civilTime(year, month, Number(d), Number(h), Number(mi), Number(s), frac);
};

/**
 * Splits a log line at its prefix, trying RFC 5424, ISO-stamped syslog and journald (`short-iso`, rsyslog
 * high-precision), RFC 3164 and journald `short`/`short-precise`, `dmesg -T` and bare `dmesg`. Stamps without an
 * offset are read as UTC. Returns undefined when no prefix style matches.
 */
export function splitKernelPrefix(text: string, options: PrefixOptions = {}): KernelMessage | undefined {
  let m = rfc5424.exec(text);
  if (m) {
    const [, time = "", host = "", message = ""] = m;
    const at = time === "-" ? undefined : parseRfc3339(time);
    return stamp(message, at, `timestamp ${time}`, host === "-" ? undefined : host);
  }
  m = isoStamp.exec(text);
  if (m) return stamp(m[3] ?? "", parseRfc3339(m[1] ?? ""), `timestamp ${m[1]}`, m[2]);
  m = bsdStamp.exec(text);
  if (m) {
    const [, mon = "", d = "", h = "", mi = "", s = "", frac, host, message = ""] = m;
    const at = bsdTime(options.year ?? 1970, mon, d, h, mi, s, frac);
    const out = stamp(message, at, `timestamp ${mon} ${d} ${h}:${mi}:${s}`, host);
    return options.year === undefined ? { ...out, relative: true } : out;
  }
  m = dmesgHuman.exec(text);
  if (m) {
    const [, mon = "", d = "", h = "", mi = "", s = "", y = "", message = ""] = m;
    return stamp(message, bsdTime(Number(y), mon, d, h, mi, s), `timestamp ${mon} ${d} ${h}:${mi}:${s} ${y}`);
  }
  m = dmesgUptime.exec(text);
  if (m) {
    const [, sec = "", frac = "", message = ""] = m;
    const uptime = Number(sec) * 1000 + Number(frac.slice(0, 3).padEnd(3, "0"));
    if (options.bootTime === undefined) return { message, time: uptime, relative: true };
    return { message, time: options.bootTime + uptime };
  }
  return undefined;
}
