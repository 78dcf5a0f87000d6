/**
 * The Content Personalizer's library: an asset as marketing enters it (the form on
 * /automations/content-personalizer) or a CSV row brings it, each field checked with a message that
 * names it. Lists (roles, stages, industries, signal types) are separated by commas or semicolons;
 * a role is named by its key or its label, a signal type by its key or its label.
 */
import { z } from "zod";
import { buyingGroupRoleInfo, buyingGroupRoles, type BuyingGroupRole } from "@/lib/domain/buying-group";
import { defaultSignalTypes } from "@/lib/domain/signal-types";

export const assetFormats = ["case_study", "whitepaper", "one_pager", "video", "webinar", "roi_calculator", "guide", "blog_post", "demo_video"] as const;
export type AssetFormat = (typeof assetFormats)[number];
export const formatLabels: Record<AssetFormat, string> = {
  case_study: "Case study",
  whitepaper: "Whitepaper",
  one_pager: "One-pager",
  video: "Video",
  webinar: "Webinar recording",
  roi_calculator: "ROI calculator",
  guide: "Guide",
  blog_post: "Blog post",
  demo_video: "Demo video",
};

/** Where the person is in the buying journey: no deal yet, an early deal, a deal at Proposal or later. */
export const funnelStages = ["awareness", "consideration", "decision"] as const;
export type FunnelStage = (typeof funnelStages)[number];
export const funnelStageLabels: Record<FunnelStage, string> = { awareness: "Awareness", consideration: "Consideration", decision: "Decision" };

const MAX_LIST = 20;
const norm = (v: string) => v.trim().toLowerCase().replace(/[\s-]+/g, "_");

/** "a; b, c" → ["a", "b", "c"], blanks dropped, duplicates once. */
export const splitList = (text: string | null | undefined): string[] => [...new Set((text ?? "").split(/[;,\n]/).map((v) => v.trim()).filter((v) => v !== ""))];

function listField<T extends string>(label: string, read: (item: string) => T | null, what: string) {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .nullable()
    .transform((value, ctx): T[] => {
      const items = Array.isArray(value) ? value.map((v) => v.trim()).filter(Boolean) : splitList(value);
      if (items.length > MAX_LIST) ctx.addIssue({ code: "custom", message: `${label}: at most ${MAX_LIST}` });
      const out: T[] = [];
      for (const item of items) {
        const known = read(item);
        if (known === null) ctx.addIssue({ code: "custom", message: `${label}: “${item.slice(0, 60)}” is not ${what}` });
        else if (!out.includes(known)) out.push(known);
      }
      return out;
    });
}

const roleOf = (item: string): BuyingGroupRole | null =>
  buyingGroupRoles.find((r) => r === norm(item) || buyingGroupRoleInfo[r].label.toLowerCase() === item.trim().toLowerCase()) ?? null;
const stageOf = (item: string): FunnelStage | null => funnelStages.find((s) => s === norm(item)) ?? null;
const signalTypeOf = (item: string): string | null => defaultSignalTypes.find((t) => t.key === norm(item) || t.label.toLowerCase() === item.trim().toLowerCase())?.key ?? null;

export const assetInput = z.object({
  title: z.string({ error: "Title is required" }).trim().min(1, "Title is required").max(200, "Title has at most 200 characters"),
  format: z
    .string({ error: "Format is required" })
    .transform((v, ctx): AssetFormat => {
      const found = assetFormats.find((f) => f === norm(v) || formatLabels[f].toLowerCase() === v.trim().toLowerCase());
      if (!found) ctx.addIssue({ code: "custom", message: `Format must be one of ${assetFormats.map((f) => formatLabels[f]).join(", ")}; got “${v.slice(0, 40)}”` });
      return found ?? "guide";
    }),
  url: z
    .string({ error: "Link is required" })
    .trim()
    .max(500, "Link has at most 500 characters")
    .refine((v) => /^https?:\/\/[^\s/]+\.[^\s]*$/i.test(v), "Link must be a web address starting with http:// or https://"),
  roles: listField("Roles", roleOf, "a buying-group role"),
  stages: listField("Stages", stageOf, `a stage (${funnelStages.join(", ")})`),
  industries: listField("Industries", (v) => (v.length <= 80 ? v : null), "an industry of at most 80 characters"),
  signalTypes: listField("Signal types", signalTypeOf, "a signal type of the taxonomy"),
  competitor: z
    .string()
    .trim()
    .max(100, "Competitor has at most 100 characters")
    .optional()
    .nullable()
    .transform((v) => (v ? v : null)),
});

export type AssetInput = z.output<typeof assetInput>;

/** A text field that holds a NUL byte, or null: the form and the CSV refuse one, naming it. */
export function nulField(raw: Record<string, unknown>): string | null {
  return Object.entries(raw).find(([, v]) => typeof v === "string" && v.includes("\u0000"))?.[0] ?? null;
}

/** The CSV columns an asset import reads (header names, any case). */
export const assetCsvColumns = ["title", "format", "url", "roles", "stages", "industries", "signal types", "competitor"] as const;
const fieldOfColumn: Record<(typeof assetCsvColumns)[number], keyof AssetInput> = {
  title: "title",
  format: "format",
  url: "url",
  roles: "roles",
  stages: "stages",
  industries: "industries",
  "signal types": "signalTypes",
  competitor: "competitor",
};

export interface AssetRowError {
  row: number;
  field: string;
  message: string;
}

/** Reads an asset CSV (header first): every asset, or every error with its row and column. */
export function readAssetRows(rows: readonly { row: number; cells: string[] }[]): { ok: true; assets: AssetInput[] } | { ok: false; errors: AssetRowError[] } {
  const [header, ...body] = rows;
  if (!header) return { ok: false, errors: [{ row: 1, field: "header", message: "The file is empty: it needs a header row." }] };
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const missing = (["title", "format", "url"] as const).filter((c) => !names.includes(c));
  if (missing.length > 0) return { ok: false, errors: [{ row: 1, field: "header", message: `The header needs the columns ${missing.join(", ")} (found: ${names.join(", ") || "none"}).` }] };
  const errors: AssetRowError[] = [];
  const assets: AssetInput[] = [];
  for (const { row, cells } of body) {
    if (cells.every((c) => c.trim() === "")) continue;
    const raw: Record<string, unknown> = {};
    assetCsvColumns.forEach((column) => {
      const at = names.indexOf(column);
      if (at >= 0) raw[fieldOfColumn[column]] = cells[at] ?? "";
    });
    const nul = nulField(raw);
    if (nul) {
      errors.push({ row, field: assetCsvColumns.find((c) => fieldOfColumn[c] === nul) ?? nul, message: "holds a NUL character" });
      continue;
    }
    const parsed = assetInput.safeParse(raw);
    if (parsed.success) assets.push(parsed.data);
    else
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "row");
        errors.push({ row, field: assetCsvColumns.find((c) => fieldOfColumn[c] === field) ?? field, message: issue.message });
      }
  }
  if (errors.length > 0) return { ok: false, errors };
  if (assets.length === 0) return { ok: false, errors: [{ row: 2, field: "row", message: "The file has a header but no asset." }] };
  return { ok: true, assets };
}
