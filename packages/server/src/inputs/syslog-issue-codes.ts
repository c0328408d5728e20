// The catalogue of issue codes the syslog listener reports, each with a one-line description.

/** Every stable syslog listener issue code and what it means. */
export const syslogIssueCodes: Readonly<Record<string, string>> = {
  "syslog-too-long":
    "A syslog message (TCP frame or UDP datagram) longer than the listener's limit; it is skipped without being kept in memory.",
  "syslog-bad-length":
    "A TCP frame that starts with a digit but is not an RFC 6587 octet count followed by a space; skipped up to the next newline.",
  "syslog-truncated": "A TCP connection that ended in the middle of a frame; the partial frame is dropped.",
  "syslog-encoding": "A syslog message that is not valid UTF-8; skipped.",
  "syslog-connection-limit":
    "A TCP connection refused because the listener already has its maximum number of connections open.",
  "syslog-socket-error":
    "A listening socket failed after it was bound (for example, out of file descriptors).",
};
