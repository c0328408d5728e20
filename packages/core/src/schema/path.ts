// Field paths inside a document, and their human form such as `spec.ingress[0].from[1].namespaceSelector`.

/** One step into a document: a mapping key or a sequence index. */
export type PathSegment = string | number;

/** A path from the document root to a field. */
export type FieldPath = readonly PathSegment[];

const plainKey = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Formats a path the way people write it: dots for keys, brackets for indexes and odd keys. */
export function formatPath(path: FieldPath): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (plainKey.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}
