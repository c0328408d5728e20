// The API token: read from a file, or made once (random, readable only by its owner) and kept there.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** The token in `path`, creating the file with a new random token (mode 0600) when there is none. */
export function loadOrCreateToken(path: string): { token: string; created: boolean } {
  if (existsSync(path)) {
    const token = readFileSync(path, "utf8").trim();
    if (!/^\S{16,}$/.test(token))
      throw new Error(`${path} must hold one token of at least 16 characters without spaces`);
    return { token, created: false };
  }
  mkdirSync(dirname(path), { recursive: true });
  const token = randomBytes(32).toString("hex");
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return { token, created: true };
}
