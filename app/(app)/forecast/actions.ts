"use server";

import { z } from "zod";
import { done, guardedAction } from "@/app/_guard/guarded-action";
import { getDb } from "@/db/index";
import { setForecastCategory } from "@/db/queries/opportunity-changes";
import { forecastCategories } from "@/lib/domain/forecast-categories";

/** A deal's forecast category (empty: derived from its stage again); the query checks the owner and the version. */
export const saveForecastCategory = guardedAction(
  {
    permission: "deals:edit",
    context: "Setting a deal's forecast category",
    input: z.object({
      opportunityId: z.number().int().positive({ message: "opportunityId must be a deal's id" }),
      category: z.enum(forecastCategories, { message: "category must be pipeline, best_case, commit, closed or omitted" }).nullable(),
      version: z.number().int().positive({ message: "version must be the deal's version as loaded" }),
    }),
    revalidate: [{ layout: "/forecast" }, { layout: "/deals" }],
  },
  async (input, user) => done(await setForecastCategory(getDb(), { ...input, user })),
);
