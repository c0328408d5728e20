// Test helper: reads the headers and the text parts of a raw email (RFC 5322, MIME multipart, quoted-printable) well enough for assertions.

/** An email's headers (names lower-cased, values unfolded and decoded) and its decoded parts by content type. */
export interface MailText {
  headers: Map<string, string>;
  subject: string;
  /** Each leaf part's content type (without parameters) and decoded body, in order. */
  parts: { type: string; body: string }[];
}

/** Decodes quoted-printable text (soft line breaks and =XX bytes, as UTF-8). */
export function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const unwrapped = text.replace(/=\r?\n/g, "");
  for (let i = 0; i < unwrapped.length; i++) {
    const hex = unwrapped.slice(i + 1, i + 3);
    if (unwrapped[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(unwrapped[i]!, "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** Decodes RFC 2047 encoded words (`=?utf-8?q?...?=`, `=?utf-8?b?...?=`) in a header value. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?[^?]+\?([QqBb])\?([^?]*)\?=/g, (_, kind: string, text: string) =>
      kind.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : decodeQuotedPrintable(text.replace(/_/g, " ")),
    );
}

/** Splits a MIME entity into its unfolded headers and its body. */
function entity(raw: string): { headers: Map<string, string>; body: string } {
  const split = /\r?\n\r?\n/.exec(raw);
  const head = split === null ? raw : raw.slice(0, split.index);
  const body = split === null ? "" : raw.slice(split.index + split[0].length);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  return { headers, body };
}

/** The decoded leaf parts of a MIME entity, walking multipart bodies. */
function leafParts(headers: Map<string, string>, body: string): MailText["parts"] {
  const contentType = headers.get("content-type") ?? "text/plain";
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (type.startsWith("multipart/") && boundary !== undefined) {
    const sections = body.split(`--${boundary}`).slice(1);
    return sections
      .filter((s) => !s.startsWith("--"))
      .flatMap((s) => {
        const part = entity(s.replace(/^\r?\n/, ""));
        return leafParts(part.headers, part.body);
      });
  }
  const encoding = headers.get("content-transfer-encoding")?.toLowerCase();
  const decoded =
    encoding === "quoted-printable"
      ? decodeQuotedPrintable(body)
      : encoding === "base64"
        ? Buffer.from(body, "base64").toString("utf8")
        : body;
  return [{ type, body: decoded }];
}

/** Parses a raw email into its headers, subject and decoded parts. */
export function parseMail(raw: string): MailText {
  const { headers, body } = entity(raw);
  return { headers, subject: headers.get("subject") ?? "", parts: leafParts(headers, body) };
}
