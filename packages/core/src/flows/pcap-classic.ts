// Reads classic libpcap files: either byte order, microsecond or nanosecond timestamps.
import { type CaptureSink, viewOf } from "./pcap-capture.js";
import { supportedLinkType } from "./pcap-link.js";

const MICRO = 0xa1b2c3d4;
const NANO = 0xa1b23c4d;
const FILE_HEADER = 24;
const RECORD_HEADER = 16;

/** True when the bytes start with a libpcap magic number in either byte order. */
export function isClassicPcap(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const view = viewOf(bytes);
  return [true, false].some((le) => [MICRO, NANO].includes(view.getUint32(0, le)));
}

/** Reads a libpcap file (whose magic `isClassicPcap` accepted) into the sink, record by record. */
export function readClassicPcap(bytes: Uint8Array, sink: CaptureSink): void {
  const view = viewOf(bytes);
  const le = [MICRO, NANO].includes(view.getUint32(0, true));
  const nano = view.getUint32(0, le) === NANO;
  if (bytes.length < FILE_HEADER) {
    sink.issue(
      "flow-truncated",
      "error",
      `the file ends inside its ${FILE_HEADER}-byte pcap header, at byte ${bytes.length}`,
    );
    return;
  }
  const snaplen = view.getUint32(16, le);
  const linkType = view.getUint32(20, le) & 0xffff;
  if (!supportedLinkType(linkType)) {
    sink.issue(
      "flow-unsupported",
      "error",
      `link type ${linkType} (pcap header at byte 20) is not one netward reads`,
    );
    return;
  }
  for (let at = FILE_HEADER; at < bytes.length;) {
    if (bytes.length - at < RECORD_HEADER) {
      sink.issue("flow-truncated", "warning", `the file ends inside the record header at byte ${at}`);
      return;
    }
    const seconds = view.getUint32(at, le);
    const fraction = view.getUint32(at + 4, le);
    const caplen = view.getUint32(at + 8, le);
    const origLen = view.getUint32(at + 12, le);
    const left = bytes.length - at - RECORD_HEADER;
    if (caplen > left) {
      const what = `the record at byte ${at} claims ${caplen} captured bytes but only ${left} remain`;
      sink.issue("flow-truncated", "warning", `${what}: the file is cut off or corrupt from here`);
      return;
    }
    if (snaplen > 0 && caplen > snaplen)
      sink.issue(
        "flow-syntax",
        "warning",
        `the record at byte ${at} has ${caplen} captured bytes, more than the snapshot length ${snaplen}; read anyway`,
      );
    const timeMs = seconds * 1000 + Math.floor(fraction / (nano ? 1_000_000 : 1000));
    const data = bytes.subarray(at + RECORD_HEADER, at + RECORD_HEADER + caplen);
    sink.packet({ offset: at, linkType, timeMs, data, origLen });
    at += RECORD_HEADER + caplen;
  }
}
