// Worker thread of the parallel ingest: loads and compiles the manifests, then ingests the part of a source it is sent.
import { parentPort, workerData } from "node:worker_threads";
import { Attributor, compileSnapshot } from "@netward/core";
import { lineParserFor } from "../inputs/flow-format.js";
import { loadSnapshot } from "../cli/load-engine.js";
import { UsageError } from "../cli/usage-error.js";
import { ingestPart } from "./ingest-part.js";
import { encodeRows } from "./row-columns.js";
import type { PartReply, PartRequest, WorkerSetup } from "./parallel-ingest.js";

const setup = workerData as WorkerSetup;

/** The attributor, built while the main thread splits the source; failures are kept to be reported as the answer. */
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

function answer(part: PartRequest, loaded: { attributor?: Attributor }): PartReply {
  const parser = lineParserFor(part.format, part.year === undefined ? {} : { year: part.year });
  const r = ingestPart(
    part.bytes,
    part.start,
    part.file,
    parser,
    loaded.attributor,
    setup.levels,
    part.pieceBytes,
  );
  return { ...r, rows: encodeRows(r.rows) };
}

parentPort?.once("message", (part: PartRequest) => {
  void ready.then((loaded) => {
    let reply: PartReply;
    try {
      if ("error" in loaded) throw loaded.error;
      reply = answer(part, loaded);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      parentPort?.postMessage({ error: message, usage: err instanceof UsageError });
      return;
    }
    parentPort?.postMessage(reply, [
      reply.rows.numbers.buffer as ArrayBuffer,
      reply.rows.codes.buffer as ArrayBuffer,
    ]);
  });
});
