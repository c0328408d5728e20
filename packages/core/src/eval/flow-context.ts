// A flow prepared for matching: both sides with their endpoint, IP and the label holders behind that IP.
import type { IPAddress, IPFamily } from "../net/ip.js";
import type { Endpoint, LabelHolder } from "../policy/endpoints.js";

/** One side of a flow. */
export interface FlowSide {
  endpoint?: Endpoint;
  ip?: IPAddress;
  /** Everything whose labels count for this side's IP: endpoints with the IP and network sets containing it. */
  holders: LabelHolder[];
  port?: number;
}

/** A flow ready for rule matching. */
export interface FlowContext {
  family: IPFamily;
  protocol: number;
  icmpType?: number;
  icmpCode?: number;
  src: FlowSide;
  dst: FlowSide;
}
