// Tests for splitting bytes into lines: offsets, CRLF, chunks, invalid UTF-8 and overlong lines.
import { describe, expect, it } from "vitest";
import { splitLines } from "./flow-lines.js";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("splitLines", () => {
  it("gives each line its number and byte offset, keeping the unfinished tail", () => {
    const r = splitLines(bytes("a\r\nbé\nc"), { line: 1, offset: 0 });
    expect(r.lines).toEqual([
      { text: "a", line: 1, offset: 0 },
      { text: "bé", line: 2, offset: 3 },
    ]);
    expect(new TextDecoder().decode(r.rest)).toBe("c");
    const next = splitLines(
      new Uint8Array([...r.rest, ...bytes("d\n")]),
      { line: 3, offset: 7 },
      { final: true },
    );
    expect(next.lines).toEqual([{ text: "cd", line: 3, offset: 7 }]);
  });

  it("reports lines that are not UTF-8 or too long, and keeps the lines around them", () => {
    const input = new Uint8Array([...bytes("ok\n"), 0xff, 0xfe, 0x0a, ...bytes("x".repeat(50) + "\nfine")]);
    const r = splitLines(input, { line: 1, offset: 0 }, { file: "f.log", final: true, maxLineBytes: 20 });
    expect(r.lines.map((l) => l.text)).toEqual(["ok", "fine"]);
    expect(r.issues.map((i) => [i.code, i.line, i.file])).toEqual([
      ["flow-encoding", 2, "f.log"],
      ["flow-too-long", 3, "f.log"],
    ]);
  });
});
