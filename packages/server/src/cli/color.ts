// Terminal colours, used only when writing to a TTY and NO_COLOR is unset.
import { styleText } from "node:util";

type Style = Parameters<typeof styleText>[0];

/** A painter that colours text, or leaves it alone when colours are off. */
export type Paint = (style: Style, text: string) => string;

/** Colours on for a TTY unless NO_COLOR is set; FORCE_COLOR turns them on anywhere. */
export function painterFor(stream: NodeJS.WriteStream): Paint {
  const force = process.env["FORCE_COLOR"] !== undefined && process.env["FORCE_COLOR"] !== "0";
  const on = force || (stream.isTTY === true && process.env["NO_COLOR"] === undefined);
  return on ? (style, text) => styleText(style, text) : (_style, text) => text;
}
