// Checks of single config values (durations, URLs, addresses); their messages name the field, never the value.
import type { StringCheck } from "./config-nodes.js";

const durationPattern = /^(\d+)(s|m|h|d)$/;

/** A duration written `10s`, `5m`, `1h` or `7d`. */
export const durationText: StringCheck = (value, field) =>
  durationPattern.test(value)
    ? undefined
    : { code: "invalid-value", message: `${field} must be a duration such as 10s, 5m, 1h or 7d` };

/** An absolute http: or https: URL (its text is not repeated: such URLs hold tokens and passwords). */
export const httpURL: StringCheck = (value, field) => {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  const ok = (url?.protocol === "http:" || url?.protocol === "https:") && url.hostname !== "";
  return ok ? undefined : { code: "invalid-value", message: `${field} is not an http(s) URL` };
};

/** A Kubernetes namespace name (an RFC 1123 label). */
export const namespaceName: StringCheck = (value, field) =>
  /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(value)
    ? undefined
    : {
        code: "invalid-value",
        message: `${field} is not a namespace name`,
        fix: "use lowercase letters, digits and -, at most 63 characters",
      };

/** An SMTP server as `host:port`, with the port 0-65535 (brackets around an IPv6 address). */
export const hostPort: StringCheck = (value, field) => {
  const m = /^(?:\[[0-9A-Fa-f:.]+\]|[^\s:[\]]+):(\d{1,5})$/.exec(value);
  return m !== null && Number(m[1]) <= 65535
    ? undefined
    : { code: "invalid-value", message: `${field} must be host:port with a port 0-65535` };
};

/** One mail address, or several separated by commas. */
export const mailAddresses: StringCheck = (value, field) =>
  value.split(",").every((a) => /^[^@\s<>]+@[^@\s<>]+$/.test(a.trim()))
    ? undefined
    : {
        code: "invalid-value",
        message: `${field} must be a mail address (several: separate them with commas)`,
      };

/** A name with no spaces at either end and no control characters. */
export const plainName: StringCheck = (value, field) =>
  value.trim() === value && !/\p{Cc}/u.test(value)
    ? undefined
    : { code: "invalid-value", message: `${field} has leading or trailing spaces or control characters` };
