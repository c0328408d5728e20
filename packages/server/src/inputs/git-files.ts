// Reads manifests from a git revision, written `<ref>:<path>`, with git itself and without touching the working tree.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import type { Issue } from "@netward/core";
import { decodeText, readInputs, type InputText } from "./files.js";

const manifestExtensions = /\.(ya?ml|json)$/i;

/** True for `<ref>:<path>` (e.g. `HEAD~1:examples/shop`): a colon, and no file or folder of that name. */
export function isGitSpec(arg: string): boolean {
  return arg.includes(":") && !arg.startsWith("-") && !existsSync(arg);
}

interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs git in `cwd` and collects its output; a missing git binary is exit code 127. */
function git(args: readonly string[], cwd: string, input?: string): Promise<GitResult> {
  return new Promise((resolve) => {
    const child = spawn("git", args, { cwd, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e: NodeJS.ErrnoException) =>
      resolve({
        code: 127,
        stdout: Buffer.alloc(0),
        stderr: e.code === "ENOENT" ? "git is not installed" : e.message,
      }),
    );
    child.on("close", (code) =>
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString("utf8").trim(),
      }),
    );
    child.stdin.on("error", () => undefined);
    child.stdin.end(input ?? "");
  });
}

/** Orders paths the way the folder walker does: by name within each folder, folders in place. */
function byComponents(a: string, b: string): number {
  const x = a.split("/");
  const y = b.split("/");
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  }
  return x.length - y.length;
}

/** The manifest blobs of a tree, as the folder walker would pick them (no dot-names, no node_modules). */
function manifestBlobs(listing: Buffer): { oid: string; path: string }[] {
  const out: { oid: string; path: string }[] = [];
  for (const entry of listing.toString("utf8").split("\0")) {
    const tab = entry.indexOf("\t");
    if (tab < 0) continue;
    const [mode, type, oid] = entry.slice(0, tab).split(" ");
    const path = entry.slice(tab + 1);
    if (type !== "blob" || mode === "120000" || !oid || !manifestExtensions.test(path)) continue;
    if (path.split("/").some((part) => part.startsWith(".") || part === "node_modules")) continue;
    out.push({ oid, path });
  }
  return out.sort((a, b) => byComponents(a.path, b.path));
}

/** Splits `git cat-file --batch` output into the contents of each object, in order. */
function batchContents(output: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at < output.length) {
    const eol = output.indexOf(10, at);
    if (eol < 0) break;
    const size = Number(output.subarray(at, eol).toString("utf8").split(" ")[2]);
    if (!Number.isInteger(size)) break;
    out.push(output.subarray(eol + 1, eol + 1 + size));
    at = eol + 2 + size;
  }
  return out;
}

/** Reads one `<ref>:<path>` (a file or a folder at a revision); files are named `<ref>:<path>/<file>`. */
export async function readGitInputs(
  spec: string,
  cwd: string,
): Promise<{ inputs: InputText[]; issues: Issue[] }> {
  const fail = (why: string): { inputs: InputText[]; issues: Issue[] } => {
    const message = `cannot read ${spec} from git: ${why}`;
    return { inputs: [], issues: [{ code: "read-error", severity: "error", message, file: spec }] };
  };
  if (spec.startsWith("-")) return fail("a revision cannot start with -");
  const type = await git(["cat-file", "-t", spec], cwd);
  if (type.code !== 0) return fail(type.stderr || `git exited with code ${type.code}`);
  const kind = type.stdout.toString("utf8").trim();
  let files: { oid: string; path: string }[];
  if (kind === "blob") files = [{ oid: spec, path: "" }];
  else if (kind === "tree") {
    const listing = await git(["ls-tree", "-r", "-z", spec], cwd);
    if (listing.code !== 0) return fail(listing.stderr);
    files = manifestBlobs(listing.stdout);
  } else return fail(`it is a ${kind}, not a file or folder`);
  const batch = await git(["cat-file", "--batch"], cwd, files.map((f) => `${f.oid}\n`).join(""));
  if (batch.code !== 0) return fail(batch.stderr);
  const contents = batchContents(batch.stdout);
  const inputs: InputText[] = [];
  const issues: Issue[] = [];
  const prefix = spec.endsWith(":") || spec.endsWith("/") ? spec : `${spec}/`;
  files.forEach((f, i) => {
    const name = f.path === "" ? spec : `${prefix}${f.path}`;
    const decoded = decodeText(contents[i] ?? Buffer.alloc(0), name);
    issues.push(...decoded.issues);
    if (!decoded.issues.some((x) => x.code === "not-text")) inputs.push({ file: name, text: decoded.text });
  });
  return { inputs, issues };
}

/** Reads paths that may mix files, folders, `-` and `<ref>:<path>` git specs, in the order given. */
export async function readInputsOrGit(
  paths: readonly string[],
  cwd = process.cwd(),
): Promise<{ inputs: InputText[]; issues: Issue[] }> {
  const inputs: InputText[] = [];
  const issues: Issue[] = [];
  for (const path of paths) {
    const read = isGitSpec(path) ? await readGitInputs(path, cwd) : await readInputs([path]);
    inputs.push(...read.inputs);
    issues.push(...read.issues);
  }
  return { inputs, issues };
}
