// What the pcap and pcapng container readers hand on: captured packets with their link type, time and offset.
import type { Severity } from "../model/issue.js";

/** One captured packet: the record's byte offset, its interface's link type, time and captured bytes. */
export interface CapturedPacket {
  /** Byte offset of the record (pcap record header or pcapng block) in the file. */
  offset: number;
  linkType: number;
  /** Milliseconds since the epoch, rounded down. */
  timeMs: number;
  /** The captured bytes, starting at the link-layer header. */
  data: Uint8Array;
  /** The packet's length on the wire (at least the captured length in a sane file). */
  origLen: number;
}

/** Where a container reader sends packets and problems; an issue's message already names its byte offset. */
export interface CaptureSink {
  packet(packet: CapturedPacket): void;
  issue(code: string, severity: Severity, message: string): void;
}

/** A DataView over the same bytes as `bytes`, for reading integers at file offsets. */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
