// Worker thread of the parallel ingest: loads and compiles the manifests once, then ingests each part of a source it is sent.
import { closeSync, openSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { Attributor, compileSnapshot } from "@netward/core";
import { filePieces } from "../inputs/flow-file.js";
import { lineParserFor } from "../inputs/flow-format.js";
import { loadSnapshot } from "../cli/load-engine.js";
import { UsageError } from "../cli/usage-error.js";
import { ingestPart, PIECE_BYTES, wholeBytes, type PartResult } from "./ingest-part.js";
import { encodeRows } from "./row-columns.js";
import type { PartRequest, WorkerMessage, WorkerSetup } from "./parallel-ingest.js";

const setup = workerData as WorkerSetup;

/** The attributor, built while the main thread reads the source; failures are kept to be reported as answers. */
const ready: Promise<{ attributor?: Attributor } | { error: unknown }> =
  setup.manifests === undefined
    ? Promise.resolve({})
    : loadSnapshot(setup.manifests.paths, setup.manifests.options).then(
        (snapshot) => ({
          attributor: new Attributor(
            compileSnapshot(snapshot, { calicoVersion: setup.manifests!.options.calicoVersion }),
          ),
        }),
        (error: unknown) => ({ error }),
      );

const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort?.postMessage(m, transfer);

/** Ingests a part: its bytes as sent, or its range of the file read here a piece at a time. */
function ingest(part: PartRequest, attributor: Attributor | undefined): PartResult {
  const parser = lineParserFor(part.format, part.read);
  const progress = (p: { bytes: number; records: number; bad: number }) => post({ id: part.id, progress: p });
  const run = (next: () => Uint8Array | undefined) =>
    ingestPart(next, part.start, part.file, parser, attributor, setup.levels, progress);
  if ("bytes" in part.source) return run(wholeBytes(part.source.bytes));
  const fd = openSync(part.source.path, "r");
  try {
    return run(filePieces(fd, part.source.from, part.source.to, PIECE_BYTES));
  } finally {
    closeSync(fd);
  }
}

/** Parts are answered one at a time, in the order they came. */
let queue: Promise<unknown> = Promise.resolve();

parentPort?.on("message", (part: PartRequest) => {
  queue = queue.then(() =>
    ready.then((loaded) => {
      try {
        if ("error" in loaded) throw loaded.error;
        const r = ingest(part, loaded.attributor);
        const rows = encodeRows(r.rows);
        post({ id: part.id, reply: { ...r, rows } }, [
          rows.numbers.buffer as ArrayBuffer,
          rows.codes.buffer as ArrayBuffer,
        ]);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        post({ id: part.id, error: message, usage: err instanceof UsageError });
      }
    }),
  );
});
