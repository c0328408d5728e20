// Issues: how every loader, parser and validator reports bad input as data instead of throwing.

/** How serious an issue is: errors make a document unusable, warnings and infos do not. */
export type Severity = "error" | "warning" | "info";

/** A 1-based line and column in a source file. */
export interface Position {
  line: number;
  column: number;
}

/** One finding about the input: a stable code, a message a person can act on, and where it is. */
export interface Issue {
  /** Stable identifier (kebab-case), e.g. `unknown-field`; safe to match on in scripts and SARIF. */
  code: string;
  severity: Severity;
  message: string;
  /** A concrete fix when one is likely, e.g. "rename NamespaceSelector to namespaceSelector". */
  fix?: string;
  file?: string;
  line?: number;
  column?: number;
  /** The field path inside the document, e.g. `spec.ingress[0].from[1].namespaceSelector`. */
  path?: string;
}

/** A value together with the issues found while producing it. */
export interface Result<T> {
  value: T;
  issues: Issue[];
}

/** True when any issue in the list is an error. */
export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === "error");
}
