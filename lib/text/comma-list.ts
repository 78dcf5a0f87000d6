/**
 * A list as it is typed in one field: items separated by commas. Shown joined by ", "; read back
 * trimmed, with empty items (",,", a trailing comma) left out.
 */
export const toCommaList = (items: readonly string[]) => items.join(", ");

export const fromCommaList = (text: string) =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
