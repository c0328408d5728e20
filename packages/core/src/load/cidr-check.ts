// CIDR field checks shared by Kubernetes ipBlocks and Calico nets.
import type { Check } from "../schema/schema.js";
import { formatCIDR, parseCIDR, type CIDR } from "../net/ip.js";

/** Checks a CIDR string; `allowBareIP` accepts a plain address as Calico does. Host bits set is a warning. */
export function cidrCheck(allowBareIP: boolean): Check<string> {
  return (text, path, ctx) => {
    const cidr = parseCIDR(text, allowBareIP);
    if (cidr === undefined) {
      const what = allowBareIP ? "an IP address or CIDR" : "a CIDR such as 10.0.0.0/16";
      const fix =
        !allowBareIP && parseCIDR(text, true)
          ? { fix: `write ${text}/${text.includes(":") ? 128 : 32}` }
          : {};
      ctx.report({ code: "invalid-cidr", message: `${JSON.stringify(text)} is not ${what}`, ...fix }, path);
    } else if (cidr.hostBitsSet) {
      reportHostBits(text, cidr, path, ctx);
    }
  };
}

function reportHostBits(
  text: string,
  cidr: CIDR,
  path: Parameters<Check<string>>[1],
  ctx: Parameters<Check<string>>[2],
): void {
  const canonical = formatCIDR(cidr);
  ctx.report(
    {
      code: "noncanonical-cidr",
      severity: "warning",
      message: `${text} has host bits set; it means ${canonical}`,
      fix: `write ${canonical}`,
    },
    path,
  );
}
