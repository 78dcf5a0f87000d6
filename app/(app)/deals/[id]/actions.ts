"use server";

import { z } from "zod";
import { done, guardedAction } from "@/app/_guard/guarded-action";
import { getDb } from "@/db/index";
import { setCloseReasons, setDealProfile, setNextStep } from "@/db/queries/opportunity-changes";
import { getSetting } from "@/db/queries/settings";
import { markStallTacticDone } from "@/db/queries/stalls";
import { sendProof } from "@/db/queries/proof";
import { stallPatterns } from "@/lib/win-loss/stalls";
import { readNextStep } from "@/lib/domain/next-step";
import { dealProfileFields, readDealProfileText, type DealProfileField } from "@/lib/domain/deal-profile";

/** A free-text field of a deal, read the way its import reads it (trimmed, blank as none); a problem names the field. */
const freeText = (key: string, name: string, read: (text: string) => ReturnType<typeof readNextStep>) =>
  z.string({ message: `${key} must be text` }).transform((text, ctx) => {
    const result = read(text);
    if (result.ok) return result.value;
    ctx.addIssue({ code: "custom", message: `The ${name} ${result.problem}.` });
    return z.NEVER;
  });

const dealVersion = z.number().int().positive({ message: "version must be the deal's version as loaded" });

/** A deal's next step (blank: none); the query checks the owner and the version. */
export const saveNextStep = guardedAction(
  {
    permission: "deals:edit",
    context: "Setting a deal's next step",
    input: z.object({
      opportunityId: z.number().int().positive({ message: "opportunityId must be a deal's id" }),
      nextStep: freeText("nextStep", "next step", readNextStep),
      version: dealVersion,
    }),
    revalidate: [{ layout: "/deals" }, "/overview"],
  },
  async (input, user) => {
    const saved = await setNextStep(getDb(), { ...input, user });
    return done({ version: saved.version, nextStepUpdatedAt: saved.nextStepUpdatedAt?.toISOString() ?? null });
  },
);

const profileText = (field: DealProfileField) => freeText(field, dealProfileFields[field].replace(/^an? /, ""), (text) => readDealProfileText(field, text));

/** What a deal is about, its use case and main objection (blank: none); proof matching reads both. The query checks the owner and the version. */
export const saveDealProfile = guardedAction(
  {
    permission: "deals:edit",
    context: "Setting a deal's use case and objection",
    input: z.object({
      opportunityId: z.number().int().positive({ message: "opportunityId must be a deal's id" }),
      useCase: profileText("useCase"),
      objection: profileText("objection"),
      version: dealVersion,
    }),
    revalidate: [{ layout: "/deals" }, "/overview", { layout: "/win-loss" }],
  },
  async (input, user) => done(await setDealProfile(getDb(), { ...input, user })),
);

const label = (what: string) => z.string({ message: `${what} must be text` }).max(200, `${what} has at most 200 characters`).nullable();
const words = (what: string) => z.string({ message: `${what} must be text` }).max(10_000, `${what} is too long`);

/** Why a closed deal was won or lost, and its competitor; the query reads them against the taxonomies, checks the owner and the version. */
export const saveCloseReasons = guardedAction(
  {
    permission: "deals:edit",
    context: "Recording why a deal closed",
    input: z.object({
      opportunityId: z.number().int().positive({ message: "opportunityId must be a deal's id" }),
      reason: label("reason"),
      reasonNote: words("reasonNote"),
      competitor: label("competitor"),
      competitorNote: words("competitorNote"),
      version: z.number().int().positive({ message: "version must be the deal's version as loaded" }),
    }),
    revalidate: [{ layout: "/deals" }, "/overview", "/funnel", { layout: "/win-loss" }],
  },
  async ({ opportunityId, version, ...reasons }, user) => done(await setCloseReasons(getDb(), { opportunityId, version, user, reasons })),
);

/** Marks the tactic for a stall pattern the deal shows as done; the query checks the owner, that the deal still shows it, and a repeat. */
export const markStallTactic = guardedAction(
  {
    permission: "deals:edit",
    context: "Marking a stall tactic done",
    input: z.object({
      opportunityId: z.number().int().positive({ message: "opportunityId must be a deal's id" }),
      pattern: z.enum(stallPatterns, { message: `pattern must be one of ${stallPatterns.join(", ")}` }),
    }),
    revalidate: [{ layout: "/deals" }, "/overview"],
  },
  async ({ opportunityId, pattern }, user) => {
    const db = getDb();
    const { doneAt } = await markStallTacticDone(db, { opportunityId, pattern, user }, { now: new Date(), settings: await getSetting(db, "stalls") });
    return done({ doneAt: doneAt.toISOString() });
  },
);

/** Logs a matched story as sent to the deal; the query checks the owner, that the deal is open, and a repeat within a day. */
export const logProofSent = guardedAction(
  {
    permission: "deals:edit",
    context: "Logging a story sent to a deal",
    input: z.object({
      opportunityId: z.number().int().positive({ message: "opportunityId must be a deal's id" }),
      caseStudyId: z.number().int().positive({ message: "caseStudyId must be a story's id" }),
    }),
    revalidate: [{ layout: "/deals" }, "/overview", { layout: "/win-loss" }],
  },
  async (input, user) => {
    const { sentAt } = await sendProof(getDb(), { ...input, user }, new Date());
    return done({ sentAt: sentAt.toISOString() });
  },
);
