/**
 * A case study as a person enters it (the form on /win-loss/proof) or a CSV row brings it: each
 * field checked with a message that names it. The stage is named by the pipeline's stage names.
 */
import { z } from "zod";
import { sizeBandLabels, sizeBandOfSegment, sizeBands, type SizeBand } from "./proof-matching";

const optionalText = (label: string, max = 120) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} has at most ${max} characters`)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional()
    .transform((v) => v ?? null);

export const storyInput = z.object({
  title: z.string({ error: "Title is required" }).trim().min(1, "Title is required").max(200, "Title has at most 200 characters"),
  customerName: z.string({ error: "Customer is required" }).trim().min(1, "Customer is required").max(120, "Customer has at most 120 characters"),
  industry: optionalText("Industry"),
  sizeBand: z
    .string()
    .optional()
    .nullable()
    .transform((v, ctx): SizeBand | null => {
      const text = (v ?? "").trim();
      if (text === "") return null;
      const band = (sizeBands as readonly string[]).includes(text) ? (text as SizeBand) : sizeBandOfSegment(text);
      if (!band) ctx.addIssue({ code: "custom", message: `Company size must be one of ${sizeBands.map((b) => sizeBandLabels[b]).join(", ")}; got “${text}”` });
      return band;
    }),
  useCase: optionalText("Use case"),
  competitor: optionalText("Competitor displaced"),
  objection: optionalText("Objection answered", 200),
  stageId: z
    .union([z.number(), z.string()])
    .optional()
    .nullable()
    .transform((v, ctx): number | null => {
      if (v === undefined || v === null || String(v).trim() === "") return null;
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) {
        ctx.addIssue({ code: "custom", message: "Stage it helps must be a pipeline stage" });
        return null;
      }
      return n;
    }),
  summary: z.string().trim().max(2000, "Summary has at most 2,000 characters").optional().transform((v) => v ?? ""),
  url: z
    .string()
    .trim()
    .max(500, "Link has at most 500 characters")
    .optional()
    .nullable()
    .refine((v) => !v || /^https?:\/\/\S+$/i.test(v), "Link must start with http:// or https://")
    .transform((v) => (v ? v : null)),
});

export type StoryInput = z.output<typeof storyInput>;

/** The CSV columns a story import reads (header names, any case); `stage` is a stage's name. */
export const storyCsvColumns = ["title", "customer", "industry", "size", "use case", "competitor", "objection", "stage", "summary", "url"] as const;

const fieldOfColumn: Record<(typeof storyCsvColumns)[number], keyof StoryInput> = {
  title: "title",
  customer: "customerName",
  industry: "industry",
  size: "sizeBand",
  "use case": "useCase",
  competitor: "competitor",
  objection: "objection",
  stage: "stageId",
  summary: "summary",
  url: "url",
};

export interface StoryRowError {
  row: number;
  field: string;
  message: string;
}

/**
 * Reads the rows of a story CSV (header first): every story, or every error with its row and
 * column. `stageIdOf` maps a stage name (any case) to its id.
 */
export function readStoryRows(
  rows: readonly { row: number; cells: string[] }[],
  stageIdOf: (name: string) => number | undefined,
): { ok: true; stories: StoryInput[] } | { ok: false; errors: StoryRowError[] } {
  const [header, ...body] = rows;
  if (!header) return { ok: false, errors: [{ row: 1, field: "header", message: "The file is empty: it needs a header row." }] };
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const missing = (["title", "customer"] as const).filter((c) => !names.includes(c));
  if (missing.length > 0) return { ok: false, errors: [{ row: 1, field: "header", message: `The header needs the columns ${missing.join(" and ")} (found: ${names.join(", ") || "none"}).` }] };
  const errors: StoryRowError[] = [];
  const stories: StoryInput[] = [];
  for (const { row, cells } of body) {
    const raw: Record<string, unknown> = {};
    storyCsvColumns.forEach((column) => {
      const at = names.indexOf(column);
      if (at >= 0) raw[fieldOfColumn[column]] = cells[at] ?? "";
    });
    const stage = typeof raw.stageId === "string" ? raw.stageId.trim() : "";
    if (stage !== "") {
      const id = stageIdOf(stage);
      if (id === undefined) {
        errors.push({ row, field: "stage", message: `No pipeline stage is called “${stage}”.` });
        raw.stageId = "";
      } else raw.stageId = id;
    }
    const parsed = storyInput.safeParse(raw);
    if (parsed.success) stories.push(parsed.data);
    else {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "row");
        const column = storyCsvColumns.find((c) => fieldOfColumn[c] === field) ?? field;
        errors.push({ row, field: column, message: issue.message });
      }
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  if (stories.length === 0) return { ok: false, errors: [{ row: 2, field: "row", message: "The file has a header but no stories." }] };
  return { ok: true, stories };
}
