// netward's version, read from the server package's manifest.
import { createRequire } from "node:module";

/** The version printed by `--version` and written into SARIF output. */
export const version: string = (createRequire(import.meta.url)("../../package.json") as { version: string })
  .version;
