// `netward rules generate`: Prometheus alerting rules over netward's metrics, as a rule file or a PrometheusRule.
import type { Command } from "commander";
import { stringify } from "yaml";
import { prometheusRule, promAlertRules, type Issue, type PromRuleOptions } from "@netward/core";
import { UsageError } from "./usage-error.js";

interface RulesGenerateOptions {
  output: string;
  policyPattern: string[];
  namespaceRate?: string;
  stall?: string;
  window?: string;
  severity?: string;
  group?: string;
  name?: string;
  namespace?: string;
  label: string[];
}

const flagOf: Readonly<Record<string, string>> = {
  group: "--group",
  severity: "--severity",
  policyPatterns: "--policy-pattern",
  namespaceRate: "--namespace-rate",
  stall: "--stall",
  window: "--window",
  name: "--name",
  namespace: "--namespace",
  labels: "--label",
};

const repeat = (value: string, previous: string[]): string[] => [...previous, value];

/** Throws one usage error listing every issue, each led by the option it is about. */
function failOn(issues: readonly Issue[]): void {
  if (issues.length === 0) return;
  const lines = issues.map(
    (i) => `${flagOf[/^[A-Za-z]+/.exec(i.path ?? "")?.[0] ?? ""] ?? "option"}: ${i.message}`,
  );
  throw new UsageError(lines.join("\nerror: "));
}

/** Parses repeatable `--label key=value` options into a map; a later value for a key wins. */
function labelArgs(values: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    values.map((v) => {
      const eq = v.indexOf("=");
      if (eq <= 0) throw new UsageError(`--label expects key=value, got ${JSON.stringify(v)}`);
      return [v.slice(0, eq), v.slice(eq + 1)];
    }),
  );
}

/** The number in `--namespace-rate`'s text. */
function rateArg(text: string): number {
  const rate = text.trim() === "" ? NaN : Number(text);
  if (Number.isNaN(rate))
    throw new UsageError(
      `--namespace-rate must be a number of flows per second, not ${JSON.stringify(text)}`,
    );
  return rate;
}

/** The rule options the command line gives, leaving out what it does not set. */
function ruleOptions(opts: RulesGenerateOptions): PromRuleOptions {
  return {
    policyPatterns: opts.policyPattern,
    ...(opts.namespaceRate === undefined ? {} : { namespaceRate: rateArg(opts.namespaceRate) }),
    ...(opts.stall === undefined ? {} : { stall: opts.stall }),
    ...(opts.window === undefined ? {} : { window: opts.window }),
    ...(opts.severity === undefined ? {} : { severity: opts.severity }),
    ...(opts.group === undefined ? {} : { group: opts.group }),
  };
}

/** The YAML document `rules generate` prints for these options. */
function generate(opts: RulesGenerateOptions): string {
  if (opts.output !== "rules" && opts.output !== "prometheus-rule")
    throw new UsageError(`-o must be rules or prometheus-rule, not ${opts.output}`);
  const rules = promAlertRules(ruleOptions(opts));
  failOn(rules.issues);
  if (rules.value === undefined) throw new Error("rule generation failed without issues");
  if (opts.output === "rules") {
    if (opts.name !== undefined || opts.namespace !== undefined || opts.label.length > 0)
      throw new UsageError("--name, --namespace and --label apply only to -o prometheus-rule");
    return stringify(rules.value, { lineWidth: 0 });
  }
  const manifest = prometheusRule(rules.value, {
    ...(opts.name === undefined ? {} : { name: opts.name }),
    ...(opts.namespace === undefined ? {} : { namespace: opts.namespace }),
    labels: labelArgs(opts.label),
  });
  failOn(manifest.issues);
  return stringify(manifest.value, { lineWidth: 0 });
}

/** Registers `rules generate`; it prints YAML and exits 0, or exits 2 on a bad option. */
export function registerRules(program: Command, setExit: (code: number) => void): void {
  program
    .command("rules")
    .description("Prometheus alerting rules for netward's metrics")
    .command("generate")
    .description(
      "print alerting rules (any denial, denials by policy pattern, namespace denial rate, ingest stalled, dataplane drift, snapshot reload failed) that catch the first denial",
    )
    .option(
      "-o, --output <format>",
      "rules (a Prometheus rule file) or prometheus-rule (monitoring.coreos.com/v1)",
      "rules",
    )
    .option(
      "--policy-pattern <regex>",
      "one extra alert for denials by policies matching this RE2 regex (repeatable)",
      repeat,
      [],
    )
    .option(
      "--namespace-rate <per-second>",
      "denied flows per second in a namespace that fire an alert (default 1)",
    )
    .option(
      "--stall <duration>",
      "time without a new flow before ingest counts as stalled, e.g. 15m (default 15m)",
    )
    .option(
      "--window <duration>",
      "how far back the denial alerts look; above the evaluation interval (default 2m)",
    )
    .option("--severity <level>", "severity label of every alert (default warning)")
    .option("--group <name>", "rule group name (default netward)")
    .option("--name <name>", "PrometheusRule metadata.name (default netward)")
    .option(
      "--namespace <namespace>",
      "PrometheusRule metadata.namespace (default: none, kubectl's current one)",
    )
    .option(
      "--label <key=value>",
      "PrometheusRule label, e.g. release=kube-prometheus-stack (repeatable)",
      repeat,
      [],
    )
    .action((opts: RulesGenerateOptions) => {
      process.stdout.write(generate(opts));
      setExit(0);
    });
}
