// Reads pcapng files: sections in either byte order, interfaces with their link type and timestamp resolution, packet blocks.
import { type CaptureSink, viewOf } from "./pcap-capture.js";
import { supportedLinkType } from "./pcap-link.js";

const SHB = 0x0a0d0d0a;
const BYTE_ORDER = 0x1a2b3c4d;
const IDB = 1;
const OPB = 2;
const SPB = 3;
const EPB = 6;

// An interface of the current section; `usable` is false when its block was bad or its link type unknown.
interface Interface {
  usable: boolean;
  linkType: number;
  snaplen: number;
  unitsPerSecond: bigint;
  offsetSeconds: bigint;
}

// The state of one section while its blocks are read.
interface Section {
  le: boolean;
  interfaces: Interface[];
  lastTimeMs: number;
}

/** True when the bytes start with a pcapng section header block. */
export function isPcapng(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && viewOf(bytes).getUint32(0, true) === SHB;
}

/** Reads a pcapng file (which `isPcapng` accepted) into the sink, block by block; unknown blocks are skipped. */
export function readPcapng(bytes: Uint8Array, sink: CaptureSink): void {
  const view = viewOf(bytes);
  const section: Section = { le: true, interfaces: [], lastTimeMs: 0 };
  for (let at = 0; at < bytes.length;) {
    const left = bytes.length - at;
    if (left < 12) {
      sink.issue("flow-truncated", "warning", `the file ends inside the block header at byte ${at}`);
      return;
    }
    const type = view.getUint32(at, section.le);
    if (type === SHB) {
      const order = view.getUint32(at + 8, true);
      if (order !== BYTE_ORDER && order !== 0x4d3c2b1a) {
        const hex = order.toString(16).padStart(8, "0");
        sink.issue(
          "flow-syntax",
          "error",
          `the section header at byte ${at} has byte-order magic 0x${hex}; cannot read on`,
        );
        return;
      }
      Object.assign(section, { le: order === BYTE_ORDER, interfaces: [] });
    }
    const length = view.getUint32(at + 4, section.le);
    if (length < 12 || length % 4 !== 0) {
      sink.issue(
        "flow-syntax",
        "error",
        `the block at byte ${at} has length ${length}, not a multiple of 4 of at least 12; cannot read on`,
      );
      return;
    }
    if (length > left) {
      sink.issue(
        "flow-truncated",
        "warning",
        `the block at byte ${at} claims ${length} bytes but only ${left} remain: the file is cut off or corrupt from here`,
      );
      return;
    }
    if (view.getUint32(at + length - 4, section.le) !== length)
      sink.issue(
        "flow-syntax",
        "warning",
        `the block at byte ${at} ends with a length that differs from its leading ${length}; read anyway`,
      );
    const body = bytes.subarray(at + 8, at + length - 4);
    if (type === IDB) section.interfaces.push(readInterface(body, section, at, sink));
    else if (type === EPB || type === OPB || type === SPB) readPacket(type, body, section, at, sink);
    at += length;
  }
}

function readInterface(body: Uint8Array, section: Section, at: number, sink: CaptureSink): Interface {
  const id = section.interfaces.length;
  const iface = { usable: false, linkType: -1, snaplen: 0, unitsPerSecond: 1_000_000n, offsetSeconds: 0n };
  if (body.length < 8) {
    sink.issue(
      "flow-syntax",
      "warning",
      `interface ${id} (block at byte ${at}) is too short; its packets are skipped`,
    );
    return iface;
  }
  const view = viewOf(body);
  iface.linkType = view.getUint16(0, section.le);
  iface.snaplen = view.getUint32(4, section.le);
  for (let o = 8; o + 4 <= body.length;) {
    const code = view.getUint16(o, section.le);
    const len = view.getUint16(o + 2, section.le);
    if (code === 0 || o + 4 + len > body.length) break;
    if (code === 9 && len >= 1) {
      const r = body[o + 4]!;
      iface.unitsPerSecond = r & 0x80 ? 2n ** BigInt(r & 0x7f) : 10n ** BigInt(r);
    } else if (code === 14 && len >= 8) iface.offsetSeconds = view.getBigInt64(o + 4, section.le);
    o += 4 + Math.ceil(len / 4) * 4;
  }
  iface.usable = supportedLinkType(iface.linkType);
  if (!iface.usable)
    sink.issue(
      "flow-unsupported",
      "warning",
      `interface ${id} (block at byte ${at}) has link type ${iface.linkType}, which netward does not read; its packets are skipped`,
    );
  return iface;
}

function readPacket(type: number, body: Uint8Array, section: Section, at: number, sink: CaptureSink): void {
  const view = viewOf(body);
  const head = type === SPB ? 4 : 20;
  if (body.length < head) {
    sink.issue(
      "flow-syntax",
      "warning",
      `the packet block at byte ${at} is too short for its header; skipped`,
    );
    return;
  }
  const id = type === EPB ? view.getUint32(0, section.le) : type === OPB ? view.getUint16(0, section.le) : 0;
  const iface = section.interfaces[id];
  if (iface === undefined) {
    const known = section.interfaces.length;
    sink.issue(
      "flow-syntax",
      "warning",
      `the packet block at byte ${at} names interface ${id} but its section has ${known}; skipped`,
    );
    return;
  }
  if (!iface.usable) return;
  const origLen = view.getUint32(type === SPB ? 0 : 16, section.le);
  let caplen = Math.min(origLen, body.length - 4, iface.snaplen || Infinity);
  if (type !== SPB) {
    caplen = view.getUint32(12, section.le);
    if (caplen > body.length - head) {
      sink.issue(
        "flow-syntax",
        "warning",
        `the packet block at byte ${at} claims ${caplen} captured bytes but holds ${body.length - head}; skipped`,
      );
      return;
    }
    const ts = (BigInt(view.getUint32(4, section.le)) << 32n) | BigInt(view.getUint32(8, section.le));
    section.lastTimeMs = Number((ts * 1000n) / iface.unitsPerSecond + iface.offsetSeconds * 1000n);
  }
  const data = body.subarray(head, head + caplen);
  sink.packet({ offset: at, linkType: iface.linkType, timeMs: section.lastTimeMs, data, origLen });
}
