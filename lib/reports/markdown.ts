/** Small helpers for Markdown that reads well in any viewer. */

/**
 * A value that comes from people or imports (a name, a title, a gap action, a definition) as
 * literal Markdown text, to go anywhere in a report: a table cell, a heading, a sentence. It stays
 * on one line, and nothing in it can start a block (heading, list, quote), emphasise, link, embed
 * an image or HTML, open a code span or end a table cell. Characters that are harmless where they
 * stand are left as they are, so the file still reads well as text ("New_York", "Acme Inc.").
 * Numbers and the report's own wording are not passed through it.
 */
export function literal(value: string): string {
  return (
    value
      .replace(/[\r\n\u2028\u2029\v\f]+/g, " ")
      .trim()
      // In one pass, so a backslash of the value and an escape added here cannot pair up.
      .replace(/[\\`*~[\]<|]/g, "\\$&")
      // An underscore inside a word emphasises nothing; at a word's edge it may.
      .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, "\\_")
      // "&amp;" would be read as "&".
      .replace(/&(?=#?[a-z0-9]+;)/gi, "\\&")
      // A bare address would become a link (GFM autolinks "http://…", "www.…" and e-mail addresses).
      .replace(/:(?=\/\/)/g, "\\:")
      .replace(/\b(www)\./gi, "$1\\.")
      .replace(/@(?=[\p{L}\p{N}-]+\.)/gu, "\\@")
      // A heading's closing hashes are dropped.
      .replace(/#(?=#*$)/, "\\#")
      // What starts a block when the value starts a line: a heading, a quote, a list item, a setext underline.
      .replace(/^(?:[#>+=-]|\d+(?=[.)]))/, (start) => (/^\d/.test(start) ? `${start}\\` : `\\${start}`))
  );
}

/** Pipes that would end a cell: not escaped by an odd number of backslashes. */
const cellEnd = /(?<!\\)((?:\\\\)*)\|/g;

/**
 * A table. Cells are Markdown: the report's own text, numbers, and user values through `literal`.
 * Any pipe or line break left in a cell is escaped too, so no cell can add a column or end the table.
 */
export function table(headers: string[], rows: string[][], align?: ("left" | "right")[]): string {
  const cell = (text: string) => text.replace(/[\r\n\u2028\u2029]+/g, " ").replace(cellEnd, "$1\\|");
  const rule = headers.map((_, i) => ((align?.[i] ?? (i === 0 ? "left" : "right")) === "right" ? "---:" : "---"));
  return [headers, rule, ...rows].map((r, i) => `| ${(i === 1 ? r : r.map(cell)).join(" | ")} |`).join("\n");
}

export function section(title: string, ...blocks: (string | null | false)[]): string {
  return [`## ${title}`, ...blocks.filter((b): b is string => Boolean(b))].join("\n\n");
}

/** A Markdown file as a download. */
export function markdownDownload(markdown: string, fileName: string): Response {
  return new Response(markdown, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
