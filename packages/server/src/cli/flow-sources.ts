// The flow sources a command was given, checked: files, folders (every file under them) and standard input.
import { stat } from "node:fs/promises";
import { walkFiles } from "../inputs/walk-files.js";
import { fileProblem } from "./file-problem.js";
import { UsageError } from "./usage-error.js";

/** A source to read: a path (or `-`), and whether it was found in a folder (unrecognised files are then skipped). */
export interface FlowSource {
  path: string;
  inFolder: boolean;
}

/**
 * Expands folders into the files under them (in name order, hidden entries skipped) and checks every path can
 * be read; with `follow`, a file may not exist yet, but a folder is refused (its log file is what to follow).
 */
export async function expandFlowSources(sources: readonly string[], follow: boolean): Promise<FlowSource[]> {
  const out: FlowSource[] = [];
  for (const path of sources) {
    if (path === "-") {
      out.push({ path, inFolder: false });
      continue;
    }
    let info;
    try {
      info = await stat(path);
    } catch (err) {
      const problem = fileProblem(err, path);
      if (follow && (err as { code?: unknown }).code === "ENOENT") {
        out.push({ path, inFolder: false });
        continue;
      }
      throw problem === undefined ? err : new UsageError(problem);
    }
    if (!info.isDirectory()) {
      out.push({ path, inFolder: false });
      continue;
    }
    if (follow)
      throw new UsageError(
        `${path} is a folder; follow its log files themselves (e.g. ${path}/flows.log): rotation is handled`,
      );
    const files: string[] = [];
    await walkFiles(path, /./, files);
    out.push(...files.map((file) => ({ path: file, inFolder: true })));
  }
  return out;
}
