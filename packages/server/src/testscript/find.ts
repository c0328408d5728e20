// Finds test scripts: files as given, folders searched recursively for `.nwt` files.
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith(".") || e.name === "node_modules") continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) await walk(path, out);
    else if (e.isFile() && e.name.endsWith(".nwt")) out.push(path);
  }
}

/** Expands `paths` into script files; a path that is not a folder is kept as is (reading it reports any problem). */
export async function findTestScripts(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory() === true) await walk(path, out);
    else out.push(path);
  }
  return out;
}
