"use server";

import { forbidden } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/index";
import { accountRow, setAccountTier } from "@/db/queries/accounts";
import { editBuyingGroup, mapOwners, MapConflictError, type MapEdit } from "@/db/queries/buying-groups";
import { getSetting } from "@/db/queries/settings";
import { ConflictError, NotFoundError } from "@/db/queries/users";
import type { ActionResult } from "@/lib/action-result";
import { requirePermission } from "@/lib/auth";
import { canMakeMapEdit } from "@/lib/auth/permissions";
import { abmTiers } from "@/lib/domain/abm-tiers";
import { buyingGroupRoleInfo, buyingGroupRoles, contactStatuses, engagementLevels } from "@/lib/domain/buying-group";
import { ForbiddenMapEditError, unexpected } from "@/lib/errors";

const id = (what: string) => z.number({ error: `${what} must be a number` }).int().positive(`${what} must be positive`);
const role = z.enum(buyingGroupRoles, { error: (issue) => `Unknown role "${String(issue.input)}": use one of ${buyingGroupRoles.map((r) => buyingGroupRoleInfo[r].label).join(", ")}.` });
const status = z.enum(contactStatuses, { error: (issue) => `Unknown status "${String(issue.input)}": use identified, engaged or active.` });
const engagement = z.enum(engagementLevels, { error: (issue) => `Unknown engagement level "${String(issue.input)}": use none, low, medium or high.` });

const edit = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("assign"), contactId: id("The contact"), role }),
    z.object({
      kind: z.literal("add"),
      name: z.string().trim().min(1, "Enter the contact's name.").max(200, "A name has at most 200 characters."),
      title: z.string().trim().max(200, "A title has at most 200 characters.").nullable(),
      role: role.nullable(),
    }),
    z.object({ kind: z.literal("status"), contactId: id("The contact"), value: status }),
    z.object({ kind: z.literal("engagement"), contactId: id("The contact"), value: engagement }),
    z.object({ kind: z.literal("gapAction"), contactId: id("The contact"), value: z.string().max(500, "A gap action has at most 500 characters.").nullable() }),
    z.object({ kind: z.literal("remove"), contactId: id("The contact") }),
  ],
  { error: "Unknown kind of edit." },
);

const mapEdit = z.object({
  accountId: id("The account"),
  opportunityId: id("The deal").optional(),
  expectedVersion: z.number().int().positive("The map's version is missing."),
  edit,
});

export type MapEditInput = z.input<typeof mapEdit>;

function expected(error: unknown, context: string): ActionResult<never> {
  if (error instanceof ConflictError || error instanceof NotFoundError) return { ok: false, error: error.message };
  return unexpected(error, context);
}

/**
 * Saves one edit of an account's or a deal's buying-group map. A rep may edit the maps of the
 * accounts they own, and the deal's own contacts on the deals they own (adding a contact changes
 * the account, so it needs the account); anyone else gets 403 and nothing is written.
 */
export async function editMapAction(input: MapEditInput): Promise<ActionResult<{ version: number }>> {
  const user = await requirePermission("accounts:view");
  const parsed = mapEdit.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]!.message };
  const { accountId, opportunityId, expectedVersion } = parsed.data;
  const target = opportunityId === undefined ? { accountId } : { accountId, opportunityId };
  const db = getDb();
  let owners;
  try {
    owners = await mapOwners(db, target);
  } catch (error) {
    return expected(error, "Reading a map's owners");
  }
  if (!canMakeMapEdit(user, owners, opportunityId !== undefined, parsed.data.edit.kind)) forbidden();
  try {
    const saved = await editBuyingGroup(db, { ...target, expectedVersion, edit: parsed.data.edit as MapEdit, actorId: user.id });
    revalidatePath(`/accounts/${accountId}`);
    return { ok: true, data: { version: saved.version } };
  } catch (error) {
    // The query checks again under its transaction (an owner may have changed since).
    if (error instanceof ForbiddenMapEditError) forbidden();
    if (error instanceof MapConflictError) return { ok: false, error: error.message };
    return expected(error, `Editing the map of account #${accountId}`);
  }
}

const tierInput = z.object({
  accountId: id("The account"),
  tier: z.enum([...abmTiers, "none"], { error: "Choose Tier 1, Tier 2, Tier 3 or no tier." }),
  reason: z.string().trim().max(500, "A reason has at most 500 characters.").nullable(),
});

/** Sets the tier in force; a tier that differs from the rules' suggestion needs a reason. */
export async function setTierAction(input: z.input<typeof tierInput>): Promise<ActionResult> {
  const user = await requirePermission("abm:manage");
  const parsed = tierInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]!.message };
  const db = getDb();
  try {
    const { tierRules } = await getSetting(db, "abm");
    const account = await accountRow(db, tierRules, parsed.data.accountId);
    await setAccountTier(db, {
      accountId: account.id,
      tier: parsed.data.tier === "none" ? null : parsed.data.tier,
      reason: parsed.data.reason,
      suggested: account.suggestedTier,
      actorId: user.id,
    });
    revalidatePath(`/accounts/${account.id}`);
    revalidatePath("/accounts");
    return { ok: true, data: undefined };
  } catch (error) {
    return expected(error, "Setting an account's tier");
  }
}
