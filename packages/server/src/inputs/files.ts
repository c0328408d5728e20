// Finds and reads manifest files: files, folders (recursively), and `-` for standard input.
import { readFile, stat } from "node:fs/promises";
import { relative } from "node:path";
import type { Issue } from "@netward/core";
import { walkFiles } from "./walk-files.js";

/** One input text and the name to report it under. */
export interface InputText {
  file: string;
  text: string;
}

const manifestExtensions = /\.(ya?ml|json)$/i;

/** Decodes bytes as UTF-8, reporting the line of the first invalid sequence and any NUL byte. */
export function decodeText(bytes: Uint8Array, file: string): { text: string; issues: Issue[] } {
  const issues: Issue[] = [];
  if (bytes.includes(0)) {
    return {
      text: "",
      issues: [
        {
          code: "not-text",
          severity: "error",
          message: "the file contains NUL bytes; it is not a YAML or JSON text",
          file,
        },
      ],
    };
  }
  const text = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false }).decode(bytes);
  const bad = text.indexOf("\uFFFD");
  if (bad >= 0) {
    const line = text.slice(0, bad).split("\n").length;
    issues.push({
      code: "invalid-encoding",
      severity: "warning",
      message: "the file is not valid UTF-8; invalid bytes were replaced by U+FFFD",
      fix: "save the file as UTF-8",
      file,
      line,
      column: bad - text.lastIndexOf("\n", bad - 1),
    });
  }
  return { text, issues };
}

/** Reads all of standard input (or another byte stream). */
export async function readStdin(stdin: AsyncIterable<Uint8Array> = process.stdin): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stdin) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Reads every manifest under `paths`, in a stable order; unreadable paths become issues. */
export async function readInputs(
  paths: readonly string[],
  stdin: AsyncIterable<Uint8Array> = process.stdin,
): Promise<{ inputs: InputText[]; issues: Issue[] }> {
  const inputs: InputText[] = [];
  const issues: Issue[] = [];
  for (const path of paths) {
    if (path === "-") {
      const decoded = decodeText(await readStdin(stdin), "-");
      issues.push(...decoded.issues);
      inputs.push({ file: "-", text: decoded.text });
      continue;
    }
    try {
      const files: string[] = [];
      if ((await stat(path)).isDirectory()) await walkFiles(path, manifestExtensions, files);
      else files.push(path);
      for (const file of files) {
        const name = relative(process.cwd(), file) || file;
        const decoded = decodeText(await readFile(file), name);
        issues.push(...decoded.issues);
        if (!decoded.issues.some((i) => i.code === "not-text"))
          inputs.push({ file: name, text: decoded.text });
      }
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const message =
        e.code === "ENOENT" ? `no such file or folder: ${path}` : `cannot read ${path}: ${e.message}`;
      issues.push({ code: "read-error", severity: "error", message, file: path });
    }
  }
  return { inputs, issues };
}
