// Benchmark: loading 5,000 generated manifests (parse, validate, build the snapshot) against `yaml` parsing alone.
import { parseAllDocuments } from "yaml";
import { buildSnapshot, loadDocuments } from "@netward/core";
import { parseManifestText } from "../packages/server/dist/inputs/yaml-documents.js";
import { interleave } from "./measure.js";
import { generateManifests } from "./generate-manifests.js";

const count = 5000;

/** Runs the benchmark and returns the rows for RESULTS.md. */
export async function benchLoadManifests() {
  const text = generateManifests(count);
  const yamlAlone = () => parseAllDocuments(text).map((d) => d.toJS());
  let objects = 0;
  const netward = () => {
    const parsed = parseManifestText(text, "bench.yaml");
    const loaded = loadDocuments(parsed.documents);
    buildSnapshot(loaded.objects);
    objects = loaded.objects.length;
    if (parsed.issues.length + loaded.issues.length > 0)
      throw new Error("the generated manifests should be valid");
  };
  const ms = await interleave({
    yamlAlone,
    parse: () => parseManifestText(text, "bench.yaml"),
    load: netward,
  });
  const row = (label, value) => [label, value.toFixed(1), (value / ms.yamlAlone).toFixed(2)];
  return {
    title: `Loading ${count} manifests`,
    header: ["case", "median ms", "ratio to yaml alone"],
    rows: [
      row("`yaml` parseAllDocuments + toJS (baseline)", ms.yamlAlone),
      row("netward parse (YAML 1.1 rules, line index, locators)", ms.parse),
      row("netward load: parse + validate + snapshot", ms.load),
    ],
    notes: [
      `${objects} objects, ${(text.length / 1e6).toFixed(1)} MB of YAML. Target: load under 3x the baseline.`,
    ],
  };
}
