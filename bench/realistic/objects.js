// Small builders shared by the realistic generator: random choice, IPv4 text, label maps, metadata, selectors, Calico objects.

/** A seeded random element of `list` (or character of a string). */
export const oneOf = (pick, list) => list[Math.floor(pick() * list.length)];
/** The dotted IPv4 text of a 32-bit number. */
export const ipv4 = (n) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
/** Named container ports from `name:port[/protocol]` entries separated by spaces. */
export const ports = (text) =>
  text.split(" ").map((p) => {
    const [, name, port, protocol = "TCP"] = /^(.+):(\d+)(?:\/(\w+))?$/.exec(p);
    return { name, port: Number(port), protocol };
  });
/** Labels from `key=value` pairs separated by spaces. */
export const labelMap = (text) => Object.fromEntries(text.split(" ").map((kv) => kv.split("=")));
/** Object metadata with the namespace and labels only when given. */
export const meta = (name, namespace, labels) => ({
  name,
  ...(namespace ? { namespace } : {}),
  ...(labels ? { labels } : {}),
});
/** A label selector matching exactly `matchLabels`. */
export const match = (matchLabels) => ({ matchLabels });
/** A Calico projectcalico.org/v3 object. */
export const calico = (kind, name, namespace, spec, labels) => ({
  apiVersion: "projectcalico.org/v3",
  kind,
  metadata: meta(name, namespace, labels),
  spec,
});
