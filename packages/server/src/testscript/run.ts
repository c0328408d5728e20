// Runs one test script: loads its manifests, compiles each load set once, and checks every assertion.
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, join } from "node:path";
import {
  assertionHolds,
  compileSnapshot,
  evaluateFlow,
  parseTestScript,
  resolveEndpoint,
  type AssertStep,
  type CalicoVersion,
  type Engine,
  type FlowVerdict,
  type Issue,
} from "@netward/core";
import { loadCluster } from "../inputs/load.js";

/** The outcome of one assertion: the verdict it got, or why it could not be evaluated. */
export interface AssertionResult {
  step: AssertStep;
  pass: boolean;
  verdict?: FlowVerdict;
  error?: string;
}

/** The outcome of one script: its own problems (unreadable, syntax), load errors, and each assertion. */
export interface ScriptResult {
  file: string;
  /** Read and syntax errors; a script with any is not run. */
  scriptIssues: Issue[];
  /** Error-severity issues of the manifests it loads; they fail the script, its assertions still run. */
  loadErrors: Issue[];
  assertions: AssertionResult[];
}

interface Compiled {
  engine: Engine;
  errors: Issue[];
}

/** Compiled load sets, keyed by Calico version and paths, shared across the scripts of one run. */
export type CompileCache = Map<string, Promise<Compiled>>;

async function compile(
  paths: string[],
  calicoVersion: CalicoVersion,
  cache: CompileCache,
): Promise<Compiled> {
  const key = JSON.stringify([calicoVersion, ...paths]);
  let compiled = cache.get(key);
  if (compiled === undefined) {
    compiled = loadCluster([...paths], { calicoVersion }).then((c) => ({
      engine: compileSnapshot(c.snapshot, { calicoVersion }),
      errors: c.issues.filter((i) => i.severity === "error"),
    }));
    cache.set(key, compiled);
  }
  return compiled;
}

function check(engine: Engine, step: AssertStep): AssertionResult {
  for (const ref of [step.flow.src, step.flow.dst, ...(step.flow.via ? [step.flow.via] : [])]) {
    const r = resolveEndpoint(engine, ref);
    if (!r.ok) return { step, pass: false, error: r.error };
  }
  try {
    const verdict = evaluateFlow(engine, step.flow, { pending: step.pending });
    return { step, pass: assertionHolds(step, verdict), verdict };
  } catch (err) {
    return {
      step,
      pass: false,
      error: `the engine failed: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

async function readScript(file: string): Promise<string | Issue> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { code: "read-error", severity: "error", message: `cannot read the test script: ${why}`, file };
  }
}

/** Runs the script at `file`; load paths are relative to its folder. */
export async function runTestScript(file: string, cache: CompileCache = new Map()): Promise<ScriptResult> {
  const result: ScriptResult = { file, scriptIssues: [], loadErrors: [], assertions: [] };
  const text = await readScript(file);
  if (typeof text !== "string") return { ...result, scriptIssues: [text] };
  const parsed = parseTestScript(text, file);
  if (parsed.issues.length > 0) return { ...result, scriptIssues: parsed.issues };
  let calicoVersion: CalicoVersion = "v3.31";
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const step of parsed.steps) {
    if (step.kind === "option") calicoVersion = step.value;
    else if (step.kind === "load")
      paths.push(isAbsolute(step.path) ? step.path : join(dirname(file), step.path));
    else {
      const compiled = await compile(paths, calicoVersion, cache);
      for (const issue of compiled.errors) {
        const key = JSON.stringify(issue);
        if (!seen.has(key)) result.loadErrors.push(issue);
        seen.add(key);
      }
      result.assertions.push(check(compiled.engine, step));
    }
  }
  return result;
}
