// Watches manifest files and folders and calls back once a burst of changes has settled.
import { watch, statSync, type FSWatcher } from "node:fs";
import { basename, dirname } from "node:path";

/** Calls `changed` after `settleMs` without further changes under any of `paths`; returns a stop function. */
export function watchPaths(paths: readonly string[], changed: () => void, settleMs = 200): () => void {
  let timer: NodeJS.Timeout | undefined;
  const poke = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(changed, settleMs);
  };
  const watchers: FSWatcher[] = paths.map((path) => {
    if (statSync(path).isDirectory()) return watch(path, { recursive: true }, poke);
    const name = basename(path);
    return watch(dirname(path), (_event, file) => {
      if (file === name) poke();
    });
  });
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
