// What to tell a user when a file they named cannot be opened or read.

const reasons: Readonly<Record<string, string>> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EISDIR: "it is a directory, not a file",
  ENOTDIR: "a part of the path is not a directory",
  ELOOP: "too many symbolic links",
};

/**
 * The message for an error opening or reading a file (`path`, or the path the error names), or undefined for
 * any other error.
 */
export function fileProblem(err: unknown, path: string | undefined): string | undefined {
  const e = err as { code?: unknown; path?: unknown } | null;
  const where = path ?? (typeof e?.path === "string" ? e.path : undefined);
  if (typeof e?.code !== "string" || where === undefined) return undefined;
  const reason = reasons[e.code];
  return reason === undefined ? undefined : `cannot read ${where}: ${reason}`;
}
