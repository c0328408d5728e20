// One wording for selector errors everywhere: the message, plus its column when the message lacks it.
import type { SelectorError } from "./parser.js";

/** The error's message, with `(column N)` added unless the message already names that column. */
export function selectorErrorText(error: SelectorError): string {
  return error.message.includes(`column ${error.column}`)
    ? error.message
    : `${error.message} (column ${error.column})`;
}
