// The catalogue of issue codes flow parsers report, each with a one-line description.

/** Every stable flow issue code and what it means. */
export const flowIssueCodes: Readonly<Record<string, string>> = {
  "flow-syntax":
    "A record that does not parse in its format (broken JSON, a log line missing required fields).",
  "flow-field":
    "A record with a field of the wrong type or out of range (a port of 70000, a protocol name netward does not know).",
  "flow-too-long": "A line longer than the limit; it is skipped without being read into memory whole.",
  "flow-encoding": "A line that is not valid UTF-8.",
  "flow-truncated": "A binary capture that ends in the middle of a record.",
  "flow-unsupported": "A capture with a link type or block netward does not read.",
};
