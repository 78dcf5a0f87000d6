/** Small helpers for Markdown that reads well in any viewer. */
export function table(headers: string[], rows: string[][], align?: ("left" | "right")[]): string {
  const escape = (cell: string) => cell.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const rule = headers.map((_, i) => ((align?.[i] ?? (i === 0 ? "left" : "right")) === "right" ? "---:" : "---"));
  return [headers, rule, ...rows].map((r, i) => `| ${(i === 1 ? r : r.map(escape)).join(" | ")} |`).join("\n");
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
