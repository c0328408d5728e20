// Differential test: the engine and the naive reference evaluator agree on random clusters and flows.
import fc from "fast-check";
import { describe, it } from "vitest";
import { compileSnapshot, evaluateFlow } from "../eval/engine.js";
import {
  clusterArbitrary,
  describeCluster,
  describeFlow,
  flowArbitrary,
  printable,
} from "./random-cluster.js";
import { referenceVerdict } from "./reference.js";

const CLUSTERS = 2000;
const FLOWS_PER_CLUSTER = 50;

describe("engine against the reference evaluator", () => {
  it(`agrees on ${CLUSTERS} random clusters x ${FLOWS_PER_CLUSTER} flows, enforced and pending`, () => {
    const cases = clusterArbitrary().chain((s) =>
      fc.tuple(
        fc.constant(printable(s, describeCluster)),
        fc
          .array(flowArbitrary(s), { minLength: FLOWS_PER_CLUSTER, maxLength: FLOWS_PER_CLUSTER })
          .map((flows) => printable(flows, (fs) => `${fs.length} flows (the failing one is named below)`)),
      ),
    );
    fc.assert(
      fc.property(cases, ([s, flows]) => {
        const engine = compileSnapshot(s);
        for (const f of flows) {
          for (const pending of [false, true]) {
            const expected = referenceVerdict(s, f, { pending });
            const result = evaluateFlow(engine, f, { pending });
            const actual = {
              verdict: result.verdict,
              egress: result.egress.verdict,
              ingress: result.ingress.verdict,
            };
            if (JSON.stringify(actual) !== JSON.stringify(expected)) {
              const mode = pending ? "pending" : "enforced";
              throw new Error(
                `${describeFlow(f)} (${mode}): engine ${JSON.stringify(actual)}, reference ${JSON.stringify(expected)}`,
              );
            }
          }
        }
      }),
      { numRuns: CLUSTERS },
    );
  }, 900_000);
});
