// Alertmanager-compatible fingerprints of label sets: 64-bit FNV-1a over the sorted labels, as 16 hex digits.

/** A set of labels: name to value. */
export type Labels = Readonly<Record<string, string>>;

const separator = 0xff;

/**
 * The fingerprint Alertmanager (Prometheus `model.LabelSet.Fingerprint`) gives a label set: FNV-1a 64 over,
 * for each label in ascending name order, the UTF-8 bytes of the name, a 0xff byte, the UTF-8 bytes of the
 * value and a 0xff byte; printed as 16 lowercase hex digits. Names are compared by UTF-16 code units, which
 * equals Go's byte order for the ASCII names Alertmanager allows.
 */
export function fingerprint(labels: Labels): string {
  const hash = new Fnv64();
  for (const name of Object.keys(labels).sort()) {
    hash.addString(name);
    hash.addByte(separator);
    hash.addString(labels[name] ?? "");
    hash.addByte(separator);
  }
  return hash.hex();
}

/** FNV-1a 64 kept as two unsigned 32-bit halves, so no BigInt is needed on the hot path. */
class Fnv64 {
  #hi = 0xcbf29ce4;
  #lo = 0x84222325;

  addString(text: string): void {
    for (const char of text) {
      const code = char.codePointAt(0) ?? 0;
      if (code < 0x80) {
        this.addByte(code);
      } else if (code < 0x800) {
        this.addByte(0xc0 | (code >> 6));
        this.addByte(0x80 | (code & 0x3f));
      } else if (code < 0x10000) {
        this.addByte(0xe0 | (code >> 12));
        this.addByte(0x80 | ((code >> 6) & 0x3f));
        this.addByte(0x80 | (code & 0x3f));
      } else {
        this.addByte(0xf0 | (code >> 18));
        this.addByte(0x80 | ((code >> 12) & 0x3f));
        this.addByte(0x80 | ((code >> 6) & 0x3f));
        this.addByte(0x80 | (code & 0x3f));
      }
    }
  }

  /** XORs a byte in, then multiplies by the prime 2^40 + 0x1b3 modulo 2^64. */
  addByte(byte: number): void {
    const lo = (this.#lo ^ byte) >>> 0;
    const loProduct = lo * 0x1b3;
    const carry = Math.floor(loProduct / 0x1_0000_0000);
    this.#hi = (this.#hi * 0x1b3 + carry + ((lo << 8) >>> 0)) >>> 0;
    this.#lo = loProduct >>> 0;
  }

  hex(): string {
    return this.#hi.toString(16).padStart(8, "0") + this.#lo.toString(16).padStart(8, "0");
  }
}
