"use server";

import { z } from "zod";
import { getDb } from "@/db/index";
import { latestOwner, proposeDefinitionChange, signOffDefinitionVersion } from "@/db/queries/definitions";
import { invalid } from "@/lib/action-result";
import { canProposeChange, canSignFor, stageLabels } from "@/lib/definitions/rules";
import { proposalForm } from "@/lib/definitions/proposal-form";
import { funnelStages, teams } from "@/lib/domain/funnel-definitions";
import { done, guardedFormAction } from "@/app/_guard/guarded-action";

/** The definitions and each stage's history. */
const revalidate = [{ layout: "/definitions" }];

/**
 * Only the stage is read before the owner rule, so a refused caller learns nothing from the other
 * fields' messages; the whole proposal is validated after it.
 */
const proposalTarget = z.looseObject({ stage: z.enum(funnelStages, { error: "Unknown stage." }) });

export const proposeChangeAction = guardedFormAction(
  {
    permission: "definitions:propose",
    input: proposalTarget,
    context: "Proposing a definition change",
    allow: async (user, { stage }) => {
      const owner = await latestOwner(getDb(), stage);
      return !owner || canProposeChange(user.role, owner);
    },
    revalidate,
  },
  async (form, user) => {
    const parsed = proposalForm.safeParse(form);
    if (!parsed.success) return invalid(parsed.error);
    const { version } = await proposeDefinitionChange(getDb(), parsed.data, user.id, { actorRole: user.role });
    return done(undefined, `Version ${version} of ${stageLabels[parsed.data.stage]} proposed; it takes effect once marketing and sales have both signed it.`);
  },
);

const signOffForm = z.object({
  versionId: z.coerce.number().int().positive("Unknown version; reload the page."),
  team: z.enum(teams, { error: "Unknown team." }),
});

export const signOffAction = guardedFormAction(
  {
    permission: "definitions:signoff",
    input: signOffForm,
    context: "Signing off a definition",
    // A marketer signs only for marketing, a rep only for sales — even when the request is forged.
    allow: (user, { team }) => canSignFor(user.role, team),
    revalidate,
  },
  async (input, user) => {
    const result = await signOffDefinitionVersion(getDb(), input, user);
    const label = stageLabels[result.stage];
    return done(
      undefined,
      result.inForce
        ? `Signed for ${input.team}. Version ${result.version} of ${label} is now in force.`
        : `Signed for ${input.team}. Version ${result.version} of ${label} now awaits the other team's sign-off.`,
    );
  },
);
