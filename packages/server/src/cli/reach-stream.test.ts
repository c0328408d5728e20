// Large reach outputs stream in bounded chunks, waiting for a slow reader, and lose nothing on the way.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { buildSnapshot, compileSnapshot, loadDocuments, Reachability } from "@netward/core";
import { parseManifestText } from "../inputs/yaml-documents.js";
import { OutputStream } from "./output-stream.js";
import { writeConnections } from "./reach-command.js";

/** A cluster of `n` bare pods in one namespace with no policy: every pair connects. */
function openCluster(n: number): Reachability {
  const items = Array.from({ length: n }, (_, i) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `pod-${i}`, namespace: "open", labels: { app: `a${i % 7}` } },
    spec: { containers: [{ name: "c" }] },
  }));
  const text = JSON.stringify({ apiVersion: "v1", kind: "List", items });
  const { snapshot } = buildSnapshot(loadDocuments(parseManifestText(text, "pods.json").documents).objects);
  return new Reachability(compileSnapshot(snapshot), { external: false });
}

describe("streaming reach output", () => {
  it("writes a 40,000-pair JSON matrix in chunks of about 64 KB, in order, to a slow reader", async () => {
    const reach = openCluster(201);
    const chunks: string[] = [];
    let queued = 0;
    const slow: Writable = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString("utf8"));
        queued = Math.max(queued, slow.writableLength);
        setImmediate(done);
      },
    });
    await writeConnections(reach, () => reach.connections(), "json", new OutputStream(slow));
    const text = chunks.join("");
    const parsed = JSON.parse(text) as { connections: unknown[] };
    expect(parsed.connections).toHaveLength(201 * 200);
    expect(chunks.length).toBeGreaterThan(50);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(64 * 1024 + 1024);
    expect(queued).toBeLessThan(2 * (64 * 1024 + 1024));
  });
});
