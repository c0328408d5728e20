// The catalogue of issue codes netward reports while loading, each with a one-line description.

/** Every stable issue code and what it means; SARIF output and the docs are generated from this. */
export const issueCodes: Readonly<Record<string, string>> = {
  "yaml-syntax": "The text is not valid YAML or JSON.",
  "duplicate-key": "A mapping has the same key twice; Kubernetes rejects the document.",
  "not-an-object": "A document or list item is not a mapping.",
  "missing-field": "A required field is absent.",
  "unknown-field": "A field the API does not define; the API server rejects or silently drops it.",
  "wrong-type": "A field has the wrong type, such as a string where a number belongs.",
  "invalid-value": "A value outside what the field accepts.",
  "invalid-name": "An object name that breaks the kind's naming rules.",
  "invalid-label": "A label key or value that Kubernetes rejects.",
  "invalid-selector": "A Calico selector that does not parse, or uses global() where it is not allowed.",
  "invalid-cidr": "A CIDR or IP address that does not parse or is not allowed there.",
  "noncanonical-cidr": "A CIDR with host bits set; it means the network address.",
  "invalid-port": "A port number, range or name that the field does not accept.",
  "invalid-protocol": "A protocol name or number that the field does not accept.",
  "conflicting-fields": "Fields that cannot be used together, or one that needs another.",
  "duplicate-object": "The same kind, namespace and name is defined twice.",
  "unknown-kind": "A kind netward does not read (skipped), or a misspelt kind.",
  "unknown-api-version": "A known kind under an apiVersion that does not serve it.",
  "unknown-tier": "A Calico policy in a tier that no Tier defines.",
  "unknown-profile": "A host endpoint naming a profile that no Profile defines.",
  "uncertain-semantics": "A feature outside netward's L3/L4 model; verdicts involving it are uncertain.",
  "invalid-encoding": "A file that is not valid UTF-8.",
  "not-text": "A file that is binary, not YAML or JSON.",
  "read-error": "A path that cannot be read.",
};
