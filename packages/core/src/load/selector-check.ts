// Selector field checks: Calico selector syntax, reported with the column of the error.
import type { Check } from "../schema/schema.js";
import { parseSelector, selectorErrorText } from "../selector/index.js";

/** Reports a Calico selector that does not parse as `invalid-selector`, naming the column in the string. */
export const selectorCheck: Check<string> = (text, path, ctx) => {
  const parsed = parseSelector(text);
  if (parsed.ok) return;
  const fix = likelyFix(text);
  ctx.report(
    {
      code: "invalid-selector",
      message: `invalid selector ${JSON.stringify(text)}: ${selectorErrorText(parsed.error)}`,
      ...(fix !== undefined && parseSelector(fix).ok ? { fix: `write ${fix}` } : {}),
    },
    path,
  );
};

/** The most common selector mistakes, mended: `=` for `==`, and unquoted right-hand sides. */
function likelyFix(text: string): string | undefined {
  const mended = text
    .replace(/([A-Za-z0-9_./-]+)\s*(?<![=!])=(?!=)\s*/g, "$1 == ")
    .replace(/(==|!=)\s*([A-Za-z0-9_./-]+)(?=\s|$|\))/g, '$1 "$2"');
  return mended !== text ? mended : undefined;
}
