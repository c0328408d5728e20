// Finds test scripts: files as given, folders searched recursively for `.nwt` files.
import { stat } from "node:fs/promises";
import { walkFiles } from "../inputs/walk-files.js";

/** Expands `paths` into script files; a path that is not a folder is kept as is (reading it reports any problem). */
export async function findTestScripts(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory() === true) await walkFiles(path, /\.nwt$/, out);
    else out.push(path);
  }
  return out;
}
