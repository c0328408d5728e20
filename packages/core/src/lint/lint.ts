// `lintSnapshot`: every lint check over one loaded cluster, as located findings.
import { compileSnapshot } from "../eval/engine.js";
import type { Issue } from "../model/issue.js";
import type { Snapshot } from "../model/snapshot.js";
import type { CalicoVersion } from "../schema/schema.js";
import { formatPath, type FieldPath } from "../schema/path.js";
import { lintContext, type FieldLocator, type LintPolicy } from "./context.js";
import { denyAllBlocksDns } from "./dns.js";
import { emptyTiers } from "./empty-tier.js";
import { allowAllFromInternet, unprotectedNamespaces } from "./exposure.js";
import { labelKeyCase, type CaseFinding } from "./label-key-case.js";
import { rulesNeverApply } from "./rules-never-apply.js";
import { selectsNothing, type Explained } from "./selects-nothing.js";
import { shadowedRules } from "./shadowed-rule.js";
import { stagedIdentical } from "./staged-identical.js";

/** How to lint: the Calico release whose rules apply, and how to find fields in the files they came from. */
export interface LintOptions {
  calicoVersion?: CalicoVersion;
  /** Locates a field of a loaded object; without it findings point at the start of their object. */
  locate?: FieldLocator;
}

/** A selector already explained by a label-key-case finding at or under the path is not reported again. */
function explainedBy(cases: readonly CaseFinding[]): Explained {
  return (p: LintPolicy, path: FieldPath) => {
    const prefix = formatPath(path);
    return cases.some(
      (c) =>
        c.policy === p &&
        [formatPath(c.field), c.issue.path ?? ""].some(
          (f) => f === prefix || f.startsWith(`${prefix}.`) || f.startsWith(`${prefix}[`),
        ),
    );
  };
}

/** Lints a cluster: every finding of every check, in check order. */
export function lintSnapshot(snapshot: Snapshot, options: LintOptions = {}): Issue[] {
  const calicoVersion = options.calicoVersion ?? "v3.31";
  const ctx = lintContext(
    snapshot,
    compileSnapshot(snapshot, { calicoVersion }),
    calicoVersion,
    options.locate,
  );
  const cases = labelKeyCase(ctx);
  return [
    ...selectsNothing(ctx, explainedBy(cases)),
    ...cases.map((c) => c.issue),
    ...shadowedRules(ctx),
    ...rulesNeverApply(ctx),
    ...emptyTiers(ctx),
    ...stagedIdentical(ctx),
    ...allowAllFromInternet(ctx),
    ...unprotectedNamespaces(ctx),
    ...denyAllBlocksDns(ctx),
  ];
}
