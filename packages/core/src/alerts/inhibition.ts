// Alertmanager inhibit rules: a firing source alert mutes target alerts that agree with it on the `equal` labels.
import { fingerprint, type Labels } from "./fingerprint.js";
import { compileMatcher, type CompiledMatcher, type LabelMatcher } from "./silences.js";

/** An inhibit rule as written in configuration; the old `*_match`/`*_match_re` maps are added to the matchers. */
export interface InhibitRuleInput {
  readonly source_matchers?: readonly LabelMatcher[];
  readonly target_matchers?: readonly LabelMatcher[];
  readonly source_match?: Readonly<Record<string, string>>;
  readonly source_match_re?: Readonly<Record<string, string>>;
  readonly target_match?: Readonly<Record<string, string>>;
  readonly target_match_re?: Readonly<Record<string, string>>;
  readonly equal?: readonly string[];
}

/** The alert fields inhibition needs: labels, and `endsAt` (ms) after which the alert is resolved. */
export interface InhibitionAlert {
  readonly labels: Labels;
  readonly endsAt?: number;
}

interface Rule {
  readonly source: readonly CompiledMatcher[];
  readonly target: readonly CompiledMatcher[];
  readonly equal: readonly string[];
  /** Alerts matching the source side, by fingerprint (Alertmanager's source cache). */
  readonly sources: Map<string, InhibitionAlert>;
}

/** The matchers of one side of a rule: new-style matchers, then `match` as `=` and `match_re` as `=~`. */
function sideMatchers(
  matchers: readonly LabelMatcher[] | undefined,
  match: Readonly<Record<string, string>> | undefined,
  matchRe: Readonly<Record<string, string>> | undefined,
): LabelMatcher[] {
  return [
    ...(matchers ?? []),
    ...Object.entries(match ?? {}).map(([name, value]): LabelMatcher => ({ name, value, type: "=" })),
    ...Object.entries(matchRe ?? {}).map(([name, value]): LabelMatcher => ({ name, value, type: "=~" })),
  ];
}

function compileAll(matchers: readonly LabelMatcher[], errors: string[]): CompiledMatcher[] {
  const out: CompiledMatcher[] = [];
  for (const m of matchers) {
    const compiled = compileMatcher(m);
    if (typeof compiled === "string") errors.push(compiled);
    else out.push(compiled);
  }
  return out;
}

const isResolved = (alert: InhibitionAlert, now: number): boolean =>
  alert.endsAt !== undefined && alert.endsAt <= now;

/** Applies inhibit rules: fed every alert as it arrives, it answers whether an alert's labels are inhibited at a time. */
export class Inhibitor {
  readonly #rules: Rule[] = [];
  /** Why rules were refused (bad regular expressions); such a rule is dropped. */
  readonly errors: readonly string[];

  /** Compiles the rules; a rule with a matcher that does not compile is left out and reported in `errors`. */
  constructor(inputs: readonly InhibitRuleInput[]) {
    const errors: string[] = [];
    inputs.forEach((input, index) => {
      const ruleErrors: string[] = [];
      const source = compileAll(
        sideMatchers(input.source_matchers, input.source_match, input.source_match_re),
        ruleErrors,
      );
      const target = compileAll(
        sideMatchers(input.target_matchers, input.target_match, input.target_match_re),
        ruleErrors,
      );
      if (ruleErrors.length > 0) errors.push(...ruleErrors.map((e) => `inhibit rule ${index}: ${e}`));
      else this.#rules.push({ source, target, equal: input.equal ?? [], sources: new Map() });
    });
    this.errors = errors;
  }

  /** Records an alert (new or updated); those matching a rule's source side can inhibit others. */
  observe(alert: InhibitionAlert): void {
    let key: string | undefined;
    for (const rule of this.#rules) {
      if (rule.source.every((match) => match(alert.labels))) {
        key ??= fingerprint(alert.labels);
        rule.sources.set(key, alert);
      }
    }
  }

  /** Whether an alert with these labels is inhibited at `now` by a firing source alert of some rule. */
  mutes(labels: Labels, now: number): boolean {
    for (const rule of this.#rules) {
      if (!rule.target.every((match) => match(labels))) continue;
      const alsoSource = rule.source.every((match) => match(labels));
      for (const source of rule.sources.values()) {
        if (isResolved(source, now)) continue;
        if (!rule.equal.every((name) => (source.labels[name] ?? "") === (labels[name] ?? ""))) continue;
        // An alert matching both sides cannot be inhibited by another alert that also matches both sides.
        if (alsoSource && rule.target.every((match) => match(source.labels))) continue;
        return true;
      }
    }
    return false;
  }

  /** Forgets source alerts resolved at `now`. */
  collect(now: number): void {
    for (const rule of this.#rules) {
      for (const [key, alert] of rule.sources) if (isResolved(alert, now)) rule.sources.delete(key);
    }
  }
}
