// The error for command-line misuse: reported in one line with exit code 2.

/** Thrown by command actions when arguments or options are wrong. */
export class UsageError extends Error {
  override name = "UsageError";
}
