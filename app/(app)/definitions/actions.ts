"use server";

import { revalidatePath } from "next/cache";
import { forbidden } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/index";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnchangedError,
  latestOwner,
  proposeDefinitionChange,
  signOffDefinitionVersion,
} from "@/db/queries/definitions";
import { requirePermission } from "@/lib/auth";
import { invalid, type ActionResult } from "@/lib/action-result";
import { canProposeChange, canSignFor, stageLabels, teams } from "@/lib/definitions/rules";
import { proposalForm } from "@/lib/definitions/proposal-form";
import { funnelStageOrder } from "@/lib/domain/funnel-definitions";
import { unexpected } from "@/lib/errors";

function done(stage: string, message: string): ActionResult {
  revalidatePath("/definitions");
  revalidatePath(`/definitions/${stage}`);
  return { ok: true, data: undefined, message };
}

/** An expected refusal becomes a message; a role refusal a real 403; anything else is logged. */
function fromFailure(error: unknown, context: string): ActionResult<never> {
  if (error instanceof ForbiddenError) forbidden();
  if (error instanceof ConflictError || error instanceof NotFoundError || error instanceof UnchangedError) {
    return { ok: false, error: error.message };
  }
  return unexpected(error, context);
}

export async function proposeChangeAction(_: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const user = await requirePermission("definitions:propose");
  // The owner rule comes before validation, so a refused caller learns nothing from field messages.
  const stage = z.enum(funnelStageOrder).safeParse(formData.get("stage"));
  if (stage.success) {
    const owner = await latestOwner(getDb(), stage.data);
    if (owner && !canProposeChange(user.role, owner)) forbidden();
  }
  const parsed = proposalForm.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error);
  let version: number;
  try {
    ({ version } = await proposeDefinitionChange(getDb(), parsed.data, user.id, { actorRole: user.role }));
  } catch (error) {
    return fromFailure(error, "Proposing a definition change");
  }
  return done(parsed.data.stage, `Version ${version} of ${stageLabels[parsed.data.stage]} proposed; it takes effect once marketing and sales have both signed it.`);
}

const signOffForm = z.object({
  versionId: z.coerce.number().int().positive("Unknown version; reload the page."),
  team: z.enum(teams, { error: "Unknown team." }),
});

export async function signOffAction(_: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const user = await requirePermission("definitions:signoff");
  const parsed = signOffForm.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error);
  // A marketer signs only for marketing, a rep only for sales — even when the request is forged.
  if (!canSignFor(user.role, parsed.data.team)) forbidden();
  let result: Awaited<ReturnType<typeof signOffDefinitionVersion>>;
  try {
    result = await signOffDefinitionVersion(getDb(), parsed.data, user);
  } catch (error) {
    return fromFailure(error, "Signing off a definition");
  }
  const label = stageLabels[result.stage];
  return done(
    result.stage,
    result.inForce
      ? `Signed for ${parsed.data.team}. Version ${result.version} of ${label} is now in force.`
      : `Signed for ${parsed.data.team}. Version ${result.version} of ${label} now awaits the other team's sign-off.`,
  );
}
