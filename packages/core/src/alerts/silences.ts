// Alertmanager silences: label matchers with a time window that mute the alerts they all match.
import type { Labels } from "./fingerprint.js";
import { matcherMatches, newMatcher } from "./matchers.js";

/** One label matcher; `=~` and `!~` are regular expressions anchored at both ends, as in Alertmanager. */
export interface LabelMatcher {
  readonly name: string;
  readonly value: string;
  readonly type: "=" | "!=" | "=~" | "!~";
}

/** A matcher in the form Alertmanager's silence API uses; `isEqual` defaults to true. */
export interface ApiMatcher {
  readonly name: string;
  readonly value: string;
  readonly isRegex: boolean;
  readonly isEqual?: boolean;
}

/** A matcher ready to test label sets. */
export type CompiledMatcher = (labels: Labels) => boolean;

/** Converts an API-form matcher (`isRegex`, `isEqual`) to a `LabelMatcher`. */
export function fromApiMatcher(m: ApiMatcher): LabelMatcher {
  const equal = m.isEqual ?? true;
  const type = m.isRegex ? (equal ? "=~" : "!~") : equal ? "=" : "!=";
  return { name: m.name, value: m.value, type };
}

/** Compiles a matcher, or returns an error message for a regular expression that does not compile; a missing label counts as "". */
export function compileMatcher(m: LabelMatcher): CompiledMatcher | string {
  const made = newMatcher(m.type, m.name, m.value);
  if (!made.ok)
    return `invalid regular expression ${JSON.stringify(m.value)} for label ${m.name}: ${made.error}`;
  return (labels) => matcherMatches(made.value, labels[m.name] ?? "");
}

/** A silence: it mutes every alert all its matchers match while `startsAt <= now < endsAt` (times in ms). */
export interface Silence {
  readonly id: string;
  readonly matchers: readonly LabelMatcher[];
  readonly startsAt: number;
  readonly endsAt: number;
  readonly createdBy?: string;
  readonly comment?: string;
}

/** What a caller gives to create a silence; matchers may be in either form. */
export interface SilenceInput {
  readonly id?: string;
  readonly matchers: readonly (LabelMatcher | ApiMatcher)[];
  readonly startsAt: number;
  readonly endsAt: number;
  readonly createdBy?: string;
  readonly comment?: string;
}

/** Where a silence is in its life at a given time. */
export type SilenceState = "pending" | "active" | "expired";

/** The state of a silence at `now`. */
export function silenceState(s: Silence, now: number): SilenceState {
  if (now < s.startsAt) return "pending";
  return now < s.endsAt ? "active" : "expired";
}

interface Entry {
  silence: Silence;
  readonly matches: readonly CompiledMatcher[];
}

/** The set of silences, with Alertmanager's validation on create and its expire rules. */
export class Silences {
  readonly #entries = new Map<string, Entry>();
  #nextId = 1;

  /** Adds a silence (a start in the past becomes `now`), or returns why it is refused. */
  create(input: SilenceInput, now: number): { silence: Silence } | { error: string } {
    if (input.matchers.length === 0) return { error: "silence has no matchers" };
    const matchers = input.matchers.map((m) => ("type" in m ? m : fromApiMatcher(m)));
    const matches: CompiledMatcher[] = [];
    for (const m of matchers) {
      if (m.name === "") return { error: "matcher has an empty label name" };
      const compiled = compileMatcher(m);
      if (typeof compiled === "string") return { error: compiled };
      matches.push(compiled);
    }
    if (matches.every((match) => match({})))
      return { error: "at least one matcher must not match the empty string" };
    if (input.endsAt < input.startsAt) return { error: "end time must not be before start time" };
    if (input.endsAt <= now) return { error: "end time cannot be in the past" };
    const id = input.id ?? `silence-${this.#nextId++}`;
    if (this.#entries.has(id)) return { error: `a silence with id ${id} already exists` };
    const silence: Silence = {
      id,
      matchers,
      startsAt: Math.max(input.startsAt, now),
      endsAt: input.endsAt,
      ...(input.createdBy === undefined ? {} : { createdBy: input.createdBy }),
      ...(input.comment === undefined ? {} : { comment: input.comment }),
    };
    this.#entries.set(id, { silence, matches });
    return { silence };
  }

  /** Puts back a silence saved earlier, as it was (times are not checked); returns why it is refused, if it is. */
  restore(silence: Silence): string | undefined {
    if (this.#entries.has(silence.id)) return `a silence with id ${silence.id} already exists`;
    const matches: CompiledMatcher[] = [];
    for (const m of silence.matchers) {
      const compiled = compileMatcher(m);
      if (typeof compiled === "string") return compiled;
      matches.push(compiled);
    }
    this.#entries.set(silence.id, { silence, matches });
    return undefined;
  }

  /** Forgets silences that expired before `before`; returns how many. */
  collect(before: number): number {
    let n = 0;
    for (const [id, { silence }] of this.#entries)
      if (silence.endsAt < before) {
        this.#entries.delete(id);
        n++;
      }
    return n;
  }

  /** Ends a silence at `now` (a pending one starts and ends at `now`); false if unknown or already expired. */
  expire(id: string, now: number): boolean {
    const entry = this.#entries.get(id);
    if (entry === undefined || silenceState(entry.silence, now) === "expired") return false;
    const startsAt = Math.min(entry.silence.startsAt, now);
    entry.silence = { ...entry.silence, startsAt, endsAt: now };
    return true;
  }

  /** The silence with this id, if any. */
  get(id: string): Silence | undefined {
    return this.#entries.get(id)?.silence;
  }

  /** Every silence, in creation order. */
  list(): Silence[] {
    return [...this.#entries.values()].map((e) => e.silence);
  }

  /** The ids of the silences active at `now` that match every one of their matchers against `labels`. */
  silencedBy(labels: Labels, now: number): string[] {
    const ids: string[] = [];
    for (const { silence, matches } of this.#entries.values()) {
      if (silenceState(silence, now) === "active" && matches.every((match) => match(labels)))
        ids.push(silence.id);
    }
    return ids;
  }

  /** Whether an active silence mutes an alert with these labels at `now`. */
  mutes(labels: Labels, now: number): boolean {
    for (const { silence, matches } of this.#entries.values()) {
      if (silenceState(silence, now) === "active" && matches.every((match) => match(labels))) return true;
    }
    return false;
  }
}
