"use server";

import { z } from "zod";
import { done, guardedAction } from "@/app/_guard/guarded-action";
import { getDb } from "@/db/index";
import { setNextStep } from "@/db/queries/opportunity-changes";
import { readNextStep } from "@/lib/domain/next-step";

/** A deal's next step (blank: none); the query checks the owner and the version. */
export const saveNextStep = guardedAction(
  {
    permission: "deals:edit",
    context: "Setting a deal's next step",
    input: z.object({
      opportunityId: z.number().int().positive({ message: "opportunityId must be a deal's id" }),
      nextStep: z.string({ message: "nextStep must be text" }).transform((text, ctx) => {
        const read = readNextStep(text);
        if (read.ok) return read.value;
        ctx.addIssue({ code: "custom", message: `The next step ${read.problem}.` });
        return z.NEVER;
      }),
      version: z.number().int().positive({ message: "version must be the deal's version as loaded" }),
    }),
    revalidate: [{ layout: "/deals" }, "/overview"],
  },
  async (input, user) => {
    const saved = await setNextStep(getDb(), { ...input, user });
    return done({ version: saved.version, nextStepUpdatedAt: saved.nextStepUpdatedAt?.toISOString() ?? null });
  },
);
