// `npm run bench`: runs every benchmark (or those named on the command line) and appends to bench/RESULTS.md.
import { appendResults } from "./report.js";
import { benchAlertFlood } from "./alert-flood.js";
import { benchAlertLatency } from "./alert-latency.js";
import { benchEvalFlows } from "./eval-flows.js";
import { benchFlowsIngest } from "./flows-ingest.js";
import { benchLoadManifests } from "./load-manifests.js";
import { benchMetricsScrape } from "./metrics-scrape.js";
import { benchReachMatrix } from "./reach-matrix.js";
import { benchServeReload } from "./serve-reload.js";

const benches = {
  load: benchLoadManifests,
  eval: benchEvalFlows,
  reach: benchReachMatrix,
  flows: benchFlowsIngest,
  metrics: benchMetricsScrape,
  reload: benchServeReload,
  alerts: benchAlertLatency,
  flood: benchAlertFlood,
};
const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(benches);

for (const name of names) {
  const bench = benches[name];
  if (!bench) {
    console.error(`unknown benchmark ${name}; known: ${Object.keys(benches).join(", ")}`);
    process.exitCode = 2;
    continue;
  }
  const result = await bench();
  appendResults({ ...result, command: `npm run bench -- ${name}` });
}
