// The Prometheus text exposition of a registry, byte for byte as prom-client 15 writes it, with each series' label text cached.
import { Counter, Gauge, type Registry } from "prom-client";

/** A series' labels as prom-client hands them back: the object the series was created with. */
export type SeriesLabels = Readonly<Partial<Record<string, string | number>>>;

const escapes: Readonly<Record<string, string>> = { "\\": "\\\\", "\n": "\\n", '"': '\\"' };
const escape = (c: string): string => escapes[c] ?? c;

/** A HELP text escaped as prom-client escapes it: backslash and newline. */
const escapeHelp = (help: string): string => help.replace(/[\\\n]/g, escape);

/** The `{name="value",...}` text of a series' labels (empty without labels), escaping backslash, newline and quote. */
export function labelText(labels: SeriesLabels): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(labels))
    parts.push(`${name}="${typeof value === "string" ? value.replace(/[\\\n"]/g, escape) : String(value)}"`);
  return parts.length === 0 ? "" : `{${parts.join(",")}}`;
}

/** A sample value as prom-client writes it: `Nan`, `+Inf`, `-Inf`, else JavaScript's shortest round-trip form. */
export function valueText(value: number): string {
  if (Number.isNaN(value)) return "Nan";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

/**
 * Writes a registry's exposition as `registry.metrics()` does (Prometheus content type, no default labels), each
 * series' label text computed at its first scrape and kept, keyed by the labels object prom-client keeps for the
 * series, until the series is removed; labels objects handed to prom-client must not be mutated afterwards.
 */
export class TextExposition {
  readonly #labelTexts = new WeakMap<SeriesLabels, string>();

  /** The exposition text: counters and gauges written here, any other metric by prom-client, in registry order. */
  async write(registry: Registry): Promise<string> {
    const names = registry.getMetricsAsArray().map((m) => m.name);
    const families = await Promise.all(names.map((name) => this.#family(registry, name)));
    return `${families.join("\n\n")}\n`;
  }

  async #family(registry: Registry, name: string): Promise<string> {
    const metric = registry.getSingleMetric(name);
    if (!(metric instanceof Counter || metric instanceof Gauge))
      return registry.getSingleMetricAsString(name);
    const type = metric instanceof Counter ? "counter" : "gauge";
    const { help, values } = await metric.get();
    const lines = [`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`];
    for (const { labels, value } of values)
      lines.push(`${name}${this.#labelText(labels)} ${valueText(value)}`);
    return lines.join("\n");
  }

  #labelText(labels: SeriesLabels): string {
    let text = this.#labelTexts.get(labels);
    if (text === undefined) {
      text = labelText(labels);
      this.#labelTexts.set(labels, text);
    }
    return text;
  }
}
