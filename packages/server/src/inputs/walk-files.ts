// Recursive folder listing shared by manifest and test-script discovery: sorted, hidden folders skipped.
import { readdir } from "node:fs/promises";
import { join } from "node:path";

/** Appends to `out`, in name order, every file under `dir` whose name matches `pattern` (skipping dot-folders and node_modules). */
export async function walkFiles(dir: string, pattern: RegExp, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith(".") || e.name === "node_modules") continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) await walkFiles(path, pattern, out);
    else if (e.isFile() && pattern.test(e.name)) out.push(path);
  }
}
