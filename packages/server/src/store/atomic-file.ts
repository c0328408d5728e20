// Files in the data directory replaced atomically (temporary file, fsync, rename, fsync of the folder) and read back tolerantly.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";

/** Replaces the file at `path` with `text` so that a crash leaves either the old file or the new one, never a torn one. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  syncDirectory(dirname(path));
}

/** Makes a rename in `dir` durable (a no-op where directories cannot be fsynced). */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // Some platforms cannot open or fsync a directory; the rename is then as durable as the platform makes it.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The text of a file, or undefined when there is none yet. */
export function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    if ((err as { code?: string }).code === "ENOENT") return undefined;
    throw err;
  }
}
