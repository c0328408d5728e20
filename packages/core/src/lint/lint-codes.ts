// The catalogue of lint codes netward reports about a loaded cluster, each with a one-line description.

/** Every stable lint code and what it means; SARIF output and the docs are generated from this. */
export const lintCodes: Readonly<Record<string, string>> = {
  "selects-nothing": "A policy whose selector selects no endpoint of the loaded cluster.",
  "rule-selects-nothing":
    "A rule selector that matches no endpoint and no network set of the loaded cluster.",
  "label-key-case": "A selector label key that differs only in case from a key the cluster uses.",
  "shadowed-rule":
    "A rule that never decides: an earlier rule matches every flow it matches and decides first.",
  "rules-never-apply": "Rules for a direction the policy's types leave out, so they never run.",
  "empty-tier": "A Tier that no policy uses, so it has no effect.",
  "staged-identical": "A staged policy identical to the enforced policy it would replace.",
  "allow-all-from-internet": "An Allow-all ingress rule from any address to every pod of a namespace.",
  "unprotected-namespace": "A namespace with workloads that no policy selects for ingress.",
  "deny-all-blocks-dns": "A deny-all egress policy whose pods are left with no DNS egress (UDP or TCP 53).",
};
