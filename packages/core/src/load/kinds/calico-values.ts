// Calico's numorstring values, checked as libcalico-go's validator does: protocols, ports, port names.
import type { Check } from "../../schema/schema.js";
import { suggest } from "../../schema/suggest.js";
import { portNameProblem } from "../names.js";

/** Protocol names Calico accepts; the API is case-sensitive (`tcp` is rejected). */
export const calicoProtocolNames = ["TCP", "UDP", "ICMP", "ICMPv6", "SCTP", "UDPLite"] as const;

const byNumber: Readonly<Record<number, string>> = {
  6: "TCP",
  17: "UDP",
  1: "ICMP",
  58: "ICMPv6",
  132: "SCTP",
  136: "UDPLite",
};

/** A protocol value as written: a number, a numeric string (taken as a number) or a name. */
export type ProtocolValue = string | number;

const numberByName: ReadonlyMap<string, number> = new Map(
  Object.entries(byNumber).map(([n, name]) => [name, Number(n)]),
);

/** The protocol number of a value, or undefined for an unknown name. Numeric strings are numbers. */
export function protocolNumber(protocol: ProtocolValue): number | undefined {
  if (typeof protocol === "number") return protocol;
  return numberByName.get(protocol) ?? (/^\d+$/.test(protocol) ? Number(protocol) : undefined);
}

/** True when ports may be given with the protocol: TCP, UDP or SCTP, by name or number. */
export function supportsPorts(protocol: ProtocolValue | undefined): boolean {
  if (protocol === undefined) return false;
  const n = protocolNumber(protocol);
  return n === 6 || n === 17 || n === 132;
}

/** Reports a protocol that is neither one of Calico's names (exact case) nor a number 1-255. */
export const calicoProtocolCheck: Check<ProtocolValue> = (protocol, path, ctx) => {
  const n = typeof protocol === "number" || /^\d+$/.test(protocol) ? Number(protocol) : undefined;
  if (n !== undefined) {
    if (n < 1 || n > 255)
      ctx.report({ code: "invalid-protocol", message: `protocol number ${n} is out of range 1-255` }, path);
    return;
  }
  if ((calicoProtocolNames as readonly string[]).includes(String(protocol))) return;
  const close = suggest(String(protocol), calicoProtocolNames);
  ctx.report(
    {
      code: "invalid-protocol",
      message: `unknown protocol ${JSON.stringify(protocol)}; Calico accepts ${calicoProtocolNames.join(", ")} (exact case) or a number 1-255`,
      ...(close ? { fix: `write ${close}` } : {}),
    },
    path,
  );
};

const portName = /^[a-zA-Z0-9_.-]{1,128}$/;

/** Reports a Calico port that is not 1-65535, a `min:max` range with min <= max, or a valid port name. */
export const calicoPortCheck: Check<number | string> = (port, path, ctx) => {
  const bad = (message: string, fix?: string) =>
    ctx.report({ code: "invalid-port", message, ...(fix ? { fix } : {}) }, path);
  if (typeof port === "number") {
    if (port < 1 || port > 65535) bad(`port ${port} is out of range 1-65535`);
    return;
  }
  const range = /^(\d+)(?::(\d+))?$/.exec(port);
  if (range) {
    const min = Number(range[1]);
    const max = range[2] === undefined ? min : Number(range[2]);
    if (min < 1 || min > 65535 || max > 65535) bad(`port ${JSON.stringify(port)} is out of range 1-65535`);
    else if (min > max)
      bad(`port range ${JSON.stringify(port)} has its minimum above its maximum`, `write "${max}:${min}"`);
    return;
  }
  if (/^\d+\s*-\s*\d+$/.test(port)) {
    bad(
      `port range ${JSON.stringify(port)} uses '-'; Calico writes ranges as min:max`,
      `write ${JSON.stringify(port.replace(/\s*-\s*/, ":"))}`,
    );
    return;
  }
  const why = portName.test(port)
    ? portNameProblem(port)
    : "is neither a number, a min:max range, nor a port name";
  if (why !== undefined) bad(`port ${JSON.stringify(port)} ${why}`);
};
