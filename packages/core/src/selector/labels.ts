// The label source a selector is evaluated against, and an adapter for plain records.

/** Anything that can look up a label's value; a `Map<string, string>` satisfies it. */
export interface Labels {
  /** The label's value, or `undefined` when the label is absent. */
  get(key: string): string | undefined;
}

/** View a plain record (e.g. `metadata.labels`) as Labels, ignoring inherited properties. */
export function labelsOf(record: Readonly<Record<string, string>>): Labels {
  return {
    get: (key) => (Object.hasOwn(record, key) ? record[key] : undefined),
  };
}
