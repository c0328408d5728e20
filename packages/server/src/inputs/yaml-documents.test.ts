// Tests for parsing manifest text: positions, Kubernetes' YAML dialect, JSON, and broken documents.
import { describe, expect, it } from "vitest";
import { parseManifestText } from "./yaml-documents.js";

const text = `# a comment
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    team: web
---
apiVersion: v1
kind: List
items:
  - kind: Service
    metadata: {name: a}
  - kind: Service
    metadata:
      name: b
`;

describe("parseManifestText", () => {
  it("splits documents and locates keys and values", () => {
    const { documents, issues } = parseManifestText(text, "f.yaml");
    expect(issues).toEqual([]);
    expect(documents.map((d) => [d.start.line, d.end.line])).toEqual([
      [2, 8],
      [9, 17],
    ]);
    const [ns, list] = documents;
    expect(ns!.locator.locate(["metadata", "labels", "team"], "key")).toEqual({ line: 7, column: 5 });
    expect(ns!.locator.locate(["metadata", "labels", "team"], "value")).toEqual({ line: 7, column: 11 });
    expect(ns!.locator.locate(["metadata", "missing"], "key")).toBeUndefined();
    expect(list!.locator.locate(["items", 1], "key")).toEqual({ line: 14, column: 5 });
    expect(list!.locator.locate(["items", 0, "metadata", "name"], "value")).toEqual({ line: 13, column: 22 });
  });

  it("reads YAML 1.1 like Kubernetes: yes/on are booleans, 0755 is octal, 1:30 and dates stay strings", () => {
    const { documents } = parseManifestText(
      "a: yes\nb: on\nc: 0755\nd: 1:30\ne: 2024-01-02\nf: '80'\n",
      "f.yaml",
    );
    expect(documents[0]!.value).toEqual({ a: true, b: true, c: 493, d: "1:30", e: "2024-01-02", f: "80" });
  });

  it("reads JSON files as JSON", () => {
    const { documents, issues } = parseManifestText('{\n\t"kind": "Pod",\n\t"x": "a\\/b"\n}', "p.json");
    expect(issues).toEqual([]);
    expect(documents[0]!.value).toEqual({ kind: "Pod", x: "a/b" });
    expect(documents[0]!.locator.locate(["x"], "key")).toEqual({ line: 3, column: 2 });
  });

  it("detects JSON on standard input", () => {
    expect(parseManifestText('{"a": "b\\/c"}', "-").documents[0]!.value).toEqual({ a: "b/c" });
  });

  it("reports a duplicate key with the key's name and skips only that document", () => {
    const { documents, issues } = parseManifestText("a: 1\n---\nb: 1\nb: 2\n---\nc: 1\n", "f.yaml");
    expect(documents.map((d) => d.value)).toEqual([{ a: 1 }, { c: 1 }]);
    expect(issues).toMatchObject([
      { code: "duplicate-key", line: 4, column: 1, message: expect.stringContaining('"b"') as string },
    ]);
  });

  it("isolates a syntax error to its document", () => {
    const { documents, issues } = parseManifestText("a: 1\n---\nb: x: y\n---\nc: [1\n---\nd: 4\n", "f.yaml");
    expect(documents.map((d) => d.value)).toEqual([{ a: 1 }, { d: 4 }]);
    expect(issues.map((i) => [i.code, i.line])).toEqual([
      ["yaml-syntax", 3],
      ["yaml-syntax", 6], // an unclosed [ is noticed at the next document marker
    ]);
  });

  it("refuses alias bombs instead of expanding them", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      ...Array.from(
        { length: 8 },
        (_, i) => `${"bcdefghi"[i]}: &${"bcdefghi"[i]} [${Array(10).fill(`*${"abcdefgh"[i]}`).join(", ")}]`,
      ),
    ].join("\n");
    const { documents, issues } = parseManifestText(bomb, "bomb.yaml");
    expect(documents).toEqual([]);
    expect(issues[0]?.code).toBe("yaml-syntax");
  });

  it("ignores empty documents and comments", () => {
    expect(
      parseManifestText("---\n# nothing\n---\n", "f.yaml").documents.every((d) => d.value === null),
    ).toBe(true);
  });
});
