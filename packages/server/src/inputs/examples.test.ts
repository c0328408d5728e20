// The bundled examples: the clean clusters load without findings, and every defect planted in examples/broken
// (marked `# expect: <code>` on its line) is reported on that line, with nothing else reported and every
// good document of the same files still loaded.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDocuments, type SourceDocument } from "@netward/core";
import { loadConfigFile } from "../config/load-config.js";
import { alertingSetup } from "../config/alerting-setup.js";
import { loadCluster } from "./load.js";
import { readInputs } from "./files.js";
import { parseManifestText } from "./yaml-documents.js";

const root = join(import.meta.dirname, "../../../..");
const examples = (name: string) => join(root, "examples", name);

interface Expectation {
  file: string;
  line: number;
  code: string;
}

function expectationsIn(file: string, text: string): Expectation[] {
  return text.split("\n").flatMap((line, i) => {
    const m = /#\s*expect:\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)\s*$/.exec(line);
    return m ? m[1]!.split(",").map((code) => ({ file, line: i + 1, code: code.trim() })) : [];
  });
}

/** The line span of every object in a document: the document itself, or each item of a List. */
function objectSpans(doc: SourceDocument): { start: number; end: number }[] {
  const items = (doc.value as { items?: unknown[] } | null)?.items;
  if (!Array.isArray(items)) return [{ start: doc.start.line, end: doc.end.line }];
  const starts = items.map((_, i) => doc.locator.locate(["items", i], "key")!.line);
  return starts.map((start, i) => ({ start, end: (starts[i + 1] ?? doc.end.line + 1) - 1 }));
}

describe("examples", () => {
  it("the demo config npm start serves loads without any issue, with its alert rules and route", async () => {
    const { value, issues } = await loadConfigFile(examples("netward.yaml"));
    expect(issues).toEqual([]);
    const setup = alertingSetup({ receivers: [], rules: [], ...value.alerting });
    expect(setup.rules.map((r) => [r.name, r.mode])).toEqual([
      ["denied-traffic", "streaming"],
      ["denial-burst", "periodic"],
    ]);
    expect(setup.route?.receiver).toBe("demo");
    expect(value.manifests).toEqual([examples("shop"), examples("flows/cluster")]);
  });

  it.each(["shop", "calico-tiers", "hosts"])("%s loads without any issue", async (name) => {
    const cluster = await loadCluster([examples(name)]);
    expect(cluster.issues).toEqual([]);
    expect(cluster.objectCount).toBeGreaterThan(10);
  });

  it("the three clean clusters load together (no name collides across them)", async () => {
    const cluster = await loadCluster(["shop", "calico-tiers", "hosts"].map(examples));
    expect(cluster.issues).toEqual([]);
  });

  it("broken: every planted defect is reported on its line, and nothing else", async () => {
    const { inputs } = await readInputs([examples("broken")]);
    const expected = inputs.flatMap((i) => expectationsIn(i.file, i.text));
    expect(expected.length).toBeGreaterThanOrEqual(40);
    const cluster = await loadCluster([examples("broken")]);
    const key = (i: { file?: string; line?: number; code: string }) => `${i.file}:${i.line} ${i.code}`;
    expect(cluster.issues.map(key).sort()).toEqual(expected.map(key).sort());
    for (const issue of cluster.issues) expect(issue.message.length).toBeGreaterThan(10);
  });

  it("broken: every good document in the broken files still loads", async () => {
    const { inputs } = await readInputs([examples("broken")]);
    const parsed = inputs.map((i) => ({ input: i, documents: parseManifestText(i.text, i.file).documents }));
    const loaded = loadDocuments(parsed.flatMap((p) => p.documents)).objects;
    const byLine = (a: number, b: number) => a - b;
    for (const { input, documents } of parsed) {
      const marked = expectationsIn(input.file, input.text).map((e) => e.line);
      const good = documents
        .flatMap(objectSpans)
        .filter((s) => !marked.some((l) => l >= s.start && l <= s.end));
      const here = loaded.filter((o) => o.source.file === input.file).map((o) => o.source.line);
      expect({ file: input.file, loaded: here.sort(byLine) }).toEqual({
        file: input.file,
        loaded: good.map((s) => s.start).sort(byLine),
      });
    }
  });

  it("broken: the folder README lists every planted defect", () => {
    const readme = readFileSync(join(examples("broken"), "README.md"), "utf8");
    for (const code of [
      "unknown-field",
      "duplicate-object",
      "yaml-syntax",
      "conflicting-fields",
      "unknown-kind",
    ]) {
      expect(readme).toContain(code);
    }
  });
});
