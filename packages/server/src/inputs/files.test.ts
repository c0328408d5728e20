// Tests for finding and reading manifest files.
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { decodeText, readInputs } from "./files.js";

function tree(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), "netward-files-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

describe("readInputs", () => {
  it("walks folders recursively in name order, taking only manifest files and skipping hidden folders", async () => {
    const dir = tree({
      "b.yaml": "b",
      "a/z.yml": "z",
      "a/y.json": "{}",
      "notes.txt": "x",
      ".git/c.yaml": "c",
      "C.YAML": "C",
    });
    const { inputs, issues } = await readInputs([dir]);
    expect(issues).toEqual([]);
    expect(inputs.map((i) => i.file.slice(i.file.lastIndexOf("/") + 1))).toEqual([
      "C.YAML",
      "y.json",
      "z.yml",
      "b.yaml",
    ]);
  });

  it("reports a missing path and still reads the others", async () => {
    const dir = tree({ "a.yaml": "a: 1" });
    const { inputs, issues } = await readInputs([join(dir, "nope"), join(dir, "a.yaml")]);
    expect(inputs).toHaveLength(1);
    expect(issues).toMatchObject([
      { code: "read-error", severity: "error", message: expect.stringContaining("no such file") as string },
    ]);
  });

  it("reads standard input for -", async () => {
    const { inputs } = await readInputs(["-"], Readable.from([Buffer.from("kind: Pod\n")]));
    expect(inputs).toEqual([{ file: "-", text: "kind: Pod\n" }]);
  });
});

describe("decodeText", () => {
  it("strips a byte-order mark", () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]), "f").text).toBe("a");
  });
  it("reports invalid UTF-8 with its line and keeps the text", () => {
    const { text, issues } = decodeText(
      Buffer.concat([Buffer.from("a: 1\nb: "), Buffer.from([0xff]), Buffer.from("\n")]),
      "f",
    );
    expect(text).toBe("a: 1\nb: \uFFFD\n");
    expect(issues).toMatchObject([{ code: "invalid-encoding", severity: "warning", line: 2, column: 4 }]);
  });
  it("rejects binary files", () => {
    expect(decodeText(new Uint8Array([0x61, 0, 0x62]), "f").issues[0]?.code).toBe("not-text");
  });
});
