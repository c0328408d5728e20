// The lifecycle of rule alerts (pending, firing, resolved) as a pure state machine over evaluations, with its state as JSON.
import type { Issue } from "../model/issue.js";
import type { AlertEvaluation, AlertGroup } from "./alert-evaluation.js";
import type { Alert } from "./aggregation-group.js";
import type { Labels } from "./fingerprint.js";
import type { AlertRule } from "./global-alert.js";

/** Where an alert is in its life: true but not yet for long enough, firing, or over (kept a while to send). */
export type AlertLifecycle = "pending" | "firing" | "resolved";

/** An alert of a rule, Prometheus-style: firing alerts end `4 × period` after their last evaluation unless renewed. */
export interface RuleAlert extends Alert {
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly state: AlertLifecycle;
  /** When the group first became true (startsAt is when it fired). */
  readonly activeAt: number;
  /** The rule's metric at the last true evaluation. */
  readonly value?: number;
}

/** Options for {@link AlertStates}. */
export interface AlertStateOptions {
  /** How long a resolved alert is kept (and handed on) before it is dropped; default 15 minutes. */
  readonly resolvedRetentionMs?: number;
}

/** One alert's state as kept and serialized. */
export interface SavedAlert {
  rule: string;
  key: string;
  state: AlertLifecycle;
  activeAt: number;
  firedAt?: number;
  resolvedAt?: number;
  lastEvalAt: number;
  /** How long a firing alert stays valid after an evaluation (4 × the rule's period). */
  validMs: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  value?: number;
}

/** The serialized state of every alert. */
export interface SavedAlertStates {
  version: number;
  alerts: SavedAlert[];
}

const stateVersion = 1;
const id = (rule: string, key: string) => `${rule}\u0000${key}`;

/** The labels of a group's alert: its aggregateBy values, severity, the rule's labels, then alertname. */
function alertLabels(rule: AlertRule, group: AlertGroup): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(group.values)) if (v !== "") out[k] = v;
  out.severity = String(rule.severity);
  Object.assign(out, rule.labels);
  out.alertname = rule.name;
  return out;
}

function toAlert(e: SavedAlert): RuleAlert {
  const endsAt =
    e.state === "resolved" ? e.resolvedAt : e.state === "firing" ? e.lastEvalAt + e.validMs : undefined;
  return {
    labels: { ...e.labels },
    annotations: { ...e.annotations },
    state: e.state,
    activeAt: e.activeAt,
    startsAt: e.firedAt ?? e.activeAt,
    ...(endsAt === undefined ? {} : { endsAt }),
    ...(e.value === undefined ? {} : { value: e.value }),
  };
}

/** The alerts a dispatcher should get: firing and resolved ones, without the lifecycle fields. */
export function alertsToSend(alerts: readonly RuleAlert[]): Alert[] {
  return alerts
    .filter((a) => a.state !== "pending")
    .map((a) => ({
      labels: a.labels,
      annotations: a.annotations,
      startsAt: a.startsAt,
      ...(a.endsAt === undefined ? {} : { endsAt: a.endsAt }),
    }));
}

/** Every rule's alerts by group: evaluations go in with the time, alerts come out; `serialize`/`restore` keep it. */
export class AlertStates {
  readonly #entries = new Map<string, SavedAlert>();
  readonly #retentionMs: number;
  #changes = 0;

  constructor(options: AlertStateOptions = {}) {
    this.#retentionMs = options.resolvedRetentionMs ?? 15 * 60_000;
  }

  /** Applies one evaluation of a rule at `now` and returns the rule's alerts (pending, firing and resolved). */
  update(rule: AlertRule, evaluation: AlertEvaluation, now: number): RuleAlert[] {
    const active = new Set<string>();
    for (const group of evaluation.groups) {
      if (!group.active) continue;
      const key = id(rule.name, group.key);
      active.add(key);
      let e = this.#entries.get(key);
      if (e === undefined || e.state === "resolved") {
        e = {
          rule: rule.name,
          key: group.key,
          state: "pending",
          activeAt: now,
          lastEvalAt: now,
          validMs: 0,
          labels: {},
          annotations: {},
        };
        this.#entries.set(key, e);
        this.#changes++;
      }
      e.lastEvalAt = now;
      e.validMs = 4 * rule.periodMs;
      e.labels = alertLabels(rule, group);
      e.annotations = { ...group.annotations, summary: group.summary, description: group.description };
      if (group.value === undefined) delete e.value;
      else e.value = group.value;
      if (e.state === "pending" && now - e.activeAt >= rule.forMs) {
        e.state = "firing";
        e.firedAt = now;
        this.#changes++;
      }
    }
    for (const [key, e] of this.#entries)
      if (e.rule === rule.name && !active.has(key)) this.#settle(key, e, now);
    return this.alerts(rule.name);
  }

  /** Forgets a rule that is gone: its firing alerts resolve at `now`, its pending ones are dropped. */
  removeRule(name: string, now: number): RuleAlert[] {
    for (const [key, e] of this.#entries) if (e.rule === name) this.#settle(key, e, now);
    return this.alerts(name);
  }

  /** A group no longer true at `now`: pending is dropped, firing resolves, resolved is dropped once old enough. */
  #settle(key: string, e: SavedAlert, now: number): void {
    if (e.state === "pending") this.#entries.delete(key);
    else if (e.state === "firing") {
      e.state = "resolved";
      e.resolvedAt = now;
    } else if (now - (e.resolvedAt ?? now) >= this.#retentionMs) this.#entries.delete(key);
    else return;
    this.#changes++;
  }

  /** How many times an alert appeared, fired, resolved or was dropped so far: compare two readings to see a change. */
  get changes(): number {
    return this.#changes;
  }

  /** The current alerts, of one rule or of all, in the order they first became active. */
  alerts(rule?: string): RuleAlert[] {
    return [...this.#entries.values()].filter((e) => rule === undefined || e.rule === rule).map(toAlert);
  }

  /** The state as plain JSON, for {@link AlertStates.restore} after a restart. */
  serialize(): SavedAlertStates {
    return { version: stateVersion, alerts: [...this.#entries.values()].map((e) => copySaved(e)) };
  }

  /** Rebuilds states from serialized JSON (text or parsed); malformed entries are skipped and reported. */
  static restore(json: unknown, options: AlertStateOptions = {}): { states: AlertStates; issues: Issue[] } {
    const states = new AlertStates(options);
    const issues: Issue[] = [];
    const warn = (path: string, message: string) =>
      issues.push({ code: "invalid-alert-state", severity: "warning", message, path });
    let data = json;
    if (typeof json === "string")
      try {
        data = JSON.parse(json) as unknown;
      } catch {
        warn("", "saved alert state is not JSON; starting without it");
        return { states, issues };
      }
    if (!isRecord(data) || data.version !== stateVersion || !Array.isArray(data.alerts)) {
      warn("", `saved alert state is not version ${stateVersion} alert state; starting without it`);
      return { states, issues };
    }
    for (const [i, raw] of data.alerts.entries()) {
      const e = readSavedAlert(raw);
      if (e === undefined) warn(`alerts[${i}]`, "malformed saved alert; skipped");
      else states.#entries.set(id(e.rule, e.key), e);
    }
    return { states, issues };
  }
}

function copySaved(e: SavedAlert): SavedAlert {
  return { ...e, labels: { ...e.labels }, annotations: { ...e.annotations } };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

const isTime = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

function stringRecord(x: unknown): Record<string, string> | undefined {
  if (!isRecord(x) || !Object.values(x).every((v) => typeof v === "string")) return undefined;
  return { ...(x as Record<string, string>) };
}

/** One saved entry, when every field has the right type and the state its times. */
function readSavedAlert(raw: unknown): SavedAlert | undefined {
  if (!isRecord(raw)) return undefined;
  const { rule, key, state, activeAt, firedAt, resolvedAt, lastEvalAt, validMs, value } = raw;
  const labels = stringRecord(raw.labels);
  const annotations = stringRecord(raw.annotations);
  if (
    typeof rule !== "string" ||
    typeof key !== "string" ||
    labels === undefined ||
    annotations === undefined
  )
    return undefined;
  if (state !== "pending" && state !== "firing" && state !== "resolved") return undefined;
  if (!isTime(activeAt) || !isTime(lastEvalAt) || !isTime(validMs) || validMs < 0) return undefined;
  if (state !== "pending" && !isTime(firedAt)) return undefined;
  if (state === "resolved" && !isTime(resolvedAt)) return undefined;
  if (value !== undefined && !isTime(value)) return undefined;
  const e: SavedAlert = { rule, key, state, activeAt, lastEvalAt, validMs, labels, annotations };
  if (isTime(firedAt) && state !== "pending") e.firedAt = firedAt;
  if (isTime(resolvedAt) && state === "resolved") e.resolvedAt = resolvedAt;
  if (value !== undefined) e.value = value;
  return e;
}
